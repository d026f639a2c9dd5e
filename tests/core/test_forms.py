"""Issue 13: the submission form is the core's; a door only renders and reads it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.conversation import Conversation
from bot.envelope import Intent
from bot.ports import Member
from storage.store import SqlStore
from tests.conftest import add_member, say


async def test_the_form_is_prefilled_from_the_members_own_entry_only(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    recorded = await say(conversation, 'log 1.5 cat 1 "Flap Salvage" Mercy Hospital yesterday')
    number = recorded.entries[0].number
    form = await conversation.form(member, str(number))
    assert form is not None and form.title == f"Edit CME #{number}"
    assert form.fields["title"] == "Flap Salvage" and form.fields["credits"] == Decimal("1.5")
    other = await add_member(store, "other@example.org", "Other")
    assert await conversation.form(other, str(number)) is None


async def test_a_new_form_is_prefilled_from_text_and_the_members_home(
    conversation: Conversation, member: Member
) -> None:
    form = await conversation.form(member, "", "log 2 cat 1 grand rounds on hand surgery yesterday")
    assert form is not None and form.title == "Submit CME"
    assert form.fields["credits"] == Decimal(2)
    assert (form.fields["city"], form.fields["state"], form.fields["country"]) == ("Dallas", "TX", "US")


async def test_form_errors_are_the_chats_blocking_problems_keyed_by_field(
    conversation: Conversation, member: Member
) -> None:
    errors = conversation.form_errors(
        {"title": "Grand Rounds", "category": "1", "credits": Decimal(1), "start_date": date(2099, 1, 1)},
        member,
    )
    assert "start_date" in errors
    assert set(errors) <= {
        "start_date", "end_date", "title", "activity_type", "category", "provider", "credits",
        "patient_safety_credits", "plastic_surgery_credits", "city", "state", "country",
    }  # fmt: skip


async def test_a_form_for_a_cancelled_draft_is_a_new_activity(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await say(conversation, '1 cat 1 "Talk A" yesterday')
    assert draft.draft_number is not None
    await say(conversation, "cancel")
    fields = {"title": "Talk A", "provider": "Mercy Hospital"}
    meaning = await conversation.form_meaning(member, f"draft{draft.draft_number}", fields)  # type: ignore[arg-type]
    assert meaning.intent is Intent.LOG
    edit = await conversation.form_meaning(member, "", fields)  # type: ignore[arg-type]
    assert edit.intent is Intent.LOG
