"""When a reminder may go, on the member's wall clock: quiet hours, DST, days off, snoozes; thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.planning import minus, plan_pace
from bot.reminders.prefs import QuietHours, ReminderPrefs
from bot.reminders.quiet import next_allowed

NY = ZoneInfo("America/New_York")
DEFAULT = QuietHours()


def local(at: datetime, zone: ZoneInfo = NY) -> datetime:
    return at.astimezone(zone)


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        (datetime(2027, 6, 1, 12, 0), datetime(2027, 6, 1, 12, 0)),  # daytime: now
        (datetime(2027, 6, 1, 21, 0), datetime(2027, 6, 2, 8, 0)),  # 9pm: next morning
        (datetime(2027, 6, 1, 23, 59), datetime(2027, 6, 2, 8, 0)),
        (datetime(2027, 6, 2, 3, 0), datetime(2027, 6, 2, 8, 0)),  # small hours: this morning
        (datetime(2027, 6, 2, 7, 59), datetime(2027, 6, 2, 8, 0)),
        (datetime(2027, 6, 2, 20, 59), datetime(2027, 6, 2, 20, 59)),
    ],
)
def test_quiet_hours_on_the_members_clock(wall: datetime, expected: datetime) -> None:
    at = wall.replace(tzinfo=NY)
    assert local(next_allowed(at, NY, ReminderPrefs(), DEFAULT)) == expected.replace(tzinfo=NY)


def test_across_the_spring_dst_change_the_local_hour_holds() -> None:
    # 14 March 2027: New York springs forward at 2am. A reminder due at 22:00 on the 13th waits
    # for 08:00 local on the 14th, which is 12:00 UTC (EDT), not 13:00 (EST).
    at = datetime(2027, 3, 13, 22, 0, tzinfo=NY)
    allowed = next_allowed(at, NY, ReminderPrefs(), DEFAULT)
    assert allowed == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)
    assert local(allowed).hour == 8


def test_across_the_autumn_dst_change_the_local_hour_holds() -> None:
    at = datetime(2027, 11, 6, 23, 30, tzinfo=NY)  # clocks fall back at 2am on the 7th
    allowed = next_allowed(at, NY, ReminderPrefs(), DEFAULT)
    assert allowed == datetime(2027, 11, 7, 13, 0, tzinfo=UTC)  # 08:00 EST
    assert local(allowed).hour == 8


def test_quiet_hours_that_do_not_cross_midnight_and_a_later_morning() -> None:
    prefs = ReminderPrefs(quiet_start=22 * 60, quiet_end=9 * 60 + 30)
    at = datetime(2027, 6, 2, 9, 0, tzinfo=NY)
    assert local(next_allowed(at, NY, prefs, DEFAULT)) == datetime(2027, 6, 2, 9, 30, tzinfo=NY)
    lunch = ReminderPrefs(quiet_start=12 * 60, quiet_end=13 * 60)
    at = datetime(2027, 6, 2, 12, 15, tzinfo=NY)
    assert local(next_allowed(at, NY, lunch, QuietHours(0, 0))) == datetime(2027, 6, 2, 13, 0, tzinfo=NY)


def test_days_off_and_a_snooze_move_it_to_the_next_allowed_morning() -> None:
    weekend = ReminderPrefs(days_off=frozenset({5, 6}))
    saturday_noon = datetime(2027, 6, 5, 12, 0, tzinfo=NY)
    assert local(next_allowed(saturday_noon, NY, weekend, DEFAULT)) == datetime(2027, 6, 7, 8, 0, tzinfo=NY)
    snoozed = ReminderPrefs(snooze_until=date(2028, 3, 1))
    assert local(next_allowed(saturday_noon, NY, snoozed, DEFAULT)) == datetime(2028, 3, 1, 8, 0, tzinfo=NY)


def test_in_another_zone_the_same_instant_may_be_night() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    at = datetime(2027, 6, 2, 14, 0, tzinfo=UTC)  # 10:00 New York, 23:00 Tokyo
    assert next_allowed(at, NY, ReminderPrefs(), DEFAULT) == at
    assert local(next_allowed(at, tokyo, ReminderPrefs(), DEFAULT), tokyo) == datetime(
        2027, 6, 3, 8, 0, tzinfo=tokyo
    )


def test_thresholds_before_a_deadline_and_the_latest_passed_only() -> None:
    due = date(2027, 12, 31)
    assert [minus(due, m, 0) for m in (12, 6, 3, 1)] == [
        date(2026, 12, 31),
        date(2027, 6, 30),
        date(2027, 9, 30),
        date(2027, 11, 30),
    ]
    assert minus(date(2027, 5, 31), 3, 0) == date(2027, 2, 28)
    rows = plan_pace(1, NY, date(2027, 10, 15), [("asps", due, False)], ReminderPrefs(), DEFAULT)
    # 12m and 6m passed long ago: only 3m (the latest passed) is kept, and only the next one ahead.
    assert [r.threshold for r in rows] == ["3m", "1m"]
    assert local(rows[1].due_at) == datetime(2027, 11, 30, 9, 30, tzinfo=NY)
