"""The conversation core: `Conversation.handle(Inbound) -> Reply`.

Every door (console, Slack, e-mail) goes through here. Record when sure, ask
when not: a complete, plausible activity is recorded at once and the reply
shows exactly what was recorded; anything doubtful becomes a draft that the
next message confirms, corrects or drops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import messages as say
from bot import presenting
from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    FLAG_OVERRIDE_PLAUSIBILITY,
    RecordedActivity,
)
from bot.drafting import (
    DRAFT,
    Candidate,
    activity_fields,
    build,
    draft_item,
    draft_ref,
    from_storable,
    is_draft_ref,
    merge,
    to_storable,
)
from bot.envelope import Action, Attachment, Inbound, Reply, ReplyKind
from bot.ports import AlreadyProcessed, Draft, Member, NewDocument, NewEntry, RecordStore
from bot.reports import build_report, render
from bot.requirements import Period, Summary, current_cycle, previous_cycle, summarize
from bot.rules import auto_uploaded_society, duplicate_problem
from bot.understanding import Intent, Understanding, read_certificate, understand
from bot.understanding.contract import Fields

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Context:
    member: Member
    now: datetime  # in the member's time zone

    @property
    def today(self) -> date:
        return self.now.date()


class Conversation:
    def __init__(self, store: RecordStore, clock: Clock | None = None) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))

    async def respond(self, inbound: Inbound) -> Reply:
        """`handle`, but an unexpected failure becomes one fixed apology (errbot style)."""
        try:
            return await self.handle(inbound)
        except Exception:
            log.exception("failed to handle a %s message", inbound.source)
            return Reply(ReplyKind.ERROR, say.SORRY)

    async def handle(self, inbound: Inbound) -> Reply:
        """Understand one message and act on it; storage failures propagate to the door."""
        found = await self.store.member_by_identity(inbound.sender.kind, inbound.sender.key)
        if found is None or not (found[1].verified and inbound.sender.verified):
            return Reply(ReplyKind.UNKNOWN_MEMBER, say.UNKNOWN_MEMBER)
        member = found[0]
        if inbound.event_key and await self.store.event_seen(inbound.event_key):
            return Reply(ReplyKind.ALREADY_HANDLED, "", member=member)
        ctx = Context(member, (inbound.received_at or self._clock()).astimezone(_zone(member.timezone)))
        try:
            reply = await self._dispatch(ctx, inbound)
        except AlreadyProcessed:
            return Reply(ReplyKind.ALREADY_HANDLED, "", member=member)
        reply.member = member
        return reply

    async def _dispatch(self, ctx: Context, inbound: Inbound) -> Reply:
        if inbound.attachments and inbound.understood is None:
            return await self._certificates(ctx, inbound)
        understood = inbound.understood or understand(inbound.text, now=ctx.now, kind="message")
        intent = understood.intent
        draft = await self.store.pending_draft(ctx.member.id)
        if draft is not None:
            answered = await self._answer_draft(ctx, inbound, understood, draft)
            if answered is not None:
                return answered
        if intent is Intent.LOG:
            return await self._log(ctx, inbound, understood.activities(), understood.problems, [])
        if intent is Intent.DELETE:
            fields = understood.fields
            refs = [str(fields.get("ref") or "last"), *str(fields.get("also") or "").split()]
            return await self._delete(ctx, inbound, refs)
        if intent is Intent.EDIT:
            return await self._edit(ctx, inbound, understood.fields)
        if intent is Intent.SUMMARY:
            return await self._summary(ctx, understood.fields)
        if intent is Intent.NEED:
            return await self._need(ctx, str(understood.fields.get("metric") or "all"))
        if intent is Intent.REPORT:
            return await self._report(ctx, understood.fields)
        if intent is Intent.HELP:
            return Reply(ReplyKind.HELP, say.HELP, actions=_home_actions())
        if intent is Intent.QUESTION:
            return self._question(inbound.text, understood)
        if intent in (Intent.CONFIRM, Intent.CANCEL):
            return Reply(ReplyKind.REJECTED, say.NO_DRAFT)
        why = "; ".join(understood.problems)
        return Reply(
            ReplyKind.REJECTED,
            say.REJECT.format(why=why) if why else say.REJECT_GENERIC,
            problems=list(understood.problems),
        )

    # ---- logging -----------------------------------------------------------------

    async def _certificates(self, ctx: Context, inbound: Inbound) -> Reply:
        """Each attached certificate becomes an activity; the files are kept with it, stored in
        the same transaction as the entry or draft (one write per message, not two)."""
        activities: list[Fields] = []
        problems: list[str] = []
        starts: list[int | None] = []  # each file's first activity: the entry it is kept with
        for attachment in inbound.attachments:
            starts.append(None)
            text, why = await _read(attachment)
            if why:
                problems.append(why)
                continue
            understood = understand(text, now=ctx.now, kind="certificate")
            if understood.intent is Intent.LOG and understood.fields:
                starts[-1] = len(activities)
                activities.extend(understood.activities())
                problems.extend(understood.problems)
            else:
                problems.append(f"I couldn't find a CME activity in {attachment.filename}.")
        if all(s is None for s in starts):  # read from the body, if at all: the files go with entry 1
            starts = [0] * len(starts)
        documents = [
            NewDocument(a.data, a.filename, a.content_type, entry=s)
            for a, s in zip(inbound.attachments, starts, strict=True)
        ]
        if not activities and inbound.text.strip():
            understood = understand(inbound.text, now=ctx.now, kind="certificate")
            if understood.intent is Intent.LOG:
                activities.extend(understood.activities())
        if not activities:  # still keep the file: the member may want it on record anyway
            await self.store.store_documents(ctx.member.id, documents)
            return Reply(ReplyKind.REJECTED, say.REJECT.format(why=" ".join(problems)), problems=problems)
        return await self._log(ctx, inbound, activities, problems, [], new_documents=documents)

    async def _log(
        self,
        ctx: Context,
        inbound: Inbound,
        activities: Sequence[Fields],
        understood_problems: Sequence[str],
        doc_ids: Sequence[int],
        *,
        confirmed: bool = False,
        new_documents: Sequence[NewDocument] = (),
    ) -> Reply:
        if not activities:
            return Reply(ReplyKind.REJECTED, say.REJECT_GENERIC)
        candidates = [build(fields, ctx.member, ctx.today) for fields in activities]
        for cand in candidates:
            if cand.activity is not None:
                number = await self.store.find_duplicate(
                    ctx.member.id, cand.activity.title, cand.activity.start_date
                )
                if number is not None:
                    cand.problems.append(duplicate_problem(number))
        blocking = any(c.blocking for c in candidates)
        doubtful = any(c.problems for c in candidates) or bool(understood_problems)
        if blocking or (doubtful and not confirmed):
            return await self._draft(ctx, inbound, candidates, understood_problems, doc_ids, new_documents)
        entries = [
            NewEntry(
                activity=c.activity,
                flags=_flags(c),
                source=inbound.source,
                document_ids=tuple(doc_ids) if i == 0 else (),
            )
            for i, c in enumerate(candidates)
            if c.activity is not None
        ]
        recorded = await self.store.record(
            ctx.member.id,
            entries,
            event_key=inbound.event_key,
            clear_draft=True,
            documents=new_documents,
        )
        return await self._recorded_reply(ctx, candidates, recorded)

    async def _recorded_reply(
        self, ctx: Context, candidates: Sequence[Candidate], recorded: list[RecordedActivity]
    ) -> Reply:
        lines: list[str] = []
        if len(recorded) == 1:
            lines.append(
                say.RECORDED.format(
                    number=recorded[0].number, line=presenting.activity_line(recorded[0].activity)
                )
            )
        else:
            lines.append(say.RECORDED_MANY.format(count=len(recorded)))
            lines.extend(presenting.entry_line(r) for r in recorded)
        filled = [f for c in candidates for f in c.filled]
        if filled:
            lines.append(say.FILLED_IN.format(what="; ".join(dict.fromkeys(filled))))
        lines.extend(dict.fromkeys(n for c in candidates for n in c.notes))
        summary = await self._cycle_summary(ctx)
        lines.append("")
        lines.append(presenting.summary_text(summary))
        lines.append(say.UNDO_HINT)
        last = recorded[-1].number
        return Reply(
            ReplyKind.RECORDED,
            "\n".join(lines),
            entries=recorded,
            summary=summary,
            actions=[Action("undo", "Undo", str(last)), Action("edit", "Edit", str(last))],
        )

    async def _draft(
        self,
        ctx: Context,
        inbound: Inbound,
        candidates: Sequence[Candidate],
        understood_problems: Sequence[str],
        doc_ids: Sequence[int],
        new_documents: Sequence[NewDocument] = (),
    ) -> Reply:
        await self.store.save_draft(
            ctx.member.id,
            Draft([to_storable(c.fields) for c in candidates], list(doc_ids), inbound.source),
            new_documents,
        )
        problems = list(
            dict.fromkeys([*understood_problems, *(p.message for c in candidates for p in c.problems)])
        )
        lines = [say.DRAFT_INTRO]
        for cand in candidates:
            if cand.activity is not None:
                lines.append("• " + presenting.activity_line(cand.activity))
            else:
                known = ", ".join(f"{k}: {v}" for k, v in to_storable(cand.fields).items() if k != "ref")
                lines.append("• " + (known or "(nothing yet)"))
        lines.extend(f"– {p}" for p in problems)
        lines.extend(dict.fromkeys(n for c in candidates for n in c.notes))
        blocking = any(c.blocking for c in candidates)
        lines.append(say.DRAFT_FIX_HINT if blocking else say.DRAFT_CONFIRM_HINT)
        if len(candidates) == 1:
            edits = [Action("edit", "Edit", DRAFT)]
        else:  # one Edit per activity: a form edits one activity, never all of them at once
            edits = [Action("edit", f"Edit {i + 1}", draft_ref(i)) for i in range(len(candidates))]
        actions = [*edits, Action("cancel", "Cancel", DRAFT)]
        if not blocking:
            actions.insert(0, Action("confirm", "Confirm", "draft"))
        return Reply(
            ReplyKind.DRAFT,
            "\n".join(lines),
            draft=[to_storable(c.fields) for c in candidates],
            problems=problems,
            actions=actions,
        )

    async def _answer_draft(
        self, ctx: Context, inbound: Inbound, understood: Understanding, draft: Draft
    ) -> Reply | None:
        """The message after a draft: yes, cancel, or a correction. None: not about the draft."""
        intent = understood.intent
        fields_so_far = [from_storable(a) for a in draft.activities]
        if intent is Intent.CONFIRM:
            return await self._log(ctx, inbound, fields_so_far, [], draft.documents, confirmed=True)
        if intent is Intent.CANCEL:
            await self.store.drop_draft(ctx.member.id)
            return Reply(ReplyKind.CANCELLED, say.DRAFT_CANCELLED)
        ref = str(understood.fields.get("ref") or "last")
        is_correction = intent is Intent.EDIT and (ref == "last" or is_draft_ref(ref))
        is_answer = intent is Intent.LOG and len(fields_so_far) == 1 and not understood.fields.get("credits")
        if is_correction or is_answer:
            changes = understood.fields if is_correction else understood.activities()[0]
            item = draft_item(ref)
            if item is not None and item >= len(fields_so_far):
                return Reply(ReplyKind.REJECTED, say.NO_DRAFT)  # that draft was replaced meanwhile
            patched = [
                merge(f, changes) if item is None or i == item else f for i, f in enumerate(fields_so_far)
            ]
            return await self._log(ctx, inbound, patched, [], draft.documents)
        bare = _bare_answer(inbound.text, fields_so_far, ctx)
        if bare is not None and intent in (Intent.REJECT, Intent.QUESTION, Intent.LOG):
            return await self._log(ctx, inbound, [merge(fields_so_far[0], bare)], [], draft.documents)
        if intent is Intent.LOG:
            await self.store.drop_draft(ctx.member.id)
        return None

    # ---- changing entries ----------------------------------------------------------

    async def _find(self, ctx: Context, ref: str) -> RecordedActivity | None:
        if ref in ("last", "") or is_draft_ref(ref):
            return await self.store.last_entry(ctx.member.id)
        number = _number(ref)
        return None if number is None else await self.store.entry(ctx.member.id, number)

    async def _delete(self, ctx: Context, inbound: Inbound, refs: Sequence[str]) -> Reply:
        """Delete the entries named ("remove #7 and #8"), all in one go, or say which don't exist."""
        found: list[RecordedActivity] = []
        missing: list[str] = []
        for ref in refs:
            entry = await self._find(ctx, ref)
            if entry is None:
                missing.append(ref)
            else:
                found.append(entry)
        if missing:
            ref = missing[0]
            text = say.NOTHING_TO_UNDO if ref == "last" else say.NOT_FOUND.format(ref=ref.lstrip("#"))
            return Reply(ReplyKind.REJECTED, text)
        deleted = await self.store.delete(
            ctx.member.id, [e.number for e in found], event_key=inbound.event_key
        )
        if not deleted:
            return Reply(ReplyKind.REJECTED, say.NOT_FOUND.format(ref=found[0].number))
        summary = await self._cycle_summary(ctx)
        lines = [
            say.DELETED.format(number=d.number, line=presenting.activity_line(d.activity)) for d in deleted
        ]
        return Reply(
            ReplyKind.DELETED,
            "\n".join(lines) + f"\n\n{presenting.summary_text(summary)}",
            entries=deleted,
            summary=summary,
        )

    async def _edit(self, ctx: Context, inbound: Inbound, changes: Fields) -> Reply:
        ref = str(changes.get("ref") or "last")
        entry = await self._find(ctx, ref)
        if entry is None:
            return Reply(
                ReplyKind.REJECTED, say.NOT_FOUND.format(ref=ref) if ref != "last" else say.NOTHING_TO_UNDO
            )
        if not any(k != "ref" for k in changes):
            return Reply(ReplyKind.REJECTED, say.EDIT_NOTHING)
        cand = build(merge(activity_fields(entry.activity), changes), ctx.member, ctx.today)
        hard = cand.blocking
        if hard or cand.activity is None:
            problems = [p.message for p in hard]
            return Reply(ReplyKind.REJECTED, "\n".join(problems) or say.EDIT_NOTHING, problems=problems)
        updated = await self.store.update(
            ctx.member.id, entry.number, cand.activity, event_key=inbound.event_key
        )
        if updated is None:
            return Reply(ReplyKind.REJECTED, say.NOT_FOUND.format(ref=entry.number))
        summary = await self._cycle_summary(ctx)
        text = say.EDITED.format(number=updated.number, line=presenting.activity_line(updated.activity))
        return Reply(
            ReplyKind.EDITED,
            f"{text}\n\n{presenting.summary_text(summary)}",
            entries=[updated],
            summary=summary,
            actions=[
                Action("undo", "Undo", str(updated.number)),
                Action("edit", "Edit", str(updated.number)),
            ],
        )

    # ---- standing and reports ---------------------------------------------------------

    def _period(self, ctx: Context, fields: Fields) -> Period:
        period = str(fields.get("period") or "current")
        if period == "previous":
            return previous_cycle(ctx.today, ctx.member.cycle_end_year)
        start, end = fields.get("start_date"), fields.get("end_date")
        if period == "range" and isinstance(start, date):
            end_day = end if isinstance(end, date) else start
            return Period(start, end_day, f"{start.isoformat()} to {end_day.isoformat()}")
        return current_cycle(ctx.today, ctx.member.cycle_end_year)

    async def _summary_for(self, ctx: Context, period: Period) -> Reply:
        totals = await self.store.totals(ctx.member.id, period.start, period.end)
        summary = summarize(period, totals, ctx.today)
        return Reply(
            ReplyKind.SUMMARY, presenting.summary_text(summary), summary=summary, actions=_home_actions()
        )

    async def _cycle_summary(self, ctx: Context) -> Summary:
        period = current_cycle(ctx.today, ctx.member.cycle_end_year)
        return summarize(period, await self.store.totals(ctx.member.id, period.start, period.end), ctx.today)

    async def _summary(self, ctx: Context, fields: Fields) -> Reply:
        return await self._summary_for(ctx, self._period(ctx, fields))

    async def _need(self, ctx: Context, metric: str) -> Reply:
        summary = await self._cycle_summary(ctx)
        return Reply(ReplyKind.NEED, presenting.need_text(summary, metric), summary=summary)

    async def _report(self, ctx: Context, fields: Fields) -> Reply:
        period = self._period(ctx, fields)
        fmt = str(fields.get("format") or "pdf")
        data = await build_report(
            self.store, ctx.member, period, ctx.today, ctx.now, with_documents=fmt == "zip"
        )
        file = await asyncio.to_thread(render, data, fmt)
        count = len(data.entries)
        text = say.REPORT_READY.format(
            label=period.label, entries=f"{count} {'entry' if count == 1 else 'entries'}"
        )
        return Reply(
            ReplyKind.REPORT,
            f"{text}\n\n{presenting.summary_text(data.summary)}",
            summary=data.summary,
            files=[file],
        )

    def _question(self, text: str, understood: Understanding) -> Reply:
        from bot.understanding import knowledge

        answer = knowledge.answer(str(understood.fields.get("topic") or text))
        return Reply(ReplyKind.ANSWER, answer or say.QUESTION_FALLBACK)


async def _read(attachment: Attachment) -> tuple[str, str | None]:
    """Certificate text, or why it could not be read; OCR runs off the event loop."""
    try:
        return await asyncio.to_thread(read_certificate, attachment.data, attachment.filename), None
    except ValueError as exc:
        return "", str(exc)


# Fields a physician can answer with a bare phrase ("Lakeshore University Hospital").
TEXT_ANSWERS = ("provider", "title")


def _bare_answer(text: str, drafts: list[Fields], ctx: Context) -> Fields | None:
    """The reply to "Who is the accredited provider?" may be just the provider's name.

    Only when one activity waits for exactly one missing text field, and the
    reply is one short line, so a new request is never mistaken for an answer.
    """
    line = text.strip()
    if len(drafts) != 1 or not line or "\n" in line or len(line) > 150:
        return None
    missing = [p.field for p in build(drafts[0], ctx.member, ctx.today).blocking]
    if len(missing) != 1 or missing[0] not in TEXT_ANSWERS:
        return None
    return {str(missing[0]): line.strip(' ."“”')}


def _flags(cand: Candidate) -> frozenset[str]:
    flags: set[str] = set()
    codes = {p.code for p in cand.problems}
    if "duplicate" in codes:
        flags.add(FLAG_DUPLICATE)
    if codes & {"implausible_total", "implausible_per_day", "not_quarter_step"}:
        flags.add(FLAG_OVERRIDE_PLAUSIBILITY)
    if cand.activity is not None and auto_uploaded_society(cand.activity.provider):
        flags.add(FLAG_AUTO_UPLOADED)
    return frozenset(flags)


def _number(ref: str) -> int | None:
    digits = ref.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 10 else None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _home_actions() -> list[Action]:
    return [Action("submit", "Submit CME"), Action("report", "CME Report", "current")]
