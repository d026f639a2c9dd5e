"""How members ask for a report: which cycle or year, and in what file.

Data for `intents.report_fields` (and `routing`, which sends a report request on).
"""

from __future__ import annotations

import re

from bot.understanding.phrasing import any_of as _any

REPORT = _any(
    r"\breport\b",
    r"\bexport\b",
    r"\bcsv\b",
    r"\bpdf\b",
    r"\bspreadsheet\b",
    r"\bexcel\b",
    r"\btranscript\b",
    r"\bcopy of my (?:cme )?record",
    r"\bstatement\b",
    r"\bdownload\b",
    r"\bzip\b",
    r"\baudit (?:pack|packet|bundle)\b",
)
REPORT_PREVIOUS = _any(r"\b(?:previous|prior|last|past)\s+(?:3-year\s+)?cycle\b", r"\breport\s+previous\b")
REPORT_CURRENT = _any(r"\b(?:this|current|present)\s+(?:3-year\s+)?cycle\b", r"\breport\s+current\b")
REPORT_FORMATS: list[tuple[str, re.Pattern[str]]] = [
    # The audit pack: report + data file + every kept certificate, for an auditor.
    (
        "zip",
        _any(r"\bzip\b", r"\baudit (?:pack|packet|bundle)\b", r"\bwith (?:all )?(?:the |my )?certificates\b"),
    ),
    ("csv", _any(r"\bcsv\b", r"\bspreadsheet\b", r"\bexcel\b", r"\bdata file\b")),
    ("pdf", _any(r"\bpdf\b")),
]

# Report periods named relative to today: (pattern, years back; 0 is this calendar year).
REPORT_RELATIVE_YEARS: list[tuple[re.Pattern[str], int]] = [
    (_any(r"\b(?:last|previous|past|prior)\s+(?:calendar\s+)?year\b"), 1),
    (_any(r"\bthis\s+(?:calendar\s+)?year\b", r"\byear to date\b", r"\bytd\b"), 0),
]
