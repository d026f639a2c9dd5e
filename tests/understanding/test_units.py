"""Credit amounts written every way, and the numbers that are not credit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import understand
from bot.understanding.numbers import spell_units

NOW = datetime(2025, 4, 7, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2 cr", "2 credits"),
        ("3 cred", "3 credits"),
        ("14 creds", "14 credits"),
        ("2 pts cat 1", "2 credits cat 1"),
        ("1 AMA PRA Category 1 Credit(s)™", "1 AMA PRA Category 1 Credits"),
        ("1.0 for the M&M conf", "1.0 credits for the M&M conf"),
        ("Credits: 2 (1 PS)", "2 credits (1 PS)"),
        ("saw 20 pts in clinic", "saw 20 pts in clinic"),
        ("20 pts seen", "20 pts seen"),
    ],
)
def test_spell_units(text: str, want: str) -> None:
    assert spell_units(text) == want


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("saw 20 pts in clinic then 1 cr grand rounds yesterday", Decimal(1)),
        ("log .5 cat 1 grand rounds yesterday", Decimal("0.5")),
        (".75 credit journal quiz yesterday", Decimal("0.75")),
        ("9.75 cr (AMA cat 1) incl 2 hrs PS and 1 hr ethics, ASAPS meeting March 2", Decimal("9.75")),
        ("log 2.75 cat 1 hand webinar yesterday", Decimal("2.75")),
        ("90 min webinar on breast recon yesterday", Decimal("1.5")),
        ("two and a half credits PRS journal CME yesterday", Decimal("2.5")),
    ],
)
def test_the_total_is_the_activity_credit(text: str, credits: Decimal) -> None:
    got = understand(text, now=NOW)
    assert got.intent.value == "log" and got.fields.get("credits") == credits, got
