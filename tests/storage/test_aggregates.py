"""Entry topics stored with entries, and the per-window sums requirement sets ask for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from bot.domain import Activity, ActivityType, Category
from bot.ports import NewEntry
from bot.requirement_sets.model import Aggregate, Measure, Window, any_of
from storage.aggregates import _order, _params, _statement
from storage.store import SqlStore
from tests.conftest import add_member


def entry(
    credits: str,
    day: date,
    *,
    topics: frozenset[str] = frozenset(),
    category: Category = Category.ONE,
    safety: str = "0",
    plastic: str = "0",
    title: str = "Grand rounds",
) -> NewEntry:
    return NewEntry(
        Activity(
            title=title,
            start_date=day,
            end_date=day,
            activity_type=ActivityType.LIVE,
            category=category,
            credits=Decimal(credits),
            provider="Lakeshore University Hospital" if category is Category.ONE else None,
            patient_safety_credits=Decimal(safety),
            plastic_surgery_credits=Decimal(plastic),
            topics=topics,
        )
    )


async def test_topics_round_trip_through_record_update_and_entries(store: SqlStore) -> None:
    steve = await add_member(store)
    [first, plain] = await store.record(
        steve.id,
        [
            entry("2", date(2021, 3, 1), topics=frozenset({"ethics", "opioids"})),
            entry("1", date(2021, 3, 2), title="Flap salvage"),
        ],
    )
    assert first.activity.topics == {"ethics", "opioids"}
    assert plain.activity.topics == frozenset()
    stored = await store.entry(steve.id, first.number)
    assert stored is not None and stored.activity.topics == {"ethics", "opioids"}

    changed = stored.activity.with_changes(topics=frozenset({"child_abuse", "tops"}))
    updated = await store.update(steve.id, first.number, changed)
    assert updated is not None and updated.activity.topics == {"child_abuse", "tops"}
    listed = {r.number: r.activity.topics for r in await store.entries(steve.id)}
    assert listed == {first.number: {"child_abuse", "tops"}, plain.number: frozenset()}
    recent = await store.recent_entries(steve.id, 5)
    assert {r.number: r.activity.topics for r in recent} == listed


async def test_an_unknown_topic_is_refused_not_stored_as_none(store: SqlStore) -> None:
    steve = await add_member(store)
    with pytest.raises(KeyError):
        await store.record(steve.id, [entry("1", date(2021, 3, 1), topics=frozenset({"astrology"}))])
    assert await store.entries(steve.id) == []


PERIOD = Window(date(2020, 1, 1), date(2022, 12, 31))
YEAR = Window(date(2021, 1, 1), date(2021, 12, 31))
EVER = Window(date(2000, 1, 1), date(2030, 12, 31))


async def test_sums_per_topic_measure_and_window_are_exact(store: SqlStore) -> None:
    steve = await add_member(store)
    await store.record(
        steve.id,
        [
            entry("0.1", date(2021, 2, 1), topics=frozenset({"ethics"}), safety="0.1"),
            entry("0.2", date(2021, 5, 1), topics=frozenset({"ethics", "opioids"}), safety="0.2"),
            entry("1.25", date(2020, 6, 1), topics=frozenset({"opioids"}), category=Category.TWO),
            entry("3", date(2022, 12, 31), plastic="1.5"),
            entry("7", date(2019, 12, 31), topics=frozenset({"ethics"})),  # before the period
        ],
    )
    wanted = {
        PERIOD: frozenset(
            {
                Aggregate(Measure.CREDITS),
                Aggregate(Measure.CATEGORY1),
                Aggregate(Measure.CATEGORY2),
                Aggregate(Measure.PATIENT_SAFETY),
                Aggregate(Measure.PLASTIC_SURGERY),
                Aggregate(Measure.CREDITS, "ethics"),
                Aggregate(Measure.CREDITS, "opioids"),
                Aggregate(Measure.CATEGORY1, "opioids"),
                Aggregate(Measure.CREDITS, "child_abuse"),
            }
        ),
        YEAR: frozenset({Aggregate(Measure.CREDITS), Aggregate(Measure.CREDITS, "ethics")}),
        EVER: frozenset({Aggregate(Measure.CREDITS, "ethics")}),
    }
    sums = await store.aggregates(steve.id, wanted)
    assert sums == {
        PERIOD: {
            Aggregate(Measure.CREDITS): Decimal("4.55"),
            Aggregate(Measure.CATEGORY1): Decimal("3.30"),
            Aggregate(Measure.CATEGORY2): Decimal("1.25"),
            Aggregate(Measure.PATIENT_SAFETY): Decimal("0.30"),
            Aggregate(Measure.PLASTIC_SURGERY): Decimal("1.50"),
            Aggregate(Measure.CREDITS, "ethics"): Decimal("0.30"),
            Aggregate(Measure.CREDITS, "opioids"): Decimal("1.45"),
            Aggregate(Measure.CATEGORY1, "opioids"): Decimal("0.20"),
            Aggregate(Measure.CREDITS, "child_abuse"): Decimal("0.00"),
        },
        YEAR: {
            Aggregate(Measure.CREDITS): Decimal("0.30"),
            Aggregate(Measure.CREDITS, "ethics"): Decimal("0.30"),
        },
        EVER: {Aggregate(Measure.CREDITS, "ethics"): Decimal("7.30")},
    }
    assert str(sums[PERIOD][Aggregate(Measure.CREDITS, "ethics")]) == "0.30"
    # the same shape again (a cached statement) with other windows' bounds
    again = await store.aggregates(
        steve.id,
        {
            Window(date(2021, 1, 1), date(2021, 3, 1)): wanted[YEAR],
            Window(date(2019, 1, 1), date(2019, 12, 31)): wanted[PERIOD],
            Window(date(2021, 4, 1), date(2021, 6, 1)): wanted[EVER],
        },
    )
    assert again[Window(date(2021, 1, 1), date(2021, 3, 1))][Aggregate(Measure.CREDITS)] == Decimal("0.10")
    assert again[Window(date(2019, 1, 1), date(2019, 12, 31))][
        Aggregate(Measure.CREDITS, "ethics")
    ] == Decimal("7.00")
    assert again[Window(date(2021, 4, 1), date(2021, 6, 1))][Aggregate(Measure.CREDITS, "ethics")] == Decimal(
        "0.20"
    )


async def test_one_window_alone_and_nothing_asked(store: SqlStore) -> None:
    steve = await add_member(store)
    await store.record(steve.id, [entry("2.5", date(2021, 2, 1), topics=frozenset({"tops"}))])
    tops = Aggregate(Measure.PATIENT_SAFETY, "tops")
    assert await store.aggregates(
        steve.id, {YEAR: frozenset({Aggregate(Measure.CREDITS, "tops"), tops})}
    ) == {YEAR: {Aggregate(Measure.CREDITS, "tops"): Decimal("2.50"), tops: Decimal("0.00")}}
    assert await store.aggregates(steve.id, {}) == {}
    assert await store.aggregates(steve.id, {YEAR: frozenset()}) == {YEAR: {}}


async def test_deleted_entries_and_other_members_entries_are_never_counted(store: SqlStore) -> None:
    steve = await add_member(store)
    ana = await add_member(store, "ana@example.org", "Ana")
    [kept, dropped] = await store.record(
        steve.id,
        [
            entry("1", date(2021, 2, 1), topics=frozenset({"ethics"})),
            entry("4", date(2021, 2, 2), topics=frozenset({"ethics"}), title="Dropped"),
        ],
    )
    await store.record(ana.id, [entry("9", date(2021, 2, 1), topics=frozenset({"ethics"}))])
    assert await store.delete(steve.id, [dropped.number])
    wanted = {YEAR: frozenset({Aggregate(Measure.CREDITS), Aggregate(Measure.CREDITS, "ethics")})}
    sums = await store.aggregates(steve.id, wanted)
    assert sums[YEAR] == {
        Aggregate(Measure.CREDITS): Decimal("1.00"),
        Aggregate(Measure.CREDITS, "ethics"): Decimal("1.00"),
    }
    assert (await store.aggregates(ana.id, wanted))[YEAR][Aggregate(Measure.CREDITS, "ethics")] == Decimal(
        "9.00"
    )
    await store.restore(steve.id, dropped.number)
    assert (await store.aggregates(steve.id, wanted))[YEAR][Aggregate(Measure.CREDITS)] == Decimal("5.00")
    assert kept.number == 1


async def test_an_unknown_topic_asked_for_is_an_error_not_zero(store: SqlStore) -> None:
    steve = await add_member(store)
    with pytest.raises(KeyError):
        await store.aggregates(steve.id, {YEAR: frozenset({Aggregate(Measure.CREDITS, "astrology")})})


async def test_a_sum_over_several_topics_counts_an_entry_carrying_both_once(store: SqlStore) -> None:
    steve = await add_member(store)
    await store.record(
        steve.id,
        [
            entry("1", date(2021, 2, 1), topics=frozenset({"ethics", "professional_responsibility"})),
            entry("0.5", date(2021, 2, 2), topics=frozenset({"professional_responsibility"})),
            entry("4", date(2021, 2, 3), topics=frozenset({"opioids"})),
        ],
    )
    either = Aggregate(Measure.CREDITS, any_of(["professional_responsibility", "ethics"]))
    sums = await store.aggregates(steve.id, {YEAR: frozenset({either})})
    assert sums[YEAR][either] == Decimal("1.50")


async def test_round_hundreds_of_credits_sum_on_both_databases(store: SqlStore) -> None:
    """PostgreSQL's driver spells a sum of 20000 hundredths `2E+4`: still 200.00 credits."""
    steve = await add_member(store)
    await store.record(
        steve.id,
        [
            entry("100", date(2021, 2, 1), topics=frozenset({"ethics"})),
            entry("100", date(2021, 2, 2), safety="100"),
        ],
    )
    sums = await store.aggregates(
        steve.id, {YEAR: frozenset({Aggregate(Measure.CREDITS), Aggregate(Measure.CREDITS, "ethics")})}
    )
    assert sums[YEAR] == {
        Aggregate(Measure.CREDITS): Decimal("200.00"),
        Aggregate(Measure.CREDITS, "ethics"): Decimal("100.00"),
    }
    totals = await store.totals(steve.id, YEAR.start, YEAR.end)
    assert (totals.category1, totals.patient_safety) == (Decimal("200.00"), Decimal("100.00"))


async def test_the_sums_are_read_through_the_member_and_start_date_index(store: SqlStore) -> None:
    wanted = {PERIOD: [Aggregate(Measure.CREDITS, "ethics")], YEAR: [Aggregate(Measure.CATEGORY1)]}
    shape = tuple(tuple(sorted(wanted[w], key=_order)) for w in sorted(wanted))
    statement = _statement(shape).params(_params(1, sorted(wanted)))
    dialect = store.database.engine.dialect
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    def plan(s) -> str:  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return " ".join(str(r[-1]) for r in s.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        s.execute(text("SET LOCAL enable_seqscan = off"))  # a few rows: show the index is usable
        return " ".join(str(r[0]) for r in s.execute(text(f"EXPLAIN {sql}")))

    assert "ix_activity_member_start" in await store.database.read(plan)
