"""Which reminder rows a member should have, each keyed (member, kind, period, threshold) and due at a
moment the member may be written to.

Planning never reads the record: a nudge is planned for every threshold of
every deadline, and whether the member is still short is asked when it comes
due (a member who caught up gets nothing). Thresholds already passed when a
member is first planned collapse to the latest one, so a newcomer with two
months left gets one nudge, not four.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.reminders.prefs import QuietHours, ReminderPrefs
from bot.reminders.quiet import local_at, next_allowed

PACE, DRAFT, DRAFT_EXPIRY, DIGEST = "pace", "draft", "draft_expiry", "digest"
# Before a deadline: (threshold key, months, days).
THRESHOLDS: tuple[tuple[str, int, int], ...] = (
    ("12m", 12, 0),
    ("6m", 6, 0),
    ("3m", 3, 0),
    ("1m", 1, 0),
    ("2w", 0, 14),
)
# One-time rules (DEA MATE) are reminded closer to their date.
ONE_TIME_THRESHOLDS: tuple[tuple[str, int, int], ...] = (("3m", 3, 0), ("1m", 1, 0), ("2w", 0, 14))
SEND_MINUTE = 9 * 60 + 30  # a nudge's day starts at 09:30 local, then quiet hours and days off apply
DRAFT_NUDGE_AFTER = timedelta(days=1)
DRAFT_LIFETIME = timedelta(days=7)  # the same week bot.conversation drops a draft after


@dataclass(frozen=True, slots=True)
class NewReminder:
    member_id: int
    kind: str
    period: str
    threshold: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


def minus(day: date, months: int, days: int) -> date:
    """`months` calendar months (day clamped to the month's end) and `days` before `day`."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last)) - timedelta(days=days)


def pace_period(set_code: str, due: date) -> str:
    return f"{set_code}:{due.isoformat()}"


def plan_pace(
    member_id: int,
    zone: ZoneInfo,
    today: date,
    deadlines: list[tuple[str, date, bool]],
    prefs: ReminderPrefs,
    quiet: QuietHours,
) -> list[NewReminder]:
    rows: list[NewReminder] = []
    for set_code, due, one_time in deadlines:
        if due < today:
            continue
        points = [(key, minus(due, m, d)) for key, m, d in (ONE_TIME_THRESHOLDS if one_time else THRESHOLDS)]
        passed = [p for p in points if p[1] <= today]
        chosen = [*passed[-1:], *[p for p in points if p[1] > today][:1]]
        for key, day in chosen:
            at = next_allowed(local_at(max(day, today), SEND_MINUTE, zone), zone, prefs, quiet)
            payload = {"set": set_code, "due": due.isoformat(), "one_time": one_time}
            rows.append(NewReminder(member_id, PACE, pace_period(set_code, due), key, at, payload))
    return rows


def plan_draft(
    member_id: int, number: int, created_at: datetime, zone: ZoneInfo, prefs: ReminderPrefs, quiet: QuietHours
) -> list[NewReminder]:
    """A nudge after a day, and the expiry notice after a week (sent at the next allowed moment)."""
    period = f"draft:{number}"
    payload = {"draft": number}
    nudge = next_allowed(created_at + DRAFT_NUDGE_AFTER, zone, prefs, quiet)
    expiry = next_allowed(created_at + DRAFT_LIFETIME, zone, prefs, quiet)
    return [
        NewReminder(member_id, DRAFT, period, "1d", nudge, payload),
        NewReminder(member_id, DRAFT_EXPIRY, period, "7d", expiry, payload),
    ]


def plan_digest(
    member_id: int, zone: ZoneInfo, today: date, prefs: ReminderPrefs, quiet: QuietHours
) -> list[NewReminder]:
    """This month's digest, sent on the first of the next month."""
    if not prefs.digest:
        return []
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    at = next_allowed(local_at(first_next, SEND_MINUTE, zone), zone, prefs, quiet)
    month = today.strftime("%Y-%m")
    return [NewReminder(member_id, DIGEST, f"digest:{month}", "monthly", at, {"month": month})]
