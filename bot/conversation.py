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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from bot import (
    asking,
    entry_topic_edits,
    forms,
    membership,
    presenting,
    profile_reading,
    profiles,
    set_answers,
    topics,
    waiting,
)
from bot import messages as say
from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    RecordedActivity,
    title_words,
)
from bot.drafting import (
    Candidate,
    activity_fields,
    build,
    draft_item,
    draft_number,
    draft_ref,
    following_the_total,
    from_storable,
    is_draft_ref,
    merge,
    to_storable,
    with_certificate_text,
)
from bot.envelope import (
    Action,
    Admission,
    Attachment,
    FormView,
    HomeView,
    IdentityClaim,
    Inbound,
    JoinOutcome,
    Reply,
    ReplyKind,
)
from bot.ports import (
    AlreadyProcessed,
    Draft,
    DraftClosed,
    DraftStatus,
    Identity,
    Member,
    NewDocument,
    NewEntry,
    RecordStore,
)
from bot.reminders import control as reminder_control
from bot.reminders.prefs import QuietHours
from bot.reports import build_report, render
from bot.requirements import Period, Summary, current_cycle, summarize
from bot.rules import duplicate_problem, record_flags
from bot.timekeeping import member_now, report_period
from bot.understanding import Intent, Understanding, read_certificate, topic_corrections, understand
from bot.understanding import request_phrases as rq
from bot.understanding.contract import Fields

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
RECENT_ON_HOME = 5


@dataclass(frozen=True, slots=True)
class Context:
    member: Member
    now: datetime  # in the member's time zone

    @property
    def today(self) -> date:
        return self.now.date()


class Conversation:
    # The quiet hours a member who never chose has (the composition root sets the configured ones).
    reminder_quiet: QuietHours = QuietHours()

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

    # ---- what a door asks besides a message: it translates, the core decides (issue 13) ----------

    async def admit(self, claim: IdentityClaim, default_timezone: str) -> Admission:
        """Whose record a door's account is: known, enrolled now, linked by e-mail, or refused."""
        return await membership.admit(self.store, claim, default_timezone)

    async def member_of(self, account: Identity) -> Member | None:
        """The member an account already is; never enrols."""
        return await membership.known(self.store, account)

    async def join(self, account: Identity, target_id: int | None, code_key: str) -> JoinOutcome:
        """An account joins the record a link code named (`target_id`), the code used up once."""
        return await membership.join(self.store, account, target_id, code_key)

    async def form(self, member: Member, ref: str, text: str = "") -> FormView | None:
        """The submission form prefilled from entry `ref`, a draft, or `text`; None: not theirs."""
        return await forms.prefill(self.store, member, ref, text)

    def form_errors(self, fields: Fields, member: Member) -> dict[str, str]:
        """A filled-in form's blocking problems, keyed by field, as the chat would ask them."""
        return forms.errors(fields, member)

    async def form_meaning(self, member: Member, ref: str, fields: Fields) -> Understanding:
        """A submitted form as structured input for `respond` (a new activity, an edit, a draft)."""
        return await forms.meaning(self.store, member, ref, fields)

    async def home(self, member: Member, inbound: Inbound, recent: int = RECENT_ON_HOME) -> HomeView:
        """The dashboard: the summary `inbound`'s sender would be answered, and the latest entries."""
        reply = await self.respond(replace(inbound, understood=Understanding(Intent.SUMMARY)))
        today = member_now(member, inbound.received_at or self._clock()).date()
        sets, set_actions = await set_answers.home(self.store, member, today)
        prefs = await self.store.reminder_prefs(member.id)
        return HomeView(
            member,
            reply.summary,
            await self.store.recent_entries(member.id, recent),
            sets,
            set_actions,
            reminders=reminder_control.describe(prefs, self.reminder_quiet),
        )

    @staticmethod
    def warm_up() -> None:
        """Load the understanding's lazy parts (dateparser) now, not during a member's first message."""
        understand("log 1 cat 1 grand rounds yesterday", now=datetime.now(UTC), kind="message")

    async def handle(self, inbound: Inbound) -> Reply:
        """Understand one message and act on it; storage failures propagate to the door."""
        found = await self.store.member_by_identity(inbound.sender.kind, inbound.sender.key)
        if found is None or not (found[1].verified and inbound.sender.verified):
            return Reply(ReplyKind.UNKNOWN_MEMBER, say.UNKNOWN_MEMBER)
        member = found[0]
        if inbound.event_key and await self.store.event_seen(inbound.event_key):
            return Reply(ReplyKind.ALREADY_HANDLED, "", member=member)
        ctx = Context(member, member_now(member, inbound.received_at or self._clock()))
        try:
            reply = await self._dispatch(ctx, inbound)
        except AlreadyProcessed:
            return Reply(ReplyKind.ALREADY_HANDLED, "", member=member)
        reply.member = member
        return reply

    async def _dispatch(self, ctx: Context, inbound: Inbound) -> Reply:
        # One read of the open drafts serves the expiry, the answer and (when nothing can have
        # changed them) the "still waiting" lines: most messages find none, and pay one query.
        waiting_before = await self.store.open_drafts(ctx.member.id)
        notices, drafts = await self._expire_drafts(ctx, waiting_before)
        said = None  # "stop reminders", "snooze until March": settings, before a draft can take the words
        if inbound.understood is None and not inbound.attachments:
            said = await reminder_control.respond(
                self.store, ctx.member, inbound.text, ctx.today, self.reminder_quiet
            )
        if said:
            reply = Reply(ReplyKind.ANSWER, said, intent="reminders")
        elif inbound.attachments and inbound.understood is None:
            reply = await self._certificates(ctx, inbound)
            reply.intent = "certificate"
        elif (held := None if inbound.understood else profile_reading.read(inbound.text)) and (
            answer := await profiles.respond(self.store, ctx.member, held, ctx.today)
        ):  # the requirement sets the member holds (issue 14): bot/profiles.py
            reply = Reply(ReplyKind.ANSWER, answer, intent=f"profile_{held.action}")
        else:
            understood = (
                inbound.understood
                or topics.correction(inbound.text)  # "not plastics" / "that was plastics"
                or topic_corrections.correction(inbound.text)  # "that counts as ethics" / "not ethics"
                or understand(inbound.text, now=ctx.now, kind="message")
            )
            answered = await self._answer_drafts(ctx, inbound, understood, drafts) if drafts else None
            reply = answered or await self._by_intent(ctx, inbound, understood)
            reply.intent = reply.intent or understood.intent.value
        if not drafts and reply.kind is not ReplyKind.DRAFT:
            return _with_notices(reply, notices)
        return await self._with_waiting(ctx, reply, notices)

    async def _by_intent(self, ctx: Context, inbound: Inbound, understood: Understanding) -> Reply:
        intent = understood.intent
        if intent is Intent.LOG:
            return await self._log(ctx, inbound, understood.activities(), understood.problems, [])
        if intent is Intent.DELETE:
            fields = understood.fields
            refs = [str(fields.get("ref") or "last"), *str(fields.get("also") or "").split()]
            if fields.get("match"):
                refs = [f"match:{fields['match']}"]
            if refs == ["last"] and rq.BARE_UNDO.search(inbound.text or ""):
                undone = await self._undo(ctx)
                if undone is not None:
                    return undone
            return await self._delete(ctx, inbound, refs)
        if intent is Intent.EDIT:
            return await self._edit(ctx, inbound, understood.fields)
        if intent is Intent.SUMMARY and understood.fields.get("ask"):
            return await self._ask(ctx, inbound.text, understood.fields)
        if intent is Intent.SUMMARY:
            return await self._summary(ctx, understood.fields)
        if intent is Intent.NEED and understood.fields.get("ask"):
            return await self._ask(ctx, inbound.text, understood.fields)
        if intent is Intent.NEED:
            return await self._need(ctx, str(understood.fields.get("metric") or "all"))
        if intent is Intent.REPORT:
            return await self._report(ctx, understood.fields, inbound.text)
        if intent is Intent.HELP:
            return Reply(ReplyKind.HELP, say.HELP, actions=_home_actions())
        if intent is Intent.QUESTION:
            return await self._question(ctx, inbound.text, understood)
        if intent in (Intent.CONFIRM, Intent.CANCEL):  # nothing open: say what became of the one named
            number = draft_number(str(understood.fields.get("ref") or ""))
            return _draft_closed(await self.store.draft(ctx.member.id, number) if number else None)
        asked = entry_topic_edits.question(understood)  # a topic it doesn't know: which one?
        if asked:
            return Reply(ReplyKind.REJECTED, asked, problems=[asked])
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
                activities.extend(with_certificate_text(understood.activities(), text))
                problems.extend(understood.problems)
            else:
                problems.append(say.NO_ACTIVITY_IN_FILE.format(filename=attachment.filename))
        if all(s is None for s in starts):  # read from the body, if at all: the files go with entry 1
            starts = [0] * len(starts)
        documents = [
            NewDocument(a.filename, a.content_type, a.data, entry=s)
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
        draft: Draft | None = None,
    ) -> Reply:
        """Record the activities, or keep them as a draft (`draft`: the one they came from)."""
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
            return await self._draft(
                ctx, inbound, candidates, understood_problems, doc_ids, new_documents, draft=draft
            )
        entries = [
            NewEntry(
                activity=c.activity,
                flags=_flags(c),
                source=inbound.source,
                document_ids=tuple(
                    d for d in doc_ids if (draft.document_entries if draft else {}).get(d, 0) == i
                ),
            )
            for i, c in enumerate(candidates)
            if c.activity is not None
        ]
        try:
            recorded = await self.store.record(
                ctx.member.id,
                entries,
                event_key=inbound.event_key,
                from_draft=draft.number if draft else None,
                documents=new_documents,
            )
        except DraftClosed as closed:
            return _draft_closed(closed.draft)
        return await self._recorded_reply(ctx, candidates, recorded, draft)

    async def _recorded_reply(
        self,
        ctx: Context,
        candidates: Sequence[Candidate],
        recorded: list[RecordedActivity],
        draft: Draft | None = None,
    ) -> Reply:
        lines: list[str] = [say.FROM_DRAFT.format(number=draft.number)] if draft else []
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
        summary = (await self._cycle_summary(ctx)).moved(added=[r.activity for r in recorded])
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
        *,
        draft: Draft | None = None,
    ) -> Reply:
        """Keep the activities as a draft: a new one, or `draft` updated in place."""
        wanted = Draft(
            [to_storable(c.fields) for c in candidates],
            list(doc_ids),
            inbound.source,
            number=draft.number if draft else 0,
            document_entries=dict(draft.document_entries) if draft else {},
            thread=inbound.message_id,
            created_at=ctx.now,
        )
        try:
            saved = await self.store.save_draft(ctx.member.id, wanted, new_documents)
        except DraftClosed as closed:
            return _draft_closed(closed.draft)
        problems = list(
            dict.fromkeys([*understood_problems, *(p.message for c in candidates for p in c.problems)])
        )
        lines = [say.DRAFT_INTRO.format(number=saved.number)]
        for cand in candidates:
            if cand.activity is not None:
                lines.append("• " + presenting.activity_line(cand.activity))
            else:
                lines.append("• " + presenting.partial_line(to_storable(cand.fields)))
        lines.extend(f"– {p}" for p in problems)
        lines.extend(dict.fromkeys(n for c in candidates for n in c.notes))
        blocking = any(c.blocking for c in candidates)
        lines.append(say.DRAFT_FIX_HINT if blocking else say.DRAFT_CONFIRM_HINT)
        ref = draft_ref(None, saved.number)
        if len(candidates) == 1:
            edits = [Action("edit", "Edit", ref)]
        else:  # one Edit per activity: a form edits one activity, never all of them at once
            edits = [
                Action("edit", f"Edit {i + 1}", draft_ref(i, saved.number)) for i in range(len(candidates))
            ]
        actions = [*edits, Action("cancel", "Cancel", ref)]
        if not blocking:
            actions.insert(0, Action("confirm", "Confirm", ref))
        return Reply(
            ReplyKind.DRAFT,
            "\n".join(lines),
            draft=[to_storable(c.fields) for c in candidates],
            problems=problems,
            actions=actions,
            draft_number=saved.number,
        )

    async def _answer_drafts(
        self, ctx: Context, inbound: Inbound, understood: Understanding, drafts: list[Draft]
    ) -> Reply | None:
        """The message as an answer to one waiting draft: yes, cancel, a correction, or the
        answer to its open question. None: it is not about a draft, so it is handled as itself."""
        intent = understood.intent
        ref = str(understood.fields.get("ref") or "")
        target = await self._target_draft(ctx, inbound, ref, drafts, intent)
        if entry_topic_edits.is_about_topics(understood):  # "not ethics": the draft showing it, if any
            chosen = entry_topic_edits.draft_for(understood, drafts, target)
            return (
                None
                if chosen is None
                else await self._correct_draft(ctx, inbound, chosen, understood.fields, ref)
            )
        if intent is Intent.CONFIRM:
            return await self._confirm(ctx, inbound, target, drafts)
        if intent is Intent.CANCEL:
            chosen = target or drafts[-1]
            closed = await self.store.close_draft(ctx.member.id, chosen.number, DraftStatus.CANCELLED)
            if closed is None:
                return _draft_closed(await self.store.draft(ctx.member.id, chosen.number))
            return Reply(ReplyKind.CANCELLED, say.DRAFT_CANCELLED.format(what=_draft_label(closed)))
        if intent is Intent.EDIT and (is_draft_ref(ref) or (ref in ("", "last") and target is not None)):
            chosen = target or drafts[-1]
            return await self._correct_draft(ctx, inbound, chosen, understood.fields, ref)
        if intent is Intent.EDIT and ref in ("", "last") and waiting.leads_with_yes(inbound.text):
            return await self._correct_draft(ctx, inbound, drafts[-1], understood.fields, ref, confirmed=True)
        order = [target] if target else list(reversed(drafts))
        for draft in order:
            question = waiting.open_question(draft, ctx.member, ctx.today)
            answer = waiting.answer_fields(inbound.text, understood, question, ctx.today)
            if answer is not None:
                return await self._correct_draft(ctx, inbound, draft, answer, ref)
        return None

    async def _target_draft(
        self, ctx: Context, inbound: Inbound, ref: str, drafts: list[Draft], intent: Intent
    ) -> Draft | None:
        """The draft a message names: a button's reference, its e-mail thread, or its words."""
        if is_draft_ref(ref):
            number = draft_number(ref)
            if not number:
                return drafts[-1]
            found = next((d for d in drafts if d.number == number), None)
            return found or await self.store.draft(ctx.member.id, number)
        threaded = waiting.threaded_draft(inbound.replying_to, drafts)
        if threaded is not None:
            return threaded
        if intent in (Intent.CONFIRM, Intent.CANCEL, Intent.EDIT) and len(drafts) > 1:
            return waiting.named_draft(inbound.text, drafts)
        return None

    async def _confirm(
        self, ctx: Context, inbound: Inbound, target: Draft | None, drafts: list[Draft]
    ) -> Reply:
        if target is None:
            ready = [d for d in drafts if waiting.open_question(d, ctx.member, ctx.today).needs_yes]
            if not ready:  # a yes cannot fill a gap: say what each draft still needs
                text = _which_draft(drafts, ctx).replace(say.WHICH_DRAFT, say.YES_CANNOT_FILL)
                return Reply(
                    ReplyKind.DRAFT, text, draft_number=drafts[-1].number if len(drafts) == 1 else None
                )
            if len(ready) > 1:
                return Reply(ReplyKind.DRAFT, _which_draft(ready, ctx))
            target = ready[0]
        if target.status != DraftStatus.OPEN:
            return _draft_closed(target)
        fields = [from_storable(a) for a in target.activities]
        return await self._log(ctx, inbound, fields, [], target.documents, confirmed=True, draft=target)

    async def _correct_draft(
        self,
        ctx: Context,
        inbound: Inbound,
        draft: Draft,
        changes: Fields,
        ref: str,
        *,
        confirmed: bool = False,
    ) -> Reply:
        if draft.status != DraftStatus.OPEN:
            return _draft_closed(draft)
        fields_so_far = [from_storable(a) for a in draft.activities]
        item = draft_item(ref)
        if item is not None and item >= len(fields_so_far):
            return Reply(ReplyKind.REJECTED, say.NO_DRAFT)
        patched = [merge(f, changes) if item is None or i == item else f for i, f in enumerate(fields_so_far)]
        return await self._log(ctx, inbound, patched, [], draft.documents, draft=draft, confirmed=confirmed)

    async def _expire_drafts(self, ctx: Context, drafts: list[Draft]) -> tuple[list[str], list[Draft]]:
        """Drafts left unanswered for a week are dropped, and the member is told, never silently.
        Returns the notices and the drafts still open."""
        notices: list[str] = []
        still: list[Draft] = []
        for draft in drafts:
            if draft.created_at is None or ctx.now - draft.created_at < DRAFT_LIFETIME:
                still.append(draft)
                continue
            if await self.store.close_draft(ctx.member.id, draft.number, DraftStatus.EXPIRED):
                notices.append(say.DRAFT_EXPIRED.format(what=_draft_label(draft)))
        return notices, still

    async def _with_waiting(self, ctx: Context, reply: Reply, notices: list[str]) -> Reply:
        """Say what still waits after any reply, so no draft is forgotten behind the next message."""
        if reply.kind in (ReplyKind.ALREADY_HANDLED, ReplyKind.ERROR):
            return reply
        others = [d for d in await self.store.open_drafts(ctx.member.id) if d.number != reply.draft_number]
        lines = list(notices)
        if others:
            lines.append(say.STILL_WAITING)
            for d in others:
                question = waiting.question_text(waiting.open_question(d, ctx.member, ctx.today))
                lines.append(f"• {_draft_label(d)} — {question}")
        if lines:
            reply.text = "\n".join([reply.text, "", *lines]) if reply.text else "\n".join(lines)
        return reply

    # ---- changing entries ----------------------------------------------------------

    async def _find(self, ctx: Context, ref: str, *, touched: bool = False) -> RecordedActivity | None:
        """The entry a reference names; `touched`: "that" is the entry last recorded or corrected."""
        if touched and ref in ("last", ""):
            return await self.store.last_touched(ctx.member.id)
        if ref.startswith("match:"):
            return await self._named(ctx, ref.removeprefix("match:"))
        if ref in ("last", "") or is_draft_ref(ref):
            return await self.store.last_entry(ctx.member.id)
        number = _number(ref)
        return None if number is None else await self.store.entry(ctx.member.id, number)

    async def _undo(self, ctx: Context) -> Reply | None:
        """A bare "undo" takes back the last change: a delete is restored, a correction is asked
        about (the record keeps no earlier version to put back). None: the last change was a new
        entry, which "undo" deletes as it always has."""
        change = await self.store.last_change(ctx.member.id)
        if change is None or change[0] in ("recorded", "restored") or not change[1]:
            return None
        action, numbers = change
        if action == "edited":
            entry = await self.store.entry(ctx.member.id, numbers[0])
            if entry is None:
                return None
            line = presenting.activity_line(entry.activity)
            return Reply(ReplyKind.ANSWER, say.UNDO_EDIT.format(number=entry.number, line=line))
        restored = [r for n in numbers if (r := await self.store.restore(ctx.member.id, n)) is not None]
        if not restored:
            return None
        summary = (await self._cycle_summary(ctx)).moved(added=[r.activity for r in restored])
        lines = [
            say.RESTORED.format(number=r.number, line=presenting.activity_line(r.activity)) for r in restored
        ]
        return Reply(
            ReplyKind.RECORDED,
            "\n".join(lines) + f"\n\n{presenting.summary_text(summary)}",
            entries=restored,
            summary=summary,
        )

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
            if ref.startswith("match:"):
                text = say.NO_MATCH.format(words=ref.removeprefix("match:"))
            elif ref == "last":
                text = say.NOTHING_TO_UNDO
            elif len(refs) == 1:
                text = say.NOT_FOUND.format(ref=ref.lstrip("#"))
            else:
                text = say.NOT_FOUND_NONE_DELETED.format(
                    ref=ref.lstrip("#"), all=" ".join(f"#{r.lstrip('#')}" for r in refs)
                )
            return Reply(ReplyKind.REJECTED, text)
        deleted = await self.store.delete(
            ctx.member.id, [e.number for e in found], event_key=inbound.event_key
        )
        if not deleted:  # the other of two presses got there first: nothing is deleted twice
            return Reply(
                ReplyKind.REJECTED,
                say.ALREADY_DELETED.format(numbers=", ".join(f"#{e.number}" for e in found)),
            )
        summary = (await self._cycle_summary(ctx)).moved(removed=[d.activity for d in deleted])
        lines = [
            say.DELETED.format(number=d.number, line=presenting.activity_line(d.activity)) for d in deleted
        ]
        return Reply(
            ReplyKind.DELETED,
            "\n".join(lines) + f"\n\n{presenting.summary_text(summary)}",
            entries=deleted,
            summary=summary,
        )

    async def _named(self, ctx: Context, words: str) -> RecordedActivity | None:
        """The most recent entry whose title holds the words ("the rhinoplasty one")."""
        wanted = title_words(words)
        best: tuple[int, int, RecordedActivity] | None = None
        for entry in await self.store.recent_entries(ctx.member.id, 200):
            have = title_words(entry.activity.title)
            hits = len(wanted & have) + sum(1 for w in wanted for h in have if len(w) > 3 and h.startswith(w))
            if hits and (best is None or (hits, entry.number) > best[:2]):
                best = (hits, entry.number, entry)
        return best[2] if best else None

    async def _edit(self, ctx: Context, inbound: Inbound, changes: Fields) -> Reply:
        ref = str(changes.get("ref") or "last")
        if changes.get("match") and ref == "last":
            ref = f"match:{changes['match']}"
        changes = {k: v for k, v in changes.items() if k != "match"}
        entry = await self._find(ctx, ref, touched=True)
        if entry is None:
            return Reply(
                ReplyKind.REJECTED, say.NOT_FOUND.format(ref=ref) if ref != "last" else say.NOTHING_TO_UNDO
            )
        if not any(k != "ref" for k in changes):
            return Reply(ReplyKind.REJECTED, say.EDIT_NOTHING)
        unchanged = entry_topic_edits.nothing_to_change(entry, changes)  # "not ethics" of one without it
        if unchanged:
            return Reply(ReplyKind.REJECTED, unchanged)
        changes = following_the_total(entry.activity, changes)
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
        summary = (await self._cycle_summary(ctx)).moved(removed=[entry.activity], added=[updated.activity])
        text = say.EDITED.format(number=updated.number, line=presenting.activity_line(updated.activity))
        return Reply(
            ReplyKind.EDITED,
            f"{text}\n\n{presenting.summary_text(summary)}",
            entries=[updated],
            summary=summary,
            # No "Undo" here: the button deletes an entry, and a correction is not taken back by
            # deleting what it corrected.
            actions=[Action("edit", "Edit", str(updated.number))],
        )

    # ---- standing and reports ---------------------------------------------------------

    def _period(self, ctx: Context, fields: Fields) -> Period:
        start, end = fields.get("start_date"), fields.get("end_date")
        return report_period(
            ctx.member,
            ctx.today,
            str(fields.get("period") or "current"),
            start if isinstance(start, date) else None,
            end if isinstance(end, date) else None,
        )

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
        reply = await self._summary_for(ctx, self._period(ctx, fields))
        if str(fields.get("period") or "current") == "current":  # each set held beyond ASPS, a line each
            reply.text = await set_answers.with_sets(self.store, ctx.member, ctx.today, reply.text, "summary")
        return reply

    async def _ask(self, ctx: Context, text: str, fields: Fields) -> Reply:
        """A question about the member's own record; it never changes the record."""
        ask = str(fields.get("ask"))
        cycle = current_cycle(ctx.today, ctx.member.cycle_end_year)
        if ask == "cycle_end":
            return Reply(ReplyKind.ANSWER, asking.cycle_answer(ctx.member, ctx.today))
        if ask == "waiting":
            drafts = await self.store.open_drafts(ctx.member.id)
            if not drafts:
                return Reply(ReplyKind.ANSWER, say.NOTHING_WAITING)
            return Reply(
                ReplyKind.ANSWER, _which_draft(drafts, ctx).replace(say.WHICH_DRAFT, say.WAITING_LIST)
            )
        if ask == "pace":
            summary = await self._cycle_summary(ctx)
            text = await set_answers.with_sets(
                self.store, ctx.member, ctx.today, asking.pace_answer(summary, ctx.today), "pace"
            )
            return Reply(ReplyKind.ANSWER, text, summary=summary)
        span = asking.span_of(text, fields, ctx.today, cycle)
        if ask == "credits_in_period":
            summary = await asking.period_summary(self.store, ctx.member, span, ctx.today)
            return Reply(ReplyKind.ANSWER, asking.credits_answer(summary, span))
        if ask == "logged_already":
            return Reply(
                ReplyKind.ANSWER, asking.logged_answer(text, await self.store.entries(ctx.member.id))
            )
        limit = asking.last_n(text)
        if limit is not None:
            entries = await self.store.recent_entries(ctx.member.id, limit)
        else:
            entries = await self.store.entries(ctx.member.id, span.start, span.end)
        return Reply(ReplyKind.ANSWER, asking.entries_answer(entries, span, limit), entries=entries)

    async def _need(self, ctx: Context, metric: str) -> Reply:
        summary = await self._cycle_summary(ctx)
        text = presenting.need_text(summary, metric)
        if metric == "all":
            text = await set_answers.with_sets(self.store, ctx.member, ctx.today, text, "need")
        return Reply(ReplyKind.NEED, text, summary=summary)

    async def _report(self, ctx: Context, fields: Fields, text: str = "") -> Reply:
        period = self._period(ctx, fields)
        fmt = str(fields.get("format") or "pdf")
        sets, only, refused = await set_answers.report_sets(self.store, ctx.member, ctx.today, text)
        if refused:  # "send my Texas report" from a member who holds no Texas licence
            return Reply(ReplyKind.ANSWER, refused)
        if only is not None and only.window is not None:
            period = Period(only.window.start, only.window.end, only.set.short)
        data = await build_report(
            self.store,
            ctx.member,
            period,
            ctx.today,
            ctx.now,
            with_documents=fmt == "zip",
            sets=sets,
            only=only.set.code if only else None,
        )
        file = await asyncio.to_thread(render, data, fmt)
        if only is not None:
            return Reply(ReplyKind.REPORT, set_answers.report_text(only, data.set_entries), files=[file])
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

    async def _question(self, ctx: Context, text: str, understood: Understanding) -> Reply:
        from bot.understanding import knowledge

        answer = knowledge.answer(str(understood.fields.get("topic") or text))
        return Reply(ReplyKind.ANSWER, answer or say.QUESTION_FALLBACK)


async def _read(attachment: Attachment) -> tuple[str, str | None]:
    """Certificate text, or why it could not be read; OCR runs off the event loop."""
    try:
        return await asyncio.to_thread(read_certificate, attachment.data, attachment.filename), None
    except ValueError as exc:
        return "", str(exc)


DRAFT_LIFETIME = timedelta(days=7)


def _with_notices(reply: Reply, notices: list[str]) -> Reply:
    """The expiry notices after a reply that changed no draft."""
    if notices and reply.kind not in (ReplyKind.ALREADY_HANDLED, ReplyKind.ERROR):
        reply.text = "\n".join([reply.text, "", *notices]) if reply.text else "\n".join(notices)
    return reply


def _draft_label(draft: Draft) -> str:
    titles = [str(a.get("title") or "").strip() for a in draft.activities]
    named = "; ".join(f"“{t}”" for t in titles if t) or "an activity"
    return f"draft {draft.number} ({named})"


def _draft_closed(draft: Draft | None) -> Reply:
    """The answer to the second of two presses: what became of the draft, and nothing done twice."""
    if draft is None:
        return Reply(ReplyKind.REJECTED, say.NO_DRAFT)
    if draft.status == DraftStatus.RECORDED:
        numbers = ", ".join(f"#{n}" for n in draft.recorded_as)
        text = say.DRAFT_ALREADY_RECORDED.format(what=_draft_label(draft), numbers=numbers or "an entry")
    else:
        text = say.DRAFT_ALREADY_CLOSED.format(what=_draft_label(draft), status=draft.status)
    return Reply(ReplyKind.REJECTED, text, draft_number=draft.number)


def _which_draft(drafts: list[Draft], ctx: Context) -> str:
    lines = [say.WHICH_DRAFT]
    for d in drafts:
        question = waiting.question_text(waiting.open_question(d, ctx.member, ctx.today))
        lines.append(f"• {_draft_label(d)} — {question}")
    return "\n".join(lines)


def _flags(cand: Candidate) -> frozenset[str]:
    flags = record_flags(cand.problems, cand.activity) if cand.activity is not None else set()
    if "duplicate" in {p.code for p in cand.problems}:
        flags.add(FLAG_DUPLICATE)
    if cand.activity is not None and cand.auto_uploaded:
        flags.add(FLAG_AUTO_UPLOADED)
    return frozenset(flags)


def _number(ref: str) -> int | None:
    digits = ref.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 10 else None


def _home_actions() -> list[Action]:
    return [Action("submit", "Submit CME"), Action("report", "CME Report", "current")]
