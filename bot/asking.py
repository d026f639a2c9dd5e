"""Answers to questions about the member's own record: cycle dates, credits in a period, entries,
"did I already log X", "am I on track", "what's waiting".

Every answer reads the record and never changes it. Periods are the member's
calendar ("this month" is their month, in their time zone).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot import presenting
from bot.domain import ZERO, RecordedActivity, format_credits
from bot.ports import Member, RecordStore
from bot.requirements import Period, Summary, current_cycle, summarize
from bot.understanding.contract import Fields

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_LAST_N = re.compile(
    r"\b(?:last|latest|recent|past)\s+(\d{1,3})\b(?!\s*(?:days?|weeks?|months?|years?))", re.I
)
_STOP_WORDS = (
    "did i already log record enter add submit the my a an put in it have logged recorded entered added "
    "submitted is was on there yet ever meeting course activity cme credits credit that this last week "
    "month year today yesterday already"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date
    label: str


def span_of(text: str, fields: Fields, today: date, cycle: Period) -> Span:
    """The period a question names; the current cycle when it names none."""
    low = text.lower()
    month_start = today.replace(day=1)
    if re.search(r"\bthis\s+month\b", low):
        return Span(month_start, today, "this month")
    if re.search(r"\blast\s+month\b", low):
        end = month_start - timedelta(days=1)
        return Span(end.replace(day=1), end, "last month")
    if re.search(r"\bthis\s+week\b", low):
        return Span(today - timedelta(days=today.weekday()), today, "this week")
    if re.search(r"\blast\s+week\b", low):
        start = today - timedelta(days=today.weekday() + 7)
        return Span(start, start + timedelta(days=6), "last week")
    if re.search(r"\btoday\b", low):
        return Span(today, today, "today")
    given_start, given_end = fields.get("start_date"), fields.get("end_date")
    if isinstance(given_start, date) and isinstance(given_end, date):
        start, end = given_start, given_end
        label = (
            str(start.year)
            if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            else (f"{start.isoformat()} to {end.isoformat()}")
        )
        return Span(start, min(end, today), label)
    for name, number in _MONTHS.items():
        if re.search(rf"\b(?:in|during|for)\s+{name}\b", low):
            year = today.year if number <= today.month else today.year - 1
            last = calendar.monthrange(year, number)[1]
            return Span(
                date(year, number, 1), date(year, number, last), f"{calendar.month_name[number]} {year}"
            )
    return Span(cycle.start, min(cycle.end, today), f"this cycle ({cycle.start.year}–{cycle.end.year})")


def cycle_answer(member: Member, today: date) -> str:
    cycle = current_cycle(today, member.cycle_end_year)
    days = (cycle.end - today).days
    return (
        f"Your current ASPS cycle runs {cycle.start.isoformat()} to {cycle.end.isoformat()} "
        f"(the cycle ending in {cycle.end.year}); {days} days left."
    )


def entries_answer(entries: list[RecordedActivity], span: Span, limit: int | None) -> str:
    shown = sorted(entries, key=lambda e: (e.activity.start_date, e.number))
    if limit is not None:
        shown = sorted(entries, key=lambda e: e.number)[-limit:]
    if not shown:
        return f"Nothing logged for {span.label}."
    head = f"Your last {len(shown)} entries:" if limit is not None else f"Logged for {span.label}:"
    total = sum((e.activity.credits for e in shown), ZERO)
    lines = [head, *(presenting.entry_line(e) for e in shown)]
    lines.append(
        f"{len(shown)} {'entry' if len(shown) == 1 else 'entries'}, {format_credits(total)} credits."
    )
    return "\n".join(lines)


def credits_answer(summary: Summary, span: Span) -> str:
    t = summary.totals
    if not t.entries:
        return f"No credits logged for {span.label}."
    total = t.category1 + t.category2
    return (
        f"For {span.label}: {format_credits(total)} credits in {t.entries} "
        f"{'entry' if t.entries == 1 else 'entries'} — {format_credits(t.category1)} Category 1, "
        f"{format_credits(t.category2)} Category 2, {format_credits(t.plastic_surgery)} plastic surgery, "
        f"{format_credits(t.patient_safety)} patient safety."
    )


def logged_answer(text: str, entries: list[RecordedActivity]) -> str:
    words = _words(text)
    if not words:
        return "Which activity do you mean? Tell me its title and I'll look."
    scored = []
    for e in entries:
        overlap = words & (_words(e.activity.title) | _words(e.activity.provider or ""))
        if overlap:
            scored.append((len(overlap), e))
    scored.sort(key=lambda item: (-item[0], -item[1].number))
    if not scored:
        return f"I don't see it — nothing on your record matches “{' '.join(sorted(words))}”."
    best = scored[0][0]
    hits = [e for n, e in scored if n == best][:5]
    lines = ["Yes — on your record:" if len(hits) == 1 else "These on your record match:"]
    lines.extend(presenting.entry_line(e) for e in hits)
    return "\n".join(lines)


def pace_answer(summary: Summary, today: date) -> str:
    """Where an even pace would have the member by today, and what each month now takes."""
    period = summary.period
    length = (period.end - period.start).days + 1
    elapsed = min(max((today - period.start).days + 1, 0), length)
    months_left = max(Decimal((period.end - today).days) / Decimal("30.44"), Decimal(1))
    lines = [f"By today an even pace would have you at {elapsed * 100 // length}% of each requirement:"]
    behind = False
    for s in summary.standings:
        due = (s.required * elapsed / length).quantize(Decimal("0.25"), ROUND_HALF_UP)
        if s.met:
            lines.append(
                f"✓ {s.metric.label}: {format_credits(s.earned)} of {format_credits(s.required)} — met."
            )
            continue
        per_month = (s.remaining / months_left).quantize(Decimal("0.1"), ROUND_HALF_UP)
        state = "on track" if s.earned >= due else "behind"
        behind = behind or s.earned < due
        lines.append(
            f"{'✓' if s.earned >= due else '✗'} {s.metric.label}: {format_credits(s.earned)} "
            f"(even pace: {format_credits(due)}) — {state}; {format_credits(s.remaining)} to go, "
            f"about {per_month} a month until {period.end.isoformat()}."
        )
    lines.insert(1, "You're behind on some of it." if behind else "You're on track.")
    return "\n".join(lines)


def last_n(text: str) -> int | None:
    m = _LAST_N.search(text)
    return int(m.group(1)) if m else None


async def period_summary(store: RecordStore, member: Member, span: Span, today: date) -> Summary:
    period = Period(span.start, span.end, span.label)
    return summarize(period, await store.totals(member.id, span.start, span.end), today)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9&]{2,}", text.lower()) if w not in _STOP}
