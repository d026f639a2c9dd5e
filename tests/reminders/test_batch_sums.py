"""A batch's reminders read their sums together: several reminders of one member in the same batch,
beside other members', each still say that member's own figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.reminders.clock import SetClock
from bot.requirement_sets.model import HeldSet, Profile
from storage.store import SqlStore
from tests.reminders.conftest import earn, mails, new_member, runner_for


async def test_two_reminders_of_one_member_in_a_batch_each_get_that_members_sums(store: SqlStore) -> None:
    renewal = date(2027, 9, 30)
    profile = Profile(sets=(HeldSet("asps"), HeldSet("dea_mate", renews_on=renewal)), dea_registered=True)
    # patient safety earned, and what ASPS's 20 leave to go
    safety = {
        "pat@example.org": ("8.5", "11.5"),
        "lee@example.org": ("5", "15"),
        "kim@example.org": ("12.25", "7.75"),
    }
    for address, (earned, _) in safety.items():
        member = await new_member(store, address)
        await earn(store, member, date(2026, 3, 2), "60", patient_safety=earned)
        await earn(store, member, date(2026, 5, 4), "90")
        await store.save_profile(member.id, profile)
    # noon in Los Angeles: ASPS's 6-month nudge (30 Jun) and DEA MATE's 3-month one (30 Jun) are both due
    clock = SetClock(datetime(2027, 7, 2, 19, tzinfo=UTC))
    runner = runner_for(store, clock)
    await runner.tick()
    sent: dict[str, list[str]] = {}
    for _, mail in await mails(store):
        sent.setdefault(mail["To"].addresses[0].addr_spec, []).append(mail.get_content())
    assert {a: len(bodies) for a, bodies in sent.items()} == {a: 2 for a in safety}, sent
    for address, bodies in sent.items():
        to_go = safety[address][1]
        asps = [b for b in bodies if "patient safety credits to go" in b]
        assert len(asps) == 1 and f"{to_go} patient safety credits to go" in asps[0], (address, asps)
        assert any("30 Sep 2027" in b for b in bodies), (address, bodies)
