"""Answers to questions about the CME rules, each citing where the rule comes from.

Entries live in `knowledge.json` beside this module (data, not code); a
question gets the entry whose patterns it matches most, or None so the
caller can say it doesn't know rather than guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    answer: str
    source: str
    checked: str  # the day the answer was last checked against its source (ISO date)


@cache
def entries() -> tuple[Entry, ...]:
    raw = json.loads(resources.files(__package__).joinpath("knowledge.json").read_text("utf-8"))
    return tuple(
        Entry(e["id"], tuple(re.compile(p, re.I) for p in e["match"]), e["answer"], e["source"], e["checked"])
        for e in raw
    )


def best_entry(question: str) -> Entry | None:
    scored = [(sum(1 for p in e.patterns if p.search(question)), i, e) for i, e in enumerate(entries())]
    score, _, entry = max(scored, key=lambda s: (s[0], -s[1]))
    return entry if score > 0 else None


def answer(question: str) -> str | None:
    """The answer with its cited source, or None when no entry covers the question."""
    entry = best_entry(question)
    if entry is None:
        return None
    return f"{entry.answer}\n\nSource: {entry.source} (checked {entry.checked})"
