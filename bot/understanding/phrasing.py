"""One compiled pattern from a row of phrasings, shared by the phrasing tables."""

from __future__ import annotations

import re


def any_of(*phrases: str) -> re.Pattern[str]:
    """Match any of `phrases`, case-insensitively; each is grouped so its `|` stays inside it."""
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)
