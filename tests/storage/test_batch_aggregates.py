"""Many members' per-window sums in a few statements: the same answer as one member's `aggregates`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.domain import Category
from bot.requirement_sets.model import Aggregate, Measure, Window, any_of
from storage.aggregates import BATCH_SIZES
from storage.store import SqlStore
from tests.conftest import add_member
from tests.storage.test_aggregates import entry

CREDITS = Aggregate(Measure.CREDITS)
CAT1 = Aggregate(Measure.CATEGORY1)
CAT2 = Aggregate(Measure.CATEGORY2)
SAFETY = Aggregate(Measure.PATIENT_SAFETY)
PLASTIC = Aggregate(Measure.PLASTIC_SURGERY)
ETHICS = Aggregate(Measure.CREDITS, "ethics")
OPIOIDS = Aggregate(Measure.CREDITS, "opioids")
EITHER = Aggregate(Measure.CREDITS, any_of(["ethics", "professional_responsibility"]))

CYCLE = Window(date(2020, 1, 1), date(2022, 12, 31))
YEAR = Window(date(2021, 1, 1), date(2021, 12, 31))
SPRING = Window(date(2021, 3, 1), date(2021, 6, 30))
LATE = Window(date(2021, 7, 1), date(2023, 6, 30))


async def test_batch_sums_equal_each_members_own_sums(store: SqlStore) -> None:
    steve = await add_member(store)
    ana = await add_member(store, "ana@example.org", "Ana")
    raj = await add_member(store, "raj@example.org", "Raj")
    mei = await add_member(store, "mei@example.org", "Mei")
    [_, dropped, *_] = await store.record(
        steve.id,
        [
            entry("1.5", date(2021, 2, 1), topics=frozenset({"ethics"}), safety="0.5"),
            entry("4", date(2021, 4, 2), topics=frozenset({"ethics"}), title="Dropped"),
            entry("2.25", date(2020, 6, 1), category=Category.TWO),
            entry("3", date(2022, 12, 31), plastic="1.5", topics=frozenset({"opioids"})),
        ],
    )
    assert await store.delete(steve.id, [dropped.number])
    await store.record(
        ana.id,
        [
            entry("9", date(2021, 4, 1), topics=frozenset({"ethics", "professional_responsibility"})),
            entry("0.75", date(2021, 5, 1), topics=frozenset({"professional_responsibility"})),
            entry("6", date(2019, 12, 31), topics=frozenset({"opioids"})),
        ],
    )
    await store.record(
        raj.id,
        [
            entry("2", date(2021, 8, 1), topics=frozenset({"opioids"}), safety="1"),
            entry("5", date(2023, 1, 15), category=Category.TWO),
        ],
    )
    await store.record(mei.id, [entry("8", date(2021, 3, 3), topics=frozenset({"ethics"}))])
    wanted = {
        # steve and ana ask the same sums over different dates: one shape, one statement
        steve.id: {CYCLE: frozenset({CREDITS, CAT1, CAT2, SAFETY}), YEAR: frozenset({ETHICS, PLASTIC})},
        ana.id: {
            Window(date(2019, 1, 1), date(2021, 12, 31)): frozenset({CREDITS, CAT1, CAT2, SAFETY}),
            SPRING: frozenset({ETHICS, PLASTIC}),
        },
        raj.id: {
            LATE: frozenset({CREDITS, CAT2, OPIOIDS, SAFETY}),
            YEAR: frozenset({EITHER}),
            CYCLE: frozenset(),
        },
        mei.id: {SPRING: frozenset({EITHER, ETHICS})},
    }
    batch = await store.aggregates_for_members(wanted)
    assert batch == {m: await store.aggregates(m, asked) for m, asked in wanted.items()}
    # and the figures themselves, so a batch and a single read that both went wrong would not pass
    assert batch[steve.id][CYCLE] == {
        CREDITS: Decimal("6.75"),
        CAT1: Decimal("4.50"),
        CAT2: Decimal("2.25"),
        SAFETY: Decimal("0.50"),
    }
    assert batch[steve.id][YEAR] == {ETHICS: Decimal("1.50"), PLASTIC: Decimal("0.00")}
    assert batch[ana.id][Window(date(2019, 1, 1), date(2021, 12, 31))][CREDITS] == Decimal("15.75")
    assert batch[ana.id][SPRING] == {ETHICS: Decimal("9.00"), PLASTIC: Decimal("0.00")}
    assert batch[raj.id] == {
        LATE: {
            CREDITS: Decimal("7.00"),
            CAT2: Decimal("5.00"),
            OPIOIDS: Decimal("2.00"),
            SAFETY: Decimal("1.00"),
        },
        YEAR: {EITHER: Decimal("0.00")},
        CYCLE: {},
    }
    assert batch[mei.id] == {SPRING: {EITHER: Decimal("8.00"), ETHICS: Decimal("8.00")}}


async def test_no_members_and_members_with_nothing_to_sum(store: SqlStore) -> None:
    assert await store.aggregates_for_members({}) == {}
    steve = await add_member(store)
    ana = await add_member(store, "ana@example.org", "Ana")
    raj = await add_member(store, "raj@example.org", "Raj")
    await store.record(ana.id, [entry("2", date(2021, 2, 1))])
    batch = await store.aggregates_for_members(
        {
            steve.id: {YEAR: frozenset({CREDITS, ETHICS}), SPRING: frozenset({SAFETY})},  # no entries
            ana.id: {},
            raj.id: {YEAR: frozenset()},
        }
    )
    assert batch == {
        steve.id: {
            YEAR: {CREDITS: Decimal("0.00"), ETHICS: Decimal("0.00")},
            SPRING: {SAFETY: Decimal("0.00")},
        },
        ana.id: {},
        raj.id: {YEAR: {}},
    }


async def test_a_shape_shared_by_more_members_than_one_statement_takes(store: SqlStore) -> None:
    """Cut into pieces, the last padded: every member still gets their own credits, in their own
    window, and nobody else's."""
    count = BATCH_SIZES[0] + 3
    members = []
    for n in range(count):
        member = await add_member(store, f"m{n}@example.org", f"Member {n}")
        day = date(2021, 1, 1) + timedelta(days=n)
        await store.record(member.id, [entry(f"{n}.01", day), entry("100", day + timedelta(days=400))])
        members.append((member.id, n, Window(day, day + timedelta(days=30))))
    batch = await store.aggregates_for_members(
        {m: {window: frozenset({CREDITS})} for m, _, window in members}
    )
    assert len(batch) == count
    for member_id, n, window in members:
        assert batch[member_id] == {window: {CREDITS: Decimal(f"{n}.01")}}


async def test_an_unknown_topic_in_a_batch_is_an_error_not_zero(store: SqlStore) -> None:
    steve = await add_member(store)
    with pytest.raises(KeyError):
        await store.aggregates_for_members(
            {steve.id: {YEAR: frozenset({Aggregate(Measure.CREDITS, "astrology")})}}
        )
