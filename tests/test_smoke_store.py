"""The store on both databases: numbering, scoping, sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain import Activity, ActivityType, Category
from bot.ports import NewEntry
from storage.store import SqlStore
from tests.conftest import add_member


def _activity(title: str = "Flap Salvage", credits: str = "1.5", day: date = date(2021, 4, 6)) -> Activity:
    return Activity(
        title=title,
        start_date=day,
        end_date=day,
        activity_type=ActivityType.LIVE,
        category=Category.ONE,
        credits=Decimal(credits),
        provider="Lakeshore University Hospital",
        patient_safety_credits=Decimal("0.5"),
    )


async def test_entries_are_numbered_per_member_and_summed_exactly(store: SqlStore) -> None:
    steve = await add_member(store)
    ana = await add_member(store, "ana@example.org", "Ana")
    await store.record(steve.id, [NewEntry(_activity()), NewEntry(_activity("Second", "0.1"))])
    [first_of_ana] = await store.record(ana.id, [NewEntry(_activity("Ana's"))])
    assert first_of_ana.number == 1
    totals = await store.totals(steve.id, date(2020, 1, 1), date(2022, 12, 31))
    assert totals.category1 == Decimal("1.60")
    assert totals.patient_safety == Decimal("1.00")
    assert totals.entries == 2
    assert await store.entry(ana.id, 2) is None
