"""Which cycle an activity counts toward, said when it is not the current one.

A certificate from 2020 recorded in 2027 moves nothing in this cycle's
summary; without a word the member sees "Recorded" and a summary that did not
change and thinks the bot lost it. One from the previous cycle is recorded
and named (it still matters for that cycle's report); one older than that is
more often a wrong date than a late entry, so it is asked about first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import messages as say
from bot.ports import Member
from bot.requirements import Period, current_cycle, previous_cycle
from bot.rules import Problem


@dataclass(frozen=True, slots=True)
class Placement:
    note: str | None = None
    problem: Problem | None = None


def _years(period: Period) -> tuple[str, str]:
    return str(period.start.year), str(period.end.year)


def place(day: date, member: Member, today: date) -> Placement:
    """A notice for the previous cycle, a question for anything older, nothing for this cycle."""
    current = current_cycle(today, member.cycle_end_year)
    if day >= current.start:
        return Placement()
    previous = previous_cycle(today, member.cycle_end_year)
    if day >= previous.start:
        start, end = _years(previous)
        return Placement(note=say.PREVIOUS_CYCLE.format(date=day.isoformat(), start=start, end=end))
    older = current_cycle(day, member.cycle_end_year)
    start, end = _years(older)
    prev_start, prev_end = _years(previous)
    message = say.OLDER_CYCLE.format(
        date=day.isoformat(),
        year=older.end.year,
        start=start,
        end=end,
        prev_start=prev_start,
        prev_end=prev_end,
    )
    return Placement(problem=Problem("older_cycle", message, "start_date", confirmable=True))
