"""A member's requirement-set profile: what is saved is what is read, for that member alone."""

from __future__ import annotations

from datetime import date

import pytest

from bot.requirement_sets.model import HeldSet, Override, Profile
from storage.store import SqlStore
from tests.conftest import add_member

TEXAS_AND_DEA = Profile(
    sets=(
        HeldSet("texas", renews_on=date(2023, 8, 31), first_renewal=True),
        HeldSet("asps"),
        HeldSet("dea_mate", renews_on=date(2024, 2, 29)),
    ),
    dea_registered=True,
    dea_exempt=False,
    direct_patient_care=False,
    prescribes_opioids=True,
    overrides=(
        Override("texas.ethics", "the board accepted my ethics course from Baylor", date(2022, 5, 1)),
        Override("asps.patient_safety", "audited and accepted", date(2022, 6, 1)),
    ),
)


async def test_a_member_who_said_nothing_holds_asps(store: SqlStore) -> None:
    steve = await add_member(store)
    profile = await store.profile(steve.id)
    assert profile == Profile()
    assert profile.holds("asps") is not None and profile.direct_patient_care


async def test_a_saved_profile_reads_back_the_same_in_the_members_order(store: SqlStore) -> None:
    steve = await add_member(store)
    await store.save_profile(steve.id, TEXAS_AND_DEA)
    assert await store.profile(steve.id) == TEXAS_AND_DEA


async def test_saving_again_replaces_sets_and_overrides_of_that_member_only(store: SqlStore) -> None:
    steve = await add_member(store)
    ana = await add_member(store, "ana@example.org", "Ana")
    await store.save_profile(steve.id, TEXAS_AND_DEA)
    await store.save_profile(ana.id, TEXAS_AND_DEA)
    florida = Profile(
        sets=(HeldSet("florida", renews_on=date(2024, 1, 31)), HeldSet("texas", renews_on=date(2025, 8, 31))),
        overrides=(Override("florida.medical_errors", "counted by the board", date(2023, 3, 3)),),
    )
    await store.save_profile(steve.id, florida)
    assert await store.profile(steve.id) == florida
    assert await store.profile(ana.id) == TEXAS_AND_DEA


async def test_a_set_or_rule_named_twice_is_kept_once_with_the_last_word(store: SqlStore) -> None:
    steve = await add_member(store)
    twice = Profile(
        sets=(HeldSet("texas", renews_on=date(2023, 8, 31)), HeldSet("texas", renews_on=date(2025, 8, 31))),
        overrides=(
            Override("texas.ethics", "first", date(2022, 1, 1)),
            Override("texas.ethics", "second", date(2022, 2, 1)),
        ),
    )
    await store.save_profile(steve.id, twice)
    saved = await store.profile(steve.id)
    assert saved.sets == (HeldSet("texas", renews_on=date(2025, 8, 31)),)
    assert saved.overrides == (Override("texas.ethics", "second", date(2022, 2, 1)),)


async def test_a_profile_for_no_member_is_refused(store: SqlStore) -> None:
    with pytest.raises(LookupError):
        await store.save_profile(987654, TEXAS_AND_DEA)


async def test_saving_no_sets_goes_back_to_the_default(store: SqlStore) -> None:
    steve = await add_member(store)
    await store.save_profile(steve.id, TEXAS_AND_DEA)
    await store.save_profile(steve.id, Profile(sets=(), dea_registered=True))
    assert await store.profile(steve.id) == Profile(dea_registered=True)
