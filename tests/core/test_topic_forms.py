"""The core's form and topics (issue 14): prefilled with what the chat would record, and a
submitted choice is the entry's topics, changed only when the member changed it."""

from __future__ import annotations

from bot.conversation import Conversation
from bot.envelope import Inbound, Intent, ReplyKind
from bot.ports import Member
from storage.store import SqlStore
from tests.conftest import say
from tests.core.test_conversation import STEVE


async def test_a_form_from_text_shows_the_titles_topics(conversation: Conversation, member: Member) -> None:
    form = await conversation.form(member, "", 'log 1 cat 1 "Implicit Bias in Health Care" yesterday')
    assert form is not None and form.fields["topics"] == "implicit_bias"
    plain = await conversation.form(member, "", "log 2 cat 1 grand rounds on hand surgery yesterday")
    assert plain is not None and plain.fields["topics"] == ""


async def test_an_entrys_form_shows_its_topics_and_an_untouched_choice_changes_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(conversation, 'log 1.5 cat 1 "Ethics and Opioid Prescribing" Mercy Hospital yesterday')
    form = await conversation.form(member, "1")
    assert form is not None and form.fields["topics"] == "ethics,opioids"
    same = await conversation.form_meaning(member, "1", {**form.fields, "topics": "opioids,ethics"})
    assert same.intent is Intent.EDIT and "topics" not in same.fields
    changed = await conversation.form_meaning(member, "1", {**form.fields, "topics": "ethics"})
    assert changed.fields["topics"] == "ethics"
    reply = await conversation.handle(Inbound(source="chat", sender=STEVE, understood=changed))
    assert reply.kind is ReplyKind.EDITED
    entry = await store.entry(member.id, 1)
    assert entry is not None and entry.activity.topics == {"ethics"}


async def test_a_drafts_form_shows_the_topics_the_draft_will_record(
    conversation: Conversation, member: Member
) -> None:
    draft = await say(conversation, 'log 2 cat 1 "Safe Opioid Prescribing" yesterday')
    form = await conversation.form(member, f"draft{draft.draft_number}")
    assert form is not None and form.fields["topics"] == "opioids"
