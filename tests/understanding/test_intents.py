"""Short answers to a draft, and screening that must not refuse ordinary messages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Intent, understand

NOW = datetime(2021, 4, 7, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes", Intent.CONFIRM),
        ("Y", Intent.CONFIRM),
        ("yes please", Intent.CONFIRM),
        ("yes, record it", Intent.CONFIRM),
        ("looks good!", Intent.CONFIRM),
        ("n", Intent.CANCEL),
        ("nvm", Intent.CANCEL),
        ("no thanks", Intent.CANCEL),
        ("drop it", Intent.CANCEL),
    ],
)
def test_short_replies(text: str, intent: Intent) -> None:
    assert understand(text, now=NOW).intent is intent


@pytest.mark.parametrize(
    "text",
    [
        "log 1 cat 1 grand rounds yesterday",
        "Please log the PSF webinar: 1 cat 1, 1 PS",
        "can you send my statement as a pdf",
        "how many cat 1 do I need?",
    ],
)
def test_ordinary_messages_are_not_refused(text: str) -> None:
    got = understand(text, now=NOW)
    assert got.intent is not Intent.REJECT, got.problems


def test_reject_always_says_why() -> None:
    for text in ["", "   ", "🎉", "zxcvbnm qwrtyp", "log 9999 cat 1 credits", "log -3 cat 1 today"]:
        got = understand(text, now=NOW)
        assert got.intent is Intent.REJECT and got.problems, text
