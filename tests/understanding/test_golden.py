"""Golden cases: each `golden/NAME.txt` is read as its `NAME.json` says and must match.

Expected fields are a subset: a field not listed is not checked, `absent`
lists fields that must not be filled, and `problems: true` demands at least
one problem (false: none).
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.understanding import understand
from bot.understanding.contract import Fields

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, Decimal) and abs(float(got) - want) <= 0.001
    if want is None:
        return got is None
    if hasattr(got, "isoformat"):
        return bool(got.isoformat() == want)
    return str(got).strip().lower() == str(want).strip().lower()


def _check_fields(want: dict[str, Any], got: Fields, where: str) -> None:
    for key, value in want.items():
        assert key in got, f"{where}: {key} missing (got {got})"
        assert _same(value, got[key]), f"{where}: {key} want {value!r} got {got[key]!r}"


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    spec = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    text = (GOLDEN / f"{name}.txt").read_text("utf-8")
    now = datetime.fromisoformat(spec["now"])
    got = understand(text, now=now, kind=spec["kind"])
    exp = spec["expected"]
    assert got.intent.value == exp["intent"], f"intent {got.intent.value} ({got.problems})"
    _check_fields(exp.get("fields", {}), got.fields, "fields")
    for i, entry in enumerate(exp.get("entries", [])):
        assert len(got.entries) == len(exp["entries"]), f"entries: {got.entries}"
        _check_fields(entry, got.entries[i], f"entry {i}")
    for key in exp.get("absent", []):
        assert got.fields.get(key) is None, f"{key} should be left out, got {got.fields.get(key)!r}"
    if "problems" in exp:
        assert bool(got.problems) == exp["problems"], f"problems: {got.problems}"
