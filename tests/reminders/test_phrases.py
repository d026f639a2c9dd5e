"""The member's words about reminders, several ways of saying each, and words that are not about them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reminders.control import understand
from bot.reminders.prefs import QuietHours, ReminderPrefs

TODAY = date(2026, 11, 30)
BOTH = frozenset({"email", "slack"})


def change(
    text: str, prefs: ReminderPrefs | None = None, channels: frozenset[str] = BOTH
) -> ReminderPrefs | None:
    found = understand(text, prefs or ReminderPrefs(), TODAY, QuietHours(), channels=channels)
    assert found is not None, text
    return found.prefs


@pytest.mark.parametrize(
    "text",
    [
        "stop reminders",
        "Stop the reminders please",
        "no more reminders",
        "please stop sending me these nudges",
        "turn off notifications",
        "don't remind me",
        "unsubscribe",
        "reminders off",
    ],
)
def test_stop(text: str) -> None:
    prefs = change(text)
    assert prefs is not None and prefs.enabled is False


@pytest.mark.parametrize(
    "text", ["start reminders", "resume reminders", "turn reminders back on", "remind me again"]
)
def test_start(text: str) -> None:
    prefs = change(text, ReminderPrefs(enabled=False, snooze_until=date(2027, 3, 1)))
    assert prefs is not None and prefs.enabled and prefs.snooze_until is None


@pytest.mark.parametrize("text", ["remind me monthly", "monthly digest please", "send me a monthly recap"])
def test_digest_on(text: str) -> None:
    prefs = change(text)
    assert prefs is not None and prefs.digest


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("no reminders before 9am", None, 9 * 60),
        ("don't remind me before 8:30", None, 8 * 60 + 30),
        ("no nudges earlier than 10 a.m.", None, 10 * 60),
        ("no reminders after 8pm", 20 * 60, None),
        ("no notifications after 7", 19 * 60, None),
    ],
)
def test_quiet_hours(text: str, start: int | None, end: int | None) -> None:
    prefs = change(text)
    assert prefs is not None and (prefs.quiet_start, prefs.quiet_end) == (start, end)


@pytest.mark.parametrize(
    ("text", "until"),
    [
        ("snooze until March", date(2027, 3, 1)),
        ("snooze reminders till 15 March", date(2027, 3, 15)),
        ("pause reminders until march 2nd 2027", date(2027, 3, 2)),
        ("snooze for 2 weeks", date(2026, 12, 14)),
        ("pause the nudges for a month", date(2026, 12, 30)),
        ("snooze until 2027-01-10", date(2027, 1, 10)),
    ],
)
def test_snooze(text: str, until: date) -> None:
    prefs = change(text)
    assert prefs is not None and prefs.snooze_until == until


def test_days_off_and_any_day() -> None:
    prefs = change("no reminders on weekends")
    assert prefs is not None and prefs.days_off == {5, 6}
    prefs = change("reminders not on Fridays", prefs)
    assert prefs is not None and prefs.days_off == {4, 5, 6}
    prefs = change("reminders any day is fine", prefs)
    assert prefs is not None and prefs.days_off == frozenset()


def test_channel_only_where_the_member_has_an_account() -> None:
    prefs = change("send reminders by email")
    assert prefs is not None and prefs.channel == "email"
    found = understand(
        "reminders via slack", ReminderPrefs(), TODAY, QuietHours(), channels=frozenset({"email"})
    )
    assert found is not None and found.prefs is None and "Slack" in found.answer


@pytest.mark.parametrize(
    "text",
    [
        "1.5 cat 1 grand rounds before 9am yesterday",
        "log 1 cat 1 lecture on sepsis alerts yesterday",
        "stop",
        "how many patient safety credits do I need?",
        "cancel draft 2",
    ],
)
def test_words_that_are_not_about_reminders(text: str) -> None:
    assert understand(text, ReminderPrefs(), TODAY, QuietHours(), channels=BOTH) is None
