"""The member's clock and calendar: their "now", and the period a report or summary covers.

One place for both, so "yesterday", "this cycle" and "2021-01-01..2021-06-30"
mean the same in chat, Slack, e-mail and the CLI. A member's time zone that
is unknown to this machine's zone database falls back to UTC rather than
failing the message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.ports import Member
from bot.requirements import Period, current_cycle, previous_cycle


def zone_of(member: Member) -> ZoneInfo:
    try:
        return ZoneInfo(member.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def member_now(member: Member, at: datetime | None = None) -> datetime:
    """`at` (default: now) on the member's wall clock."""
    return (at or datetime.now(UTC)).astimezone(zone_of(member))


def report_period(
    member: Member, today: date, kind: str, start: date | None = None, end: date | None = None
) -> Period:
    """The period named by "current", "previous" or "range" (with its dates)."""
    if kind == "previous":
        return previous_cycle(today, member.cycle_end_year)
    if kind == "range" and start is not None:
        last = end or start
        return Period(start, last, f"{start.isoformat()} to {last.isoformat()}")
    return current_cycle(today, member.cycle_end_year)


def parse_period(member: Member, today: date, spec: str) -> Period:
    """A period as the CLI writes it: current, previous or YYYY-MM-DD..YYYY-MM-DD (ValueError otherwise)."""
    if spec in ("current", "previous"):
        return report_period(member, today, spec)
    first, last = (date.fromisoformat(p) for p in spec.split(".."))
    return report_period(member, today, "range", first, last)
