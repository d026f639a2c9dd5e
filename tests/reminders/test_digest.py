"""The monthly digest: opt-in, on the 1st in the member's zone, with the month, the standing and
the certificates missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.conversation import Conversation
from bot.envelope import Inbound
from bot.ports import Identity
from bot.reminders.clock import SetClock
from storage.store import SqlStore
from tests.reminders.conftest import earn, mails, new_member, runner_for


async def test_the_digest_is_opt_in_and_says_what_the_month_held(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store, tz="Europe/Berlin", cycle_end=2029)
    await earn(store, member, date(2027, 3, 4), "2", patient_safety="1")
    await earn(store, member, date(2027, 3, 18), "1.5")
    clock = SetClock(datetime(2027, 3, 20, 10, tzinfo=UTC))
    runner = runner_for(store, clock)
    await runner.tick()
    clock.set(datetime(2027, 4, 2, 10, tzinfo=UTC))
    await runner.tick()
    assert await mails(store) == []  # not asked for: no digest

    sender = Identity("email", "pat@example.org", True)
    reply = await conversation.handle(
        Inbound(source="chat", sender=sender, text="send me a monthly digest please")
    )
    assert "digest" in reply.text
    clock.set(datetime(2027, 4, 20, 10, tzinfo=UTC))
    await earn(store, member, date(2027, 4, 8), "3")
    await runner.tick()
    while clock.now() < datetime(2027, 5, 3, tzinfo=UTC):
        clock.advance(timedelta(hours=2))
        await runner.tick()
    [(queued, digest)] = await mails(store)
    assert queued.astimezone(ZoneInfo("Europe/Berlin")).date() == date(2027, 5, 1)
    body = digest.get_content()
    assert "April 2027" in digest["Subject"] and "Course on 2027-04-08" in body
    assert "Course on 2027-03-04" not in body  # March is not April
    assert "Certificates missing for 3 entries" in body
    assert "no monthly digest" in body
