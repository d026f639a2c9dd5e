"""When a reminder may go: outside quiet hours, days off and a snooze, on the member's wall clock.

Times are computed in the member's zone with zoneinfo and handed back in UTC,
so a DST change moves the UTC instant and never the local hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.reminders.prefs import QuietHours, ReminderPrefs


def local_at(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """`day` at `minute` after midnight in `zone`; a time skipped by DST lands just after the gap."""
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return wall.astimezone(UTC).astimezone(zone)


def next_allowed(at: datetime, zone: ZoneInfo, prefs: ReminderPrefs, default: QuietHours) -> datetime:
    """The first moment at or after `at` the member may be sent something (UTC)."""
    hours = prefs.quiet_hours(default)
    local = at.astimezone(zone)
    for _ in range(400):  # every rule moves forward by at least a minute; a year of days off ends it
        day = local.date()
        minute = local.hour * 60 + local.minute
        if prefs.snooze_until is not None and day < prefs.snooze_until:
            local = local_at(prefs.snooze_until, 0, zone)
            continue
        if day.weekday() in prefs.days_off:
            local = local_at(day + timedelta(days=1), 0, zone)
            continue
        if hours.quiet(minute):
            if hours.start > hours.end and minute >= hours.start:
                local = local_at(day + timedelta(days=1), hours.end, zone)
            else:
                local = local_at(day, hours.end, zone)
            continue
        return local.astimezone(UTC)
    return local.astimezone(UTC)  # every day is off: the caller's guard (a settings error) already said so
