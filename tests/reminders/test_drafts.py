"""A waiting draft is reminded once after a day and expires after a week with one notice, never two."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.conversation import Conversation
from bot.envelope import Inbound, Reply
from bot.ports import DraftStatus, Identity
from bot.reminders.clock import SetClock
from handlers.slack.inbound import action_id
from storage.reminder_models import SENT, SKIPPED
from storage.store import SqlStore
from tests.reminders.conftest import mails, new_member, runner_for
from tests.reminders.slack_standin import SlackStandIn

MSGID = "<question-1@mail.example.org>"

# A Wednesday: 10:00 in New York, 15:00 in London.
ASKED = datetime(2027, 3, 3, 15, tzinfo=UTC)


async def _say(conversation: Conversation, text: str, at: datetime, **kw: object) -> Reply:
    inbound = Inbound(
        source="email", sender=Identity("email", "pat@example.org", True), text=text, received_at=at, **kw
    )  # type: ignore[arg-type]
    return await conversation.handle(inbound)


async def _draft(store: SqlStore, conversation: Conversation, at: datetime) -> int:
    reply = await _say(
        conversation, "1.5 cat 1 Flap Salvage Strategies grand rounds yesterday", at, message_id=MSGID
    )
    assert reply.draft_number is not None, reply.text
    return reply.draft_number


async def test_a_draft_is_reminded_once_then_expires_with_one_notice(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store, tz="America/New_York", cycle_end=2029)
    asked = ASKED
    number = await _draft(store, conversation, asked)
    clock = SetClock(asked)
    runner = runner_for(store, clock)
    for _ in range(4 * 8):  # two days, every 90 minutes
        clock.advance(timedelta(minutes=90))
        await runner.tick()
    [(queued, nudge)] = await mails(store)
    assert queued - asked >= timedelta(days=1)
    body = nudge.get_content()
    assert f"Draft {number}" in body and f"yes to draft {number}" in body and "stop reminders" in body
    assert nudge["In-Reply-To"] == MSGID  # a plain reply answers this draft
    assert nudge["Auto-Submitted"] == "auto-generated"

    clock.set(asked + timedelta(days=7, hours=2))  # a week on, at noon in New York
    await runner.tick()
    await runner.tick()
    sent = await mails(store)
    assert len(sent) == 2
    notice = sent[1][1].get_content()
    assert "waited a week" in notice and "nothing was recorded" in notice and "Flap Salvage" in notice
    draft = await store.draft(member.id, number)
    assert draft is not None and draft.status == DraftStatus.EXPIRED

    # The member writes again: the conversation has no second notice to give.
    reply = await _say(conversation, "how many patient safety credits do I need?", clock.now())
    assert "waited a week" not in reply.text


async def test_a_draft_answered_in_time_gets_no_reminder(store: SqlStore, conversation: Conversation) -> None:
    member = await new_member(store, tz="America/New_York", cycle_end=2029)
    asked = ASKED
    number = await _draft(store, conversation, asked)
    clock = SetClock(asked + timedelta(hours=1))
    runner = runner_for(store, clock)
    await runner.tick()  # planned while it waits
    await _say(conversation, "cancel", asked + timedelta(hours=2))
    clock.set(asked + timedelta(days=8))
    await runner.tick()
    assert await mails(store) == []
    rows = {r.kind: r.status for r in await runner.queue.rows(member.id) if r.period == f"draft:{number}"}
    assert rows == {"draft": SKIPPED, "draft_expiry": SKIPPED}


async def test_the_conversation_expiring_first_means_the_scheduler_stays_silent(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store, tz="America/New_York", cycle_end=2029)
    asked = ASKED
    number = await _draft(store, conversation, asked)
    clock = SetClock(asked + timedelta(hours=1))
    runner = runner_for(store, clock)
    await runner.tick()
    later = asked + timedelta(days=7, minutes=1)  # the member writes first
    reply = await _say(conversation, "how many patient safety credits do I need?", later)
    assert "waited a week" in reply.text
    clock.set(later + timedelta(minutes=5))
    await runner.tick()
    rows = {r.kind: r.status for r in await runner.queue.rows(member.id) if r.period == f"draft:{number}"}
    assert rows["draft_expiry"] == SKIPPED
    assert len(await mails(store)) == 0 or all(
        "waited a week" not in m.get_content() for _, m in await mails(store)
    )


async def test_a_slack_member_gets_the_draft_nudge_with_its_buttons(
    store: SqlStore, conversation: Conversation, standin: SlackStandIn
) -> None:
    member = await new_member(store, tz="Europe/London", slack_user="U0PAT", cycle_end=2029)
    asked = ASKED
    number = await _draft(store, conversation, asked)
    clock = SetClock(asked + timedelta(days=1, hours=2))  # 17:00 in London
    runner = runner_for(store, clock, standin)
    await runner.tick()
    [post] = standin.posts
    buttons = next(b for b in post["blocks"] if b["type"] == "actions")["elements"]
    assert [b["action_id"] for b in buttons] == [action_id("confirm"), action_id("cancel")]
    assert all(b["value"].startswith("T0CME:U0PAT|") for b in buttons)  # they act for this member only
    assert f"draft {number}" in post["text"].lower()
    assert [r.status for r in await runner.queue.rows(member.id) if r.kind == "draft"] == [SENT]
