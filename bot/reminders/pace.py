"""What a member is short of, per requirement set and deadline: the one input nudges need.

`pace_lines` is the single switch point between today's ASPS summary and the
requirement sets of issue 14 (`bot.standings.standings`): everything else in
reminders reads `PaceLine`s only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_UP, Decimal

from bot.ports import Member, RecordStore
from bot.requirements import current_cycle, summarize

DAYS_PER_MONTH = Decimal("30.436875")  # a Gregorian year / 12


@dataclass(frozen=True, slots=True)
class PaceLine:
    """One unmet rule: `remaining` credits of `label` by `due`, in the set `set_code`."""

    set_code: str
    set_name: str
    label: str
    remaining: Decimal
    due: date
    one_time: bool = False  # a rule met once ever (DEA MATE), reminded before its own date


async def pace_lines(store: RecordStore, member: Member, today: date) -> list[PaceLine]:
    """Every unmet rule with a deadline on or after `today`, most urgent first."""
    period = current_cycle(today, member.cycle_end_year)
    summary = summarize(period, await store.totals(member.id, period.start, period.end), today)
    lines = [
        PaceLine("asps", "ASPS", s.metric.label, s.remaining, period.end)
        for s in summary.standings
        if not s.met
    ]
    return sorted(lines, key=lambda line: line.due)


def deadlines(member: Member, today: date) -> list[tuple[str, date, bool]]:
    """(set code, deadline, one-time) pairs to plan nudges for, without reading the record: planning
    every member must stay cheap; whether they are short is asked when a nudge comes due."""
    return [("asps", current_cycle(today, member.cycle_end_year).end, False)]


def months_left(today: date, due: date) -> Decimal:
    """Months from today to the deadline, never below one (a last month still takes a month's pace)."""
    return max(Decimal((due - today).days) / DAYS_PER_MONTH, Decimal(1))


def per_month(remaining: Decimal, today: date, due: date) -> Decimal:
    """Credits a month from now on, rounded up to a tenth so keeping that pace is enough."""
    return (remaining / months_left(today, due)).quantize(Decimal("0.1"), rounding=ROUND_UP)
