"""The conversation core on a real database (SQLite and PostgreSQL).

Structured inputs (`understood=`) stand for buttons and modals; they pin the
core's behaviour independently of how text is understood.
"""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from bot import messages as say
from bot.conversation import Conversation
from bot.domain import FLAG_AUTO_UPLOADED, FLAG_DUPLICATE, FLAG_OVERRIDE_PLAUSIBILITY
from bot.envelope import Attachment, Inbound, ReplyKind
from bot.ports import Identity, Member
from bot.understanding import Intent, Understanding
from storage.store import SqlStore
from tests.conftest import add_member

STEVE = Identity("email", "steve@example.org", verified=True)


def log_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": "Flap Salvage Strategies",
        "provider": "Lakeshore University Hospital",
        "category": "1",
        "credits": Decimal("1.5"),
        "patient_safety_credits": Decimal("0.5"),
        "plastic_surgery_credits": Decimal("1.5"),
        "start_date": date(2021, 4, 6),
        "activity_type": "live",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


async def send(
    conversation: Conversation,
    intent: Intent,
    fields: dict[str, object] | None = None,
    *,
    sender: Identity = STEVE,
    event_key: str | None = None,
):  # type: ignore[no-untyped-def]
    understood = Understanding(intent, dict(fields or {}))  # type: ignore[arg-type]
    return await conversation.handle(
        Inbound(source="chat", sender=sender, understood=understood, event_key=event_key)
    )


async def test_a_complete_activity_is_recorded_with_its_number_and_the_cycle_standing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, log_fields())
    assert reply.kind is ReplyKind.RECORDED
    assert reply.entries[0].number == 1
    assert reply.text.startswith("Recorded #1: “Flap Salvage Strategies”")
    assert "end date = start date" in reply.text
    assert reply.summary is not None and reply.summary.totals.category1 == Decimal("1.50")
    assert "Cycle ending in 2022" in reply.text
    stored = await store.entry(member.id, 1)
    assert stored is not None and stored.activity.end_date == date(2021, 4, 6)
    assert stored.activity.city == "Dallas"  # filled from the member's home
    assert [a.id for a in reply.actions] == ["undo", "edit"]


async def test_a_missing_provider_makes_a_draft_that_a_correction_completes(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await send(conversation, Intent.LOG, log_fields(provider=None))
    assert draft.kind is ReplyKind.DRAFT
    assert say.MISSING["provider"] in draft.problems
    assert await store.entries(member.id) == []
    assert "confirm" not in [a.id for a in draft.actions]
    done = await send(conversation, Intent.EDIT, {"ref": "last", "provider": "Riverside Medical Center"})
    assert done.kind is ReplyKind.RECORDED
    [entry] = await store.entries(member.id)
    assert entry.activity.provider == "Riverside Medical Center"
    assert await store.pending_draft(member.id) is None


async def test_an_implausible_amount_is_recorded_only_after_yes(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await send(
        conversation, Intent.LOG, log_fields(credits=Decimal(14), plastic_surgery_credits=None)
    )
    assert draft.kind is ReplyKind.DRAFT
    assert any("more than 12 a day" in p for p in draft.problems)
    assert await store.entries(member.id) == []
    recorded = await send(conversation, Intent.CONFIRM)
    assert recorded.kind is ReplyKind.RECORDED
    assert FLAG_OVERRIDE_PLAUSIBILITY in recorded.entries[0].flags


async def test_a_suspected_duplicate_is_flagged_once_confirmed(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, log_fields())
    again = await send(conversation, Intent.LOG, log_fields(title="flap salvage strategies!"))
    assert again.kind is ReplyKind.DRAFT
    assert say.DUPLICATE.format(number=1) in again.problems
    confirmed = await send(conversation, Intent.CONFIRM)
    assert FLAG_DUPLICATE in confirmed.entries[0].flags
    assert len(await store.entries(member.id)) == 2


async def test_cancel_drops_the_draft_and_records_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, log_fields(credits=Decimal(200)))
    reply = await send(conversation, Intent.CANCEL)
    assert reply.text == say.DRAFT_CANCELLED.format(what="draft 1 (“Flap Salvage Strategies”)")
    assert await store.entries(member.id) == []
    assert (await send(conversation, Intent.CONFIRM)).text == say.NO_DRAFT


async def test_blocking_problems_cannot_be_confirmed_away(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await send(conversation, Intent.LOG, log_fields(patient_safety_credits=Decimal(3)))
    assert draft.kind is ReplyKind.DRAFT
    again = await send(conversation, Intent.CONFIRM)
    assert again.kind is ReplyKind.DRAFT
    assert await store.entries(member.id) == []


async def test_future_dates_and_missing_credits_are_asked_about_not_recorded(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    future = await send(conversation, Intent.LOG, log_fields(start_date=date(2021, 4, 9)))
    assert say.FUTURE_DATE.format(today="2021-04-07") in future.problems
    await send(conversation, Intent.CANCEL)
    missing = await send(conversation, Intent.LOG, log_fields(credits=None))
    assert say.MISSING["credits"] in missing.problems
    assert await store.entries(member.id) == []


async def test_category2_never_keeps_a_provider(conversation: Conversation, member: Member) -> None:
    reply = await send(conversation, Intent.LOG, log_fields(category="2", activity_type="teaching"))
    assert reply.kind is ReplyKind.RECORDED
    assert reply.entries[0].activity.provider is None
    assert say.CATEGORY2_PROVIDER_DROPPED in reply.text


async def test_providers_asps_uploads_itself_are_warned_about_and_marked(
    conversation: Conversation, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, log_fields(provider="ASPS"))
    assert reply.kind is ReplyKind.RECORDED
    assert say.AUTO_UPLOADED.format(society="ASPS") in reply.text
    assert FLAG_AUTO_UPLOADED in reply.entries[0].flags


async def test_undo_removes_the_last_entry_and_delete_takes_a_number(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, log_fields())
    await send(conversation, Intent.LOG, log_fields(title="Second"))
    undone = await send(conversation, Intent.DELETE, {"ref": "last"})
    assert undone.kind is ReplyKind.DELETED and undone.entries[0].number == 2
    deleted = await send(conversation, Intent.DELETE, {"ref": "1"})
    assert deleted.entries[0].number == 1
    assert await store.entries(member.id) == []
    assert (await send(conversation, Intent.DELETE, {"ref": "last"})).text == say.NOTHING_TO_UNDO
    assert (await send(conversation, Intent.DELETE, {"ref": "7"})).text == say.NOT_FOUND.format(ref="7")


async def test_a_correction_changes_the_entry_and_a_bad_one_changes_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, log_fields())
    edited = await send(conversation, Intent.EDIT, {"ref": "1", "credits": Decimal("2.25")})
    assert edited.kind is ReplyKind.EDITED
    bad = await send(conversation, Intent.EDIT, {"ref": "last", "patient_safety_credits": Decimal(5)})
    assert bad.kind is ReplyKind.REJECTED
    entry = await store.entry(member.id, 1)
    assert entry is not None
    assert entry.activity.credits == Decimal("2.25")
    assert entry.activity.patient_safety_credits == Decimal("0.5")


async def test_nobody_reaches_another_members_entries_whatever_number_they_type(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, log_fields())
    ana = Identity("email", "ana@example.org", verified=True)
    await add_member(store, "ana@example.org", "Ana")
    assert (await send(conversation, Intent.DELETE, {"ref": "1"}, sender=ana)).kind is ReplyKind.REJECTED
    assert (await send(conversation, Intent.EDIT, {"ref": "1", "credits": Decimal(9)}, sender=ana)).kind is (
        ReplyKind.REJECTED
    )
    summary = await send(conversation, Intent.SUMMARY, sender=ana)
    assert summary.summary is not None and summary.summary.totals.entries == 0
    entry = await store.entry(member.id, 1)
    assert entry is not None and entry.activity.credits == Decimal("1.5")


async def test_unverified_or_unknown_senders_change_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    forged = Identity("email", "steve@example.org", verified=False)
    assert (
        await send(conversation, Intent.LOG, log_fields(), sender=forged)
    ).kind is ReplyKind.UNKNOWN_MEMBER
    stranger = Identity("email", "who@example.org", verified=True)
    assert (await send(conversation, Intent.SUMMARY, sender=stranger)).text == say.UNKNOWN_MEMBER
    assert await store.entries(member.id) == []


async def test_a_retried_event_is_recorded_once(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    first = await send(conversation, Intent.LOG, log_fields(), event_key="slack:Ev1")
    retry = await send(conversation, Intent.LOG, log_fields(), event_key="slack:Ev1")
    assert first.kind is ReplyKind.RECORDED
    assert retry.kind is ReplyKind.ALREADY_HANDLED
    assert len(await store.entries(member.id)) == 1


async def test_simultaneous_logs_get_distinct_numbers(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    replies = await asyncio.gather(
        *(send(conversation, Intent.LOG, log_fields(title=f"Session {i}")) for i in range(8))
    )
    assert sorted(r.entries[0].number for r in replies) == list(range(1, 9))


async def test_need_and_summary_answer_from_the_record(conversation: Conversation, member: Member) -> None:
    await send(conversation, Intent.LOG, log_fields())
    need = await send(conversation, Intent.NEED, {"metric": "patient_safety"})
    assert need.text.startswith(
        say.NEED_REMAINING.split("{")[0] + "19.5 more Patient Safety credits (0.5 of 20)"
    )
    everything = await send(conversation, Intent.NEED, {"metric": "all"})
    assert "58.5 Category 1" in everything.text
    previous = await send(conversation, Intent.SUMMARY, {"period": "previous"})
    assert previous.summary is not None and previous.summary.period.end == date(2019, 12, 31)
    assert previous.summary.totals.entries == 0
    ranged = await send(
        conversation,
        Intent.SUMMARY,
        {"period": "range", "start_date": date(2021, 4, 1), "end_date": date(2021, 4, 30)},
    )
    assert ranged.summary is not None and ranged.summary.totals.category1 == Decimal("1.5")


async def test_a_report_comes_back_as_a_file(conversation: Conversation, member: Member) -> None:
    await send(conversation, Intent.LOG, log_fields())
    reply = await send(conversation, Intent.REPORT, {"period": "current", "format": "csv"})
    assert reply.kind is ReplyKind.REPORT
    [file] = reply.files
    assert b"Flap Salvage Strategies" in file.data


async def test_a_certificate_file_is_kept_even_when_it_cannot_be_read(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    inbound = Inbound(
        source="email",
        sender=STEVE,
        attachments=(Attachment("scan.pdf", "application/pdf", b"not really a pdf"),),
    )
    reply = await conversation.handle(inbound)
    assert reply.kind in (ReplyKind.REJECTED, ReplyKind.DRAFT)
    assert [d.filename for d in await store.documents(member.id)] == ["scan.pdf"]
    assert await store.entries(member.id) == []


async def test_a_bare_provider_name_answers_the_drafts_only_question(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    from tests.conftest import say as chat

    await send(conversation, Intent.LOG, log_fields(provider=None))
    reply = await chat(conversation, "Lakeshore University Hospital")
    assert reply.kind is ReplyKind.RECORDED, reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.provider == "Lakeshore University Hospital"


async def test_a_certificate_waiting_for_yes_keeps_its_file_and_the_entry_gets_it(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    from tests.email.files import CERTIFICATE_TEXT, certificate_pdf

    # 1.3 credits is not in quarter-credit steps: it needs a yes, so this is a draft first.
    lines = [line.replace("1.5 AMA", "1.3 AMA") for line in CERTIFICATE_TEXT]
    pdf = Attachment("flap.pdf", "application/pdf", certificate_pdf(lines))
    draft = await conversation.handle(Inbound(source="email", sender=STEVE, attachments=(pdf,)))
    assert draft.kind is ReplyKind.DRAFT
    [kept] = await store.documents(member.id)
    assert kept.filename == "flap.pdf" and kept.entry_number is None
    assert (await store.pending_draft(member.id)).documents == [kept.id]  # type: ignore[union-attr]
    recorded = await conversation.handle(Inbound(source="email", sender=STEVE, text="yes"))
    assert recorded.kind is ReplyKind.RECORDED
    assert recorded.entries[0].document_ids == (kept.id,)
    [linked] = await store.documents(member.id)
    assert linked.entry_number == recorded.entries[0].number


async def test_a_retried_certificate_message_stores_its_file_once(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    from tests.email.files import certificate_pdf

    pdf = Attachment("flap.pdf", "application/pdf", certificate_pdf())
    inbound = Inbound(source="email", sender=STEVE, attachments=(pdf,), event_key="email:retried")
    first = await conversation.handle(inbound)
    again = await conversation.handle(inbound)
    assert first.kind is ReplyKind.RECORDED and again.kind is ReplyKind.ALREADY_HANDLED
    [document] = await store.documents(member.id)
    assert document.entry_number == first.entries[0].number


async def test_several_entries_named_in_one_message_are_all_deleted_or_none(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    for title in ("First", "Second", "Third"):
        await send(conversation, Intent.LOG, log_fields(title=title))
    refused = await send(conversation, Intent.DELETE, {"ref": "1", "also": "9"})
    assert refused.text == say.NOT_FOUND_NONE_DELETED.format(ref="9", all="#1 #9")
    assert len(await store.entries(member.id)) == 3  # nothing deleted when one number is wrong
    reply = await conversation.handle(Inbound(source="chat", sender=STEVE, text="remove #1 and #3"))
    assert reply.kind is ReplyKind.DELETED
    assert [e.number for e in reply.entries] == [1, 3]
    assert "Deleted #1" in reply.text and "Deleted #3" in reply.text
    assert [e.number for e in await store.entries(member.id)] == [2]


async def test_a_draft_of_several_activities_is_edited_one_activity_at_a_time(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    """A form edits one activity: Edit 2 must change the second and leave the first as it was."""
    first = log_fields(title="Flap Salvage Grand Rounds", credits="2.3")  # not a quarter: needs a yes
    second = log_fields(title="Breast Reconstruction Journal Club", start_date=date(2021, 4, 1))
    understood = Understanding(Intent.LOG, entries=[first, second])  # type: ignore[list-item]
    draft = await conversation.handle(Inbound(source="chat", sender=STEVE, understood=understood))
    assert draft.kind is ReplyKind.DRAFT
    assert [(a.label, a.value) for a in draft.actions if a.id == "edit"] == [
        ("Edit 1", "draft1:0"),
        ("Edit 2", "draft1:1"),
    ]
    form = log_fields(title="Breast Reconstruction Journal Club, part 2", start_date=date(2021, 4, 2))
    edited = await send(conversation, Intent.EDIT, {"ref": "draft:1", **form})
    assert edited.kind is ReplyKind.DRAFT  # the first still waits for its yes
    titles = [a["title"] for a in (await store.pending_draft(member.id)).activities]  # type: ignore[union-attr]
    assert titles == ["Flap Salvage Grand Rounds", "Breast Reconstruction Journal Club, part 2"]
    stale = await send(conversation, Intent.EDIT, {"ref": "draft:7", **form})
    assert stale.kind is ReplyKind.REJECTED
    recorded = await send(conversation, Intent.CONFIRM)
    assert recorded.kind is ReplyKind.RECORDED, recorded.text
    assert sorted(e.activity.title for e in recorded.entries) == sorted(titles)
