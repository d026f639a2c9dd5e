"""Issue 10: drafts are first-class, answered only by what answers them, and acted on once.

Every example the issue names, through the real conversation on SQLite and
PostgreSQL (the `conversation` fixture runs on both).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.conversation import Conversation
from bot.envelope import Inbound, Reply, ReplyKind
from bot.ports import Identity, Member
from bot.understanding import Intent, Understanding
from storage.store import SqlStore
from tests.conftest import NOW, say

STEVE = Identity("email", "steve@example.org", verified=True)


async def titles(store: SqlStore, member: Member) -> list[str]:
    return sorted(e.activity.title for e in await store.entries(member.id))


async def test_a_waiting_draft_does_not_swallow_the_next_activity_or_a_question(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    first = await say(conversation, '1 cat 1 "Talk A" yesterday')
    assert first.kind is ReplyKind.DRAFT and "provider" in first.text
    second = await say(conversation, '2 cat 1 "Talk B" Mercy Hospital yesterday')
    assert second.kind is ReplyKind.RECORDED, second.text
    assert second.entries[0].activity.provider == "Mercy Hospital"
    assert "Talk A" in second.text and "Still waiting" in second.text  # the draft is mentioned, not lost
    question = await say(conversation, "what counts as category 2?")
    assert question.kind is ReplyKind.ANSWER
    [waiting] = await store.open_drafts(member.id)
    assert waiting.activities[0]["title"] == "Talk A" and "provider" not in waiting.activities[0]
    answered = await say(conversation, "Lakeshore University Hospital")
    assert answered.kind is ReplyKind.RECORDED, answered.text
    assert answered.entries[0].activity.title == "Talk A"
    assert answered.entries[0].activity.provider == "Lakeshore University Hospital"
    assert await titles(store, member) == ["Talk A", "Talk B"]
    assert await store.open_drafts(member.id) == []


async def test_drafts_wait_side_by_side_and_are_listed_and_never_dropped_silently(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    a = await say(conversation, 'log "Tumor Board" cat 1 yesterday, Mercy Hospital')  # no credits
    b = await say(
        conversation, 'log 150 cat 1 "Board Review Course" yesterday, Mercy Hospital'
    )  # implausible
    assert a.kind is ReplyKind.DRAFT and b.kind is ReplyKind.DRAFT
    recorded = await say(conversation, 'log 1 cat 1 "Grand Rounds" yesterday, Mercy Hospital')
    assert recorded.kind is ReplyKind.RECORDED
    assert len(await store.open_drafts(member.id)) == 2  # neither vanished
    listed = await say(conversation, "what's waiting?")
    assert "Tumor Board" in listed.text and "Board Review Course" in listed.text
    assert (await say(conversation, "yes")).kind is ReplyKind.RECORDED  # only the second can take a yes
    assert "Board Review Course" in await titles(store, member)
    assert (await say(conversation, "cancel the tumor board one")).kind is ReplyKind.CANCELLED
    assert await store.open_drafts(member.id) == []


async def test_two_presses_of_confirm_at_once_record_once(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await say(conversation, 'log 150 cat 1 "Board Review Course" yesterday, Mercy Hospital')
    ref = next(a.value for a in draft.actions if a.id == "confirm")
    press = Inbound(source="slack", sender=STEVE, understood=Understanding(Intent.CONFIRM, {"ref": ref}))
    replies: list[Reply] = list(await asyncio.gather(conversation.handle(press), conversation.handle(press)))
    kinds = sorted(r.kind.value for r in replies)
    assert kinds == ["recorded", "rejected"], [r.text for r in replies]
    second = next(r for r in replies if r.kind is ReplyKind.REJECTED)
    assert "already recorded as #1" in second.text
    assert len(await store.entries(member.id)) == 1


async def test_two_undos_of_one_entry_at_once_delete_it_once(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    for title in ("First", "Second"):
        await say(conversation, f'log 1 cat 1 "{title}" yesterday, Mercy Hospital')
    press = Inbound(source="slack", sender=STEVE, understood=Understanding(Intent.DELETE, {"ref": "2"}))
    replies = await asyncio.gather(conversation.handle(press), conversation.handle(press))
    assert sorted(r.kind.value for r in replies) == ["deleted", "rejected"]
    assert await titles(store, member) == ["First"]  # #1 untouched


async def test_corrections_change_the_field_they_name(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(conversation, 'log 2 cat 1 "Rhinoplasty Update" on 4/1, Mercy Hospital')
    await say(conversation, 'log 1 cat 1 "Sedation Safety" on 4/2, Mercy Hospital')
    assert (await say(conversation, "make it 1.5 not 1")).kind is ReplyKind.EDITED
    assert (await say(conversation, "add 1 patient safety to that")).kind is ReplyKind.EDITED
    assert (await say(conversation, "the provider was Baylor")).kind is ReplyKind.EDITED
    assert (
        await say(conversation, "the rhinoplasty one was on the 3rd, not the 1st")
    ).kind is ReplyKind.EDITED
    assert (await say(conversation, "actually #1 was cat 2")).kind is ReplyKind.EDITED
    by_title = {e.activity.title: e.activity for e in await store.entries(member.id)}
    sedation, rhino = by_title["Sedation Safety"], by_title["Rhinoplasty Update"]
    assert sedation.credits == Decimal("1.5") and sedation.patient_safety_credits == Decimal(1)
    assert sedation.provider == "Baylor" and sedation.start_date.isoformat() == "2021-04-02"
    assert rhino.start_date.isoformat() == "2021-04-03" and rhino.credits == Decimal(2)
    assert rhino.category.value == "2"


async def test_a_yes_with_a_change_confirms_the_draft_with_the_new_number_only(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(conversation, 'log 2.3 cat 1 "Flap Course" on 4/1, Mercy Hospital')  # not a quarter step
    reply = await say(conversation, "right, but make it 2.5 not 2.3")
    assert reply.kind is ReplyKind.RECORDED, reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.credits == Decimal("2.5")
    assert entry.activity.start_date == entry.activity.end_date and entry.activity.start_date.day == 1


async def test_a_multi_delete_deletes_every_number_named(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    for n in range(1, 8):
        await say(conversation, f'log 1 cat 1 "Session {n}" on 4/{n}, Mercy Hospital')
    reply = await say(conversation, "delete #1 #2 #3 #4 #5 #6")
    assert reply.kind is ReplyKind.DELETED
    assert [e.number for e in reply.entries] == [1, 2, 3, 4, 5, 6]
    assert await titles(store, member) == ["Session 7"]


async def test_questions_are_answered_with_or_without_a_question_mark_and_change_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(conversation, 'log 1.5 cat 1 "ASPS Spring Meeting" on 3/20, Mercy Hospital')
    before = await store.entries(member.id)
    asked = {
        "does teaching residents count": ReplyKind.ANSWER,
        "does my MOC count": ReplyKind.ANSWER,
        "do I need opioid CME for my DEA renewal?": ReplyKind.ANSWER,
        "what documentation do I need to keep?": ReplyKind.ANSWER,
        "when does my cycle end?": ReplyKind.ANSWER,
        "how many credits did I get last year?": ReplyKind.ANSWER,
        "do ASPS meeting credits upload automatically": ReplyKind.ANSWER,
        "did I already log the ASPS meeting?": ReplyKind.ANSWER,
        "am I on track": ReplyKind.ANSWER,
        "what did I log this month?": ReplyKind.ANSWER,
    }
    for text, kind in asked.items():
        reply = await say(conversation, text)
        assert reply.kind is kind, (text, reply.kind, reply.text)
    assert "2022" in (await say(conversation, "when does my cycle end?")).text
    assert "ASPS Spring Meeting" in (await say(conversation, "did I already log the ASPS meeting?")).text
    assert "pace" in (await say(conversation, "am I on track")).text
    assert await store.entries(member.id) == before and await store.open_drafts(member.id) == []


async def test_a_draft_left_a_week_expires_with_a_notice(store: SqlStore, member: Member) -> None:
    early = Conversation(store, clock=lambda: NOW)
    await say(early, 'log "Tumor Board" cat 1 yesterday, Mercy Hospital')
    later = Conversation(store, clock=lambda: NOW + timedelta(days=8))
    reply = await say(later, "where do I stand?")
    assert "Tumor Board" in reply.text and "dropped" in reply.text
    assert await store.open_drafts(member.id) == []
    assert (await store.draft(member.id, 1)).status == "expired"  # type: ignore[union-attr]


async def test_an_email_yes_answers_the_draft_its_thread_names(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    at = datetime(2021, 4, 7, 15, 0, tzinfo=UTC)
    for mid, title in (("<a@x>", "First Course"), ("<b@x>", "Second Course")):
        text = f'log 150 cat 1 "{title}" yesterday, Mercy Hospital'
        inbound = Inbound(source="email", sender=STEVE, text=text, received_at=at, message_id=mid)
        assert (await conversation.handle(inbound)).kind is ReplyKind.DRAFT
    yes = Inbound(source="email", sender=STEVE, text="yes", received_at=at, replying_to=("<a@x>", "<r1@bot>"))
    reply = await conversation.handle(yes)
    assert reply.kind is ReplyKind.RECORDED
    assert await titles(store, member) == ["First Course"]
    [still] = await store.open_drafts(member.id)
    assert still.activities[0]["title"] == "Second Course"


async def test_small_talk_while_a_draft_waits_is_never_taken_as_its_provider(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(conversation, 'log 1.5 cat 1 "Flap Salvage" yesterday')
    for chat in ("thanks!", "ok thanks", "no idea", "great, thanks again", "hmm let me check"):
        reply = await say(conversation, chat)
        assert reply.kind is not ReplyKind.RECORDED, (chat, reply.text)
    assert await store.entries(member.id) == []
    [waiting] = await store.open_drafts(member.id)
    assert "provider" not in waiting.activities[0]
