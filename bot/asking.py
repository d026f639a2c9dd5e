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

from bot import messages as say
from bot import presenting
from bot.domain import ZERO, RecordedActivity, format_credits, title_words
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
        return Span(month_start, today, say.SPAN_THIS_MONTH)
    if re.search(r"\blast\s+month\b", low):
        end = month_start - timedelta(days=1)
        return Span(end.replace(day=1), end, say.SPAN_LAST_MONTH)
    if re.search(r"\bthis\s+week\b", low):
        return Span(today - timedelta(days=today.weekday()), today, say.SPAN_THIS_WEEK)
    if re.search(r"\blast\s+week\b", low):
        start = today - timedelta(days=today.weekday() + 7)
        return Span(start, start + timedelta(days=6), say.SPAN_LAST_WEEK)
    if re.search(r"\btoday\b", low):
        return Span(today, today, say.SPAN_TODAY)
    given_start, given_end = fields.get("start_date"), fields.get("end_date")
    if isinstance(given_start, date) and isinstance(given_end, date):
        start, end = given_start, given_end
        label = (
            str(start.year)
            if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            else say.SPAN_RANGE.format(start=start.isoformat(), end=end.isoformat())
        )
        return Span(start, min(end, today), label)
    for name, number in _MONTHS.items():
        if re.search(rf"\b(?:in|during|for)\s+{name}\b", low):
            year = today.year if number <= today.month else today.year - 1
            last = calendar.monthrange(year, number)[1]
            return Span(
                date(year, number, 1), date(year, number, last), f"{calendar.month_name[number]} {year}"
            )
    return Span(
        cycle.start, min(cycle.end, today), say.SPAN_CYCLE.format(start=cycle.start.year, end=cycle.end.year)
    )


def cycle_answer(member: Member, today: date) -> str:
    cycle = current_cycle(today, member.cycle_end_year)
    days = (cycle.end - today).days
    return say.ASK_CYCLE.format(
        start=cycle.start.isoformat(), end=cycle.end.isoformat(), year=cycle.end.year, days=days
    )


def entries_answer(entries: list[RecordedActivity], span: Span, limit: int | None) -> str:
    shown = sorted(entries, key=lambda e: (e.activity.start_date, e.number))
    if limit is not None:
        shown = sorted(entries, key=lambda e: e.number)[-limit:]
    if not shown:
        return say.ASK_NOTHING_LOGGED.format(span=span.label)
    head = (
        say.ASK_LAST_ENTRIES.format(count=len(shown))
        if limit is not None
        else say.ASK_LOGGED_FOR.format(span=span.label)
    )
    total = sum((e.activity.credits for e in shown), ZERO)
    lines = [head, *(presenting.entry_line(e) for e in shown)]
    lines.append(
        say.ASK_ENTRIES_TOTAL.format(
            count=len(shown), noun=_entries(len(shown)), credits=format_credits(total)
        )
    )
    return "\n".join(lines)


def credits_answer(summary: Summary, span: Span) -> str:
    t = summary.totals
    if not t.entries:
        return say.ASK_NO_CREDITS.format(span=span.label)
    total = t.category1 + t.category2
    return say.ASK_CREDITS.format(
        span=span.label,
        total=format_credits(total),
        count=t.entries,
        noun=_entries(t.entries),
        cat1=format_credits(t.category1),
        cat2=format_credits(t.category2),
        plastic=format_credits(t.plastic_surgery),
        safety=format_credits(t.patient_safety),
    )


def logged_answer(text: str, entries: list[RecordedActivity]) -> str:
    words = _words(text)
    if not words:
        return say.ASK_WHICH_ACTIVITY
    scored = []
    for e in entries:
        overlap = words & (_words(e.activity.title) | _words(e.activity.provider or ""))
        if overlap:
            scored.append((len(overlap), e))
    scored.sort(key=lambda item: (-item[0], -item[1].number))
    if not scored:
        return say.ASK_NOT_LOGGED.format(words=" ".join(sorted(words)))
    best = scored[0][0]
    hits = [e for n, e in scored if n == best][:5]
    lines = [say.ASK_LOGGED_ONE if len(hits) == 1 else say.ASK_LOGGED_SEVERAL]
    lines.extend(presenting.entry_line(e) for e in hits)
    return "\n".join(lines)


def pace_answer(summary: Summary, today: date) -> str:
    """Where an even pace would have the member by today, and what each month now takes."""
    period = summary.period
    length = (period.end - period.start).days + 1
    elapsed = min(max((today - period.start).days + 1, 0), length)
    months_left = max(Decimal((period.end - today).days) / Decimal("30.44"), Decimal(1))
    lines = [say.PACE_HEADER.format(percent=elapsed * 100 // length)]
    behind = False
    for s in summary.standings:
        due = (s.required * elapsed / length).quantize(Decimal("0.25"), ROUND_HALF_UP)
        if s.met:
            lines.append(
                say.PACE_MET.format(
                    label=s.metric.label, earned=format_credits(s.earned), required=format_credits(s.required)
                )
            )
            continue
        per_month = (s.remaining / months_left).quantize(Decimal("0.1"), ROUND_HALF_UP)
        state = say.PACE_ON_TRACK if s.earned >= due else say.PACE_BEHIND
        behind = behind or s.earned < due
        lines.append(
            say.PACE_LINE.format(
                mark="✓" if s.earned >= due else "✗",
                label=s.metric.label,
                earned=format_credits(s.earned),
                due=format_credits(due),
                state=state,
                remaining=format_credits(s.remaining),
                per_month=per_month,
                end=period.end.isoformat(),
            )
        )
    lines.insert(1, say.PACE_SOME_BEHIND if behind else say.PACE_ALL_ON_TRACK)
    return "\n".join(lines)


def last_n(text: str) -> int | None:
    m = _LAST_N.search(text)
    return int(m.group(1)) if m else None


async def period_summary(store: RecordStore, member: Member, span: Span, today: date) -> Summary:
    period = Period(span.start, span.end, span.label)
    return summarize(period, await store.totals(member.id, span.start, span.end), today)


def _entries(count: int) -> str:
    return say.ENTRY_NOUN[0] if count == 1 else say.ENTRY_NOUN[1]


def _words(text: str) -> set[str]:
    return title_words(text, _STOP)
