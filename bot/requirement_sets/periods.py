"""Which dates a rule counts: a set's periods, and each kind of rule window within them.

Every period kind is one series of equal periods ending on an anchor date
moved by whole periods: ASPS and Pennsylvania end on December 31 of a
calendar year, Texas and Florida on the member's renewal date. Today's
period is the one whose end is the first on or after today, so a renewal
date that has passed rolls forward instead of leaving the member with a
period that is already over.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bot.ports import Member
from bot.requirement_sets.model import HeldSet, PeriodKind, RequirementSet, Rule, RuleWindow, Window

# Credits "ever" start here: a one-time rule counts all of the record (DEA: earlier training counts).
EPOCH = date(1900, 1, 1)
DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; a month's last day stays the last day (Feb 28 -> Aug 31)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month0 + 1, last if at_end else min(day.day, last))


@dataclass(frozen=True, slots=True)
class Series:
    """Periods of `months` months, one of which ends on `anchor`; period k ends `k` periods later."""

    anchor: date
    months: int

    def end(self, k: int) -> date:
        return add_months(self.anchor, k * self.months)

    def window(self, k: int) -> Window:
        return Window(self.end(k - 1) + DAY, self.end(k))

    def index_of(self, day: date) -> int:
        """The k of the period containing `day`: the first end on or after it."""
        months_apart = (day.year - self.anchor.year) * 12 + day.month - self.anchor.month
        k = months_apart // self.months
        while self.end(k) < day:
            k += 1
        while self.end(k - 1) >= day:
            k -= 1
        return k


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a held set stands today: its series, today's period index, and whether the anchor is a guess."""

    series: Series | None
    k: int
    assumed: bool

    @property
    def window(self) -> Window | None:
        return self.series.window(self.k) if self.series else None

    def previous(self, back: int = 1) -> Window | None:
        return self.series.window(self.k - back) if self.series else None


def place(one: RequirementSet, held: HeldSet, member: Member, today: date) -> Placement:
    """Today's period of `one` for this member.

    CALENDAR: N whole years ending Dec 31 of the member's cycle year (ASPS: the portal's
    "cycle ending in", Member.cycle_end_year), else of the held set's date, else of the
    set's anchor (Pennsylvania: odd Jan 1 to even Dec 31 for everyone). ANCHORED: months
    ending on the held set's renewal date, else the set's anchor.
    """
    if one.period is PeriodKind.NONE or one.anchor is None:
        return Placement(None, 0, False)
    anchor: date
    given = True
    if one.period is PeriodKind.CALENDAR:
        if one.cycle_from_member and member.cycle_end_year is not None:
            anchor = date(member.cycle_end_year, 12, 31)
        elif held.renews_on is not None:
            anchor = date(held.renews_on.year, 12, 31)
        else:
            anchor, given = one.anchor, False
    else:
        if held.renews_on is not None:
            anchor = held.renews_on
        else:
            anchor, given = one.anchor, False
    series = Series(anchor, one.months)
    return Placement(series, series.index_of(today), assumed=not given and not one.anchor_shared)


@dataclass(frozen=True, slots=True)
class RuleSpan:
    """The windows a rule sums over, and the day it must be met by."""

    windows: tuple[Window, ...]  # several only for EACH_YEAR: one per year so far
    due: date | None


def rule_span(rule: Rule, held: HeldSet, where: Placement, today: date) -> RuleSpan:
    current = where.window
    if rule.window is RuleWindow.PERIOD and current is not None:
        return RuleSpan((current,), current.end)
    if rule.window is RuleWindow.EVERY_N_PERIODS and current is not None:
        first = where.previous(rule.every - 1)
        assert first is not None
        return RuleSpan((Window(first.start, current.end),), current.end)
    if rule.window is RuleWindow.EACH_YEAR and current is not None:
        years = range(current.start.year, min(today.year, current.end.year) + 1)
        spans = tuple(
            Window(max(current.start, date(y, 1, 1)), min(current.end, date(y, 12, 31))) for y in years
        )
        return RuleSpan(spans or (current,), current.end)
    if rule.window is RuleWindow.ROLLING_YEARS:
        start = add_months(today, -12 * rule.every) + DAY
        return RuleSpan((Window(start, today),), held.renews_on or (current.end if current else None))
    # ONE_TIME: the whole record up to the deadline (the rule's own, else the member's renewal
    # date, else the period's end). A late completion still counts: the member needs to know it
    # is done; whether it was late is the board's to judge.
    due = rule.due or held.renews_on or (current.end if current else None)
    end = max(due, today) if due is not None else today
    return RuleSpan((Window(EPOCH, end),), due)
