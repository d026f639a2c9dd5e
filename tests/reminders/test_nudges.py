"""Pace nudges: once per threshold, in the member's zone, outside quiet hours; stopped by words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.conversation import Conversation
from bot.envelope import Inbound
from bot.ports import Identity
from bot.reminders.clock import SetClock
from bot.requirement_sets.model import HeldSet, Profile
from storage.reminder_models import SENT, STOPPED
from storage.store import SqlStore
from tests.reminders.conftest import earn, mails, new_member, runner_for

LA = ZoneInfo("America/Los_Angeles")


async def run_until(runner, clock: SetClock, end: datetime, step: timedelta = timedelta(hours=3)) -> None:  # type: ignore[no-untyped-def]
    while clock.now() < end:
        clock.advance(step)
        await runner.tick()


async def test_short_on_patient_safety_gets_the_6_month_nudge_once_in_their_zone(store: SqlStore) -> None:
    member = await new_member(store)  # Los Angeles; the cycle ends 31 Dec 2027
    await earn(store, member, date(2026, 3, 2), "60", patient_safety="8.5")
    await earn(store, member, date(2026, 5, 4), "50")
    await earn(store, member, date(2026, 9, 8), "40")
    clock = SetClock(datetime(2027, 6, 20, 18, tzinfo=UTC))  # 11:00 in Los Angeles
    runner = runner_for(store, clock)
    await runner.tick()  # plans; the 12-month nudge (due 31 Dec 2026) is the latest passed: it goes now
    first = await mails(store)
    assert len(first) == 1 and "11.5 patient safety credits to go" in first[0][1].get_content()

    await run_until(runner, clock, datetime(2027, 7, 3, tzinfo=UTC))
    sent = await mails(store)
    assert len(sent) == 2, [m["Subject"] for _, m in sent]
    queued_at, nudge = sent[1]
    local = queued_at.astimezone(LA)
    assert local.date() == date(2027, 6, 30)  # six months before 31 Dec, on the member's calendar
    assert 8 <= local.hour < 21  # outside quiet hours, their time
    body = nudge.get_content()
    assert "11.5 patient safety credits to go, 2 a month until 31 Dec 2027" in body
    assert "stop reminders" in body  # every reminder says how to stop it
    assert nudge["Auto-Submitted"] == "auto-generated"
    assert nudge["To"].addresses[0].addr_spec == "pat@example.org"
    assert "stop" in nudge["List-Unsubscribe"]

    await runner.plan(everyone=True)  # planning again plans nothing new
    await run_until(runner, clock, datetime(2027, 7, 20, tzinfo=UTC))
    assert len(await mails(store)) == 2
    rows = [r for r in await runner.queue.rows(member.id) if r.kind == "pace"]
    assert sorted(r.threshold for r in rows if r.status == SENT) == ["12m", "6m"]
    assert len({(r.period, r.threshold) for r in rows}) == len(rows)


async def test_a_member_who_caught_up_gets_nothing(store: SqlStore) -> None:
    member = await new_member(store)
    await earn(store, member, date(2026, 3, 2), "60", patient_safety="20")
    await earn(store, member, date(2026, 5, 4), "90")
    clock = SetClock(datetime(2027, 6, 29, 12, tzinfo=UTC))
    runner = runner_for(store, clock)
    await run_until(runner, clock, datetime(2027, 7, 2, tzinfo=UTC))
    assert await mails(store) == []


async def test_quiet_hours_and_a_later_morning_move_the_nudge_not_drop_it(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store, tz="Asia/Tokyo")
    await earn(store, member, date(2026, 3, 2), "10", patient_safety="2")
    await _say(conversation, "no reminders before 11am please")
    clock = SetClock(datetime(2027, 6, 29, 0, tzinfo=UTC))
    runner = runner_for(store, clock)
    await run_until(runner, clock, datetime(2027, 7, 2, tzinfo=UTC), step=timedelta(minutes=30))
    sent = await mails(store)
    assert len(sent) == 2  # the 12-month one (latest passed) and the 6-month one
    for queued_at, _ in sent:
        local = queued_at.astimezone(ZoneInfo("Asia/Tokyo"))
        assert 11 <= local.hour < 21, local


async def _say(conversation: Conversation, text: str, addr: str = "pat@example.org") -> str:
    reply = await conversation.handle(Inbound(source="chat", sender=Identity("email", addr, True), text=text))
    return reply.text


async def test_stop_reminders_stops_them_and_start_brings_them_back(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store)
    await earn(store, member, date(2026, 3, 2), "10", patient_safety="2")
    answer = await _say(conversation, "Please stop sending me these reminders")
    assert "off" in answer
    clock = SetClock(datetime(2027, 6, 20, 12, tzinfo=UTC))
    runner = runner_for(store, clock)
    await run_until(runner, clock, datetime(2027, 7, 3, tzinfo=UTC))
    assert await mails(store) == []

    assert "on again" in await _say(conversation, "resume reminders")
    await run_until(runner, clock, datetime(2027, 10, 3, tzinfo=UTC))
    # Back on: where they stand now (the 6-month stage), then the 3-month nudge when it comes.
    sent = [r.threshold for r in await runner.queue.rows(member.id) if r.kind == "pace" and r.status == SENT]
    assert sorted(sent) == ["3m", "6m"]
    assert len(await mails(store)) == 2


async def test_stopping_stops_what_was_already_planned(store: SqlStore, conversation: Conversation) -> None:
    member = await new_member(store)
    clock = SetClock(datetime(2027, 6, 1, 18, tzinfo=UTC))
    runner = runner_for(store, clock)
    await runner.tick()  # the 12-month nudge goes; the 6-month one is planned
    assert len(await mails(store)) == 1
    for words in ("stop reminders", "no more nudges please", "unsubscribe"):
        assert "off" in await _say(conversation, words)
    await run_until(runner, clock, datetime(2027, 7, 3, tzinfo=UTC))
    assert len(await mails(store)) == 1
    rows = {r.threshold: r.status for r in await runner.queue.rows(member.id) if r.kind == "pace"}
    assert rows["6m"] == STOPPED


async def test_dea_mate_is_reminded_before_the_renewal_date_the_member_gave(store: SqlStore) -> None:
    member = await new_member(store, tz="America/Chicago", cycle_end=2029)
    await earn(store, member, date(2027, 1, 5), "60", patient_safety="20")
    await earn(store, member, date(2027, 2, 5), "90", patient_safety="0")
    renewal = date(2027, 9, 30)
    profile = Profile(sets=(HeldSet("asps"), HeldSet("dea_mate", renews_on=renewal)), dea_registered=True)
    await store.save_profile(member.id, profile)
    clock = SetClock(datetime(2027, 6, 1, 17, tzinfo=UTC))  # noon in Chicago
    runner = runner_for(store, clock)
    await run_until(runner, clock, datetime(2027, 7, 2, tzinfo=UTC), step=timedelta(hours=6))
    sent = await mails(store)
    dea = [m for _, m in sent if "DEA" in m["Subject"]]
    assert len(dea) == 1, [m["Subject"] for _, m in sent]
    body = dea[0].get_content()
    assert "before 30 Sep 2027" in body and "stop reminders" in body
    queued = next(q for q, m in sent if "DEA" in m["Subject"]).astimezone(ZoneInfo("America/Chicago"))
    assert queued.date() == date(2027, 6, 30)  # three months before the renewal date
    assert not any("ASPS" in m["Subject"] for _, m in sent)  # ASPS is met two years early: no nudge
