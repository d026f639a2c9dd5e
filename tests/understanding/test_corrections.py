"""Number replacements inside a reply ("make it 4.5 not 4")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.understanding.corrections import Replacement, replacements


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("right, but make it 4.5 not 4", [Replacement("credits", Decimal("4.5"), Decimal(4))]),
        ("4.5 credits, not 4", [Replacement("credits", Decimal("4.5"), Decimal(4))]),
        ("it was .75 instead of .5", [Replacement("credits", Decimal("0.75"), Decimal("0.5"))]),
        ("sorry, 2 PS not 1", [Replacement("patient_safety_credits", Decimal(2), Decimal(1))]),
        ("1.5 plastics rather than 1", [Replacement("plastic_surgery_credits", Decimal("1.5"), Decimal(1))]),
        ("not 4 but 4.5", [Replacement("credits", Decimal("4.5"), Decimal(4))]),
        ("change it from 2 to 2.25 hrs", [Replacement("credits", Decimal("2.25"), Decimal(2))]),
        ("two and a half not two", [Replacement("credits", Decimal("2.5"), Decimal(2))]),
        ("yes that's right", []),
        ("3 not 3", []),
    ],
)
def test_replacements(text: str, want: list[Replacement]) -> None:
    assert replacements(text) == want
