"""standings() over the real store (SQLite and PostgreSQL): the database's sums give the same verdicts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain import Activity
from bot.ports import Member, NewEntry
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import HeldSet, Override, Profile
from bot.standings import standings
from storage.store import SqlStore
from tests.conftest import add_member
from tests.requirements.records import cme
from tests.requirements.test_evaluation import (
    ASPS_CYCLE,
    FLORIDA_RECORD,
    TEXAS,
    TEXAS_CURRENT,
    TEXAS_PREVIOUS,
    TWO,
    judge,
    only,
    rule,
)


async def recorded(store: SqlStore, record: list[Activity], profile: Profile) -> Member:
    member = await add_member(store)
    await store.record(member.id, [NewEntry(a) for a in record])
    await store.save_profile(member.id, profile)
    return member


async def test_texas_carry_forward_and_an_override_from_the_database(store: SqlStore) -> None:
    override = Override("texas.formal", "Board accepted my AOA 1-A credits", date(2026, 10, 1))
    profile = Profile(sets=(TEXAS,), overrides=(override,))
    member = await recorded(store, TEXAS_PREVIOUS + TEXAS_CURRENT, profile)
    texas = only(await standings(store, member, date(2026, 11, 30)), "texas")
    assert texas.carried_in == Decimal(17)
    assert rule(texas, "texas.total").earned == Decimal(49)
    formal = rule(texas, "texas.formal")
    assert formal.met and formal.overridden == override and formal.earned == Decimal(22)
    assert texas.met


async def test_dea_one_time_and_florida_conditional_and_every_third_biennium(store: SqlStore) -> None:
    profile = Profile(
        sets=(
            HeldSet("florida", renews_on=date(2028, 1, 31)),
            HeldSet("dea_mate", renews_on=date(2027, 5, 31)),
        ),
        dea_registered=True,
    )
    record = [*FLORIDA_RECORD, cme("Buprenorphine waiver training", date(2019, 10, 1), "8", "substance_use")]
    member = await recorded(store, record, profile)
    verdicts = await standings(store, member, date(2026, 11, 30))
    florida, dea = only(verdicts, "florida"), only(verdicts, "dea_mate")
    assert [v.set.code for v in verdicts] == ["florida", "dea_mate"]  # unmet first
    substances = rule(florida, "florida.controlled_substances")
    assert substances.applies and not substances.met
    assert rule(florida, "florida.domestic_violence").met
    assert rule(dea, "dea_mate.training").met and rule(dea, "dea_mate.training").earned == Decimal(8)


async def test_asps_tops_cap_and_a_deleted_entry_from_the_database(store: SqlStore) -> None:
    shifted = [
        a.with_changes(start_date=a.start_date.replace(year=a.start_date.year - 6)) for a in ASPS_CYCLE
    ]
    shifted = [a.with_changes(end_date=a.start_date) for a in shifted]
    member = await recorded(store, shifted, Profile())  # the member's cycle ends in 2022
    asps = only(await standings(store, member, date(2022, 6, 15)), "asps")
    assert asps.window == (date(2020, 1, 1), date(2022, 12, 31))
    safety = rule(asps, "asps.patient_safety")
    assert safety.earned == Decimal(23) and "at most 5.0 (7.0 recorded)" in " ".join(
        c.text for c in safety.why
    )
    aesthetic = next(r for r in await store.entries(member.id) if r.activity.title == "The Aesthetic Meeting")
    await store.delete(member.id, [aesthetic.number])
    asps = only(await standings(store, member, date(2022, 6, 15)), "asps")
    assert rule(asps, "asps.patient_safety").earned == Decimal(20)
    assert rule(asps, "asps.total").earned == Decimal(125)


async def test_every_set_from_the_database_matches_the_sums_worked_out_by_hand(store: SqlStore) -> None:
    profile = Profile(
        sets=tuple(HeldSet(code, renews_on=date(2027, 6, 30)) for code in requirement_sets()),
        dea_registered=True,
        prescribes_opioids=True,
    )
    record = [
        *TEXAS_PREVIOUS,
        *TEXAS_CURRENT,
        *FLORIDA_RECORD,
        cme("Ethics and professionalism", date(2026, 1, 5), "2", "ethics", "professional_responsibility"),
        cme("Patient safety and opioids", date(2026, 2, 5), "3", "risk_management", "opioids", safety="3"),
        cme("Child abuse recognition", date(2025, 9, 1), "2", "child_abuse", safety="2"),
        cme("TOPS data review", date(2026, 4, 4), "6", "tops", category=TWO, safety="6"),
        cme("Section 3 practice audit", date(2025, 4, 4), "9", "assessment", plastic="4"),
        cme("Infection control", date(2024, 1, 9), "2", "infection_control"),
    ]
    member = await recorded(store, record, profile)
    today = date(2026, 11, 30)
    from_store = await standings(store, member, today)
    by_hand = judge(profile, record, today, member)
    assert from_store == by_hand
    assert len(from_store) == len(requirement_sets())
