"""A due reminder's words, read fresh from the record when it goes, or None when there is nothing to say
(the member caught up, the draft was answered): such a row is closed without a message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot import presenting
from bot.drafting import draft_ref
from bot.envelope import Action
from bot.ports import Draft, DraftStatus, Member, RecordStore
from bot.reminders import wording as say
from bot.reminders.pace import PaceLine, pace_lines, per_month
from bot.reminders.planning import DIGEST, DRAFT, DRAFT_EXPIRY, PACE
from bot.requirements import current_cycle


@dataclass(frozen=True, slots=True)
class Notice:
    subject: str
    text: str
    actions: list[Action] = field(default_factory=list)  # Slack buttons
    thread: str | None = None  # e-mail: the Message-ID a reply should answer (a draft's question)
    expire_draft: int | None = None  # close this draft (expired) in the same transaction as sending


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _credits(value: Decimal) -> str:
    return f"{value.normalize():f}"


async def compose(
    store: RecordStore, member: Member, kind: str, payload: dict[str, Any], today: date, *, slack: bool
) -> Notice | None:
    if kind == PACE:
        return await _pace(store, member, payload, today)
    if kind in (DRAFT, DRAFT_EXPIRY):
        draft = await store.draft(member.id, int(payload["draft"]))
        if draft is None or draft.status != DraftStatus.OPEN:
            return None
        return _draft(draft, kind, slack)
    if kind == DIGEST:
        return await _digest(store, member, str(payload["month"]), today)
    return None


def pace_text(lines: list[PaceLine], today: date) -> str:
    due = lines[0].due
    out = [say.PACE_OPENING.format(set_name=lines[0].set_name, due=_day(due))]
    for line in lines:
        if line.one_time:
            out.append(say.PACE_LINE_ONE_TIME.format(label=line.label, due=_day(line.due)))
            continue
        out.append(
            say.PACE_LINE.format(
                remaining=_credits(line.remaining),
                label=line.label.lower(),
                monthly=_credits(per_month(line.remaining, today, line.due)),
                due=_day(line.due),
            )
        )
    return "\n".join([*out, "", say.PACE_CLOSING, "", say.STOP_HINT])


async def _pace(store: RecordStore, member: Member, payload: dict[str, Any], today: date) -> Notice | None:
    due = date.fromisoformat(str(payload["due"]))
    lines = [
        line
        for line in await pace_lines(store, member, today)
        if line.set_code == payload["set"] and line.due == due and line.remaining > 0
    ]
    if not lines:
        return None
    first = lines[0]
    what = f"{_credits(first.remaining)} {first.label.lower()}" + (" and more" if len(lines) > 1 else "")
    subject = say.PACE_SUBJECT.format(set_name=first.set_name, what=what, due=_day(due))
    return Notice(subject, pace_text(lines, today))


def _label(draft: Draft) -> str:
    titles = [str(a.get("title") or "").strip() for a in draft.activities]
    named = "; ".join(f"“{t}”" for t in titles if t) or "an activity"
    return f"Draft {draft.number} ({named})"


def _draft(draft: Draft, kind: str, slack: bool) -> Notice:
    what = _label(draft)
    if kind == DRAFT_EXPIRY:
        return Notice(
            say.DRAFT_EXPIRY_SUBJECT.format(number=draft.number),
            "\n".join([say.DRAFT_EXPIRED.format(what=what), "", say.STOP_HINT]),
            thread=draft.thread,
            expire_draft=draft.number,
        )
    since = _day(draft.created_at.date()) if isinstance(draft.created_at, datetime) else "yesterday"
    how = (say.DRAFT_NUDGE_SLACK if slack else say.DRAFT_NUDGE_EMAIL).format(number=draft.number)
    ref = draft_ref(None, draft.number)
    return Notice(
        say.DRAFT_SUBJECT.format(number=draft.number),
        "\n".join([say.DRAFT_NUDGE.format(what=what, since=since), how, "", say.STOP_HINT]),
        actions=[Action("confirm", "Confirm", ref), Action("cancel", "Cancel", ref)],
        thread=draft.thread,
    )


async def _digest(store: RecordStore, member: Member, month: str, today: date) -> Notice | None:
    first = date.fromisoformat(month + "-01")
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    entries = await store.entries(member.id, first, last)
    label = f"{first:%B %Y}"
    out = [say.DIGEST_OPENING.format(month=label)]
    if entries:
        out.extend(
            say.DIGEST_ENTRY.format(number=e.number, line=presenting.activity_line(e.activity))
            for e in entries
        )
    else:
        out.append(say.DIGEST_NONE)
    out.extend(["", say.DIGEST_STANDING])
    lines = await pace_lines(store, member, today)
    if lines:
        out.append(pace_text(lines, today).split("\n\n")[0])
    else:
        out.append(say.DIGEST_ALL_MET.format(set_name="ASPS"))
    cycle = current_cycle(today, member.cycle_end_year)
    missing = [e.number for e in await store.entries(member.id, cycle.start, cycle.end) if not e.document_ids]
    if missing:
        out.extend(
            ["", say.DIGEST_MISSING.format(count=len(missing), numbers=", #".join(map(str, missing[:20])))]
        )
    out.extend(["", say.STOP_HINT_DIGEST])
    return Notice(say.DIGEST_SUBJECT.format(month=label), "\n".join(out))
