"""Number replacements inside a reply: "right, but make it 4.5 not 4".

The lead routes a reply to a draft; this module only says which numbers the
member replaces and with what, so "4.5 not 4" never records 4 (or 4.54). The
field is the one the words around the new number name (patient safety,
plastic surgery), else the activity's credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.understanding.numbers import to_decimal, words_to_digits

_N = r"(\d+(?:\.\d+)?|\.\d+)"
_UNIT = r"(?:\s*(?:credits?|cr|hours?|hrs?|h|pts|points))?"
_FIELD = r"(?:\s*(?P<{g}>ps|pt\.?\s*safety|patient[- ]safety|plastics?(?:\s+surgery)?|cat(?:egory)?\s*[12]))?"
# "4.5 not 4", "4.5 instead of 4", "4.5, not 4", "4.5 rather than 4"
_NEW_NOT_OLD = re.compile(
    _N
    + _UNIT
    + _FIELD.format(g="f1")
    + r"\s*,?\s+(?:not|instead\s+of|rather\s+than)\s+"
    + _N
    + _UNIT
    + _FIELD.format(g="f2"),
    re.I,
)
# "not 4 but 4.5", "from 4 to 4.5"
_OLD_TO_NEW = re.compile(
    r"\b(?:not\s+|from\s+)"
    + _N
    + _UNIT
    + _FIELD.format(g="f1")
    + r"\s*,?\s+(?:but|to)\s+"
    + _N
    + _UNIT
    + _FIELD.format(g="f2"),
    re.I,
)


@dataclass(frozen=True, slots=True)
class Replacement:
    field: str  # "credits", "patient_safety_credits" or "plastic_surgery_credits"
    new: Decimal
    old: Decimal


def _field(words: str | None) -> str:
    low = (words or "").lower()
    if low.startswith(("ps", "pt", "patient")):
        return "patient_safety_credits"
    if low.startswith("plastic"):
        return "plastic_surgery_credits"
    return "credits"


def replacements(text: str) -> list[Replacement]:
    """Each "X not Y" in `text`, in order; empty when the text replaces no number."""
    body = words_to_digits(text)
    found: list[tuple[int, Replacement]] = []
    for m in _NEW_NOT_OLD.finditer(body):
        new, old = to_decimal(m.group(1)), to_decimal(m.group(3))
        if new is not None and old is not None and new != old:
            found.append((m.start(), Replacement(_field(m.group("f1") or m.group("f2")), new, old)))
    for m in _OLD_TO_NEW.finditer(body):
        old, new = to_decimal(m.group(1)), to_decimal(m.group(3))
        if new is not None and old is not None and new != old:
            found.append((m.start(), Replacement(_field(m.group("f2") or m.group("f1")), new, old)))
    return [r for _, r in sorted(found, key=lambda f: f[0])]
