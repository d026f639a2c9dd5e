"""What a member is short of, per requirement set and deadline: the one input nudges need.

`pace_lines` reads the requirement sets' verdicts (`bot.standings.standings`,
issue 14) and is the one place that does: everything else in reminders reads
`PaceLine`s only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_UP, Decimal

from bot.ports import Member, RecordStore
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import Profile, RuleWindow
from bot.requirement_sets.periods import place, rule_span
from bot.standings import standings

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
    """Every unmet rule of every set the member holds with a deadline from today on, most urgent first."""
    lines = [
        PaceLine(
            verdict.set.code,
            verdict.set.short,
            rule.rule.label,
            rule.remaining,
            rule.due,
            one_time=rule.rule.window is RuleWindow.ONE_TIME,
        )
        for verdict in await standings(store, member, today)
        for rule in verdict.shortfalls
        if rule.due is not None and rule.due >= today
    ]
    return sorted(lines, key=lambda line: (line.due, line.set_code))


def deadlines(member: Member, profile: Profile, today: date) -> list[tuple[str, date, bool]]:
    """(set code, deadline, one-time) to plan nudges for, from the profile alone: planning every member
    must not sum anyone's record; whether they are short is asked when a nudge comes due."""
    sets = requirement_sets()
    found: set[tuple[str, date, bool]] = set()
    for held in profile.sets:
        one = sets.get(held.code)
        if one is None:
            continue
        where = place(one, held, member, today)
        for rule in one.rules:
            due = rule_span(rule, held, where, today).due
            if due is not None and due >= today:
                found.add((one.code, due, rule.window is RuleWindow.ONE_TIME))
    return sorted(found, key=lambda d: (d[1], d[0]))


def months_left(today: date, due: date) -> Decimal:
    """Months from today to the deadline, never below one (a last month still takes a month's pace)."""
    return max(Decimal((due - today).days) / DAYS_PER_MONTH, Decimal(1))


def per_month(remaining: Decimal, today: date, due: date) -> Decimal:
    """Credits a month from now on, rounded up to a tenth so keeping that pace is enough."""
    return (remaining / months_left(today, due)).quantize(Decimal("0.1"), rounding=ROUND_UP)
