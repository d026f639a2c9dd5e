"""Reading one spreadsheet cell: dates, categories, activity types, credit amounts.

Spreadsheets rewrite what they show: Excel turns 2021-03-20 into 3/20/2021
(US locale) or a serial number (44275) when the column is formatted as a
number, and European exports write "1,5" credits in ";"-separated files. The
formats accepted here are explicit, never fuzzy: dateutil's fuzzy parser reads
"March 23-25, 2021" as 2025-03-23 (design.md), and a wrong date in a CME
record is worse than a row the member is asked to fix.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.domain import ActivityType, Category

DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",  # US, the portal's own report ("4/6/2021")
    "%m/%d/%y",
    "%m-%d-%Y",
    "%d.%m.%Y",  # dotted dates are day-first wherever they are used
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
)
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
NOT_APPLICABLE = frozenset({"n a", "na", "none", "not applicable", ""})
FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")


def text(value: str) -> str:
    """A text cell as written, without the apostrophe our export adds before formula characters."""
    return FORMULA_GUARD.sub("", value.strip())


def parse_date(value: str) -> date | None:
    raw = value.strip()
    if not raw:
        return None
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", raw)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(?:\.0+)?", raw):
        serial = int(raw.split(".")[0])
        if 20000 <= serial <= 80000:  # 1954 … 2119: a date, not a typo
            return EXCEL_EPOCH + timedelta(days=serial)
        return None
    cleaned = re.sub(r"\s+", " ", raw.replace(",", ", ")).replace(" ,", ",")
    cleaned = re.sub(r",\s+", ", ", cleaned)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def parse_category(value: str) -> Category | None:
    """'AMA PRA Category 1 Credit™', 'Cat. II', '2', 'one' -> the category; None if unclear."""
    words = re.findall(r"[a-z0-9]+", value.lower())
    found = {
        Category.ONE if w in ("1", "i", "one") else Category.TWO
        for w in words
        if w in ("1", "2", "i", "ii", "one", "two")
    }
    return found.pop() if len(found) == 1 else None


_TYPE_WORDS: tuple[tuple[tuple[str, ...], ActivityType], ...] = (
    (("journal",), ActivityType.JOURNAL),
    (("point of care", "poc", "uptodate"), ActivityType.INTERNET_POC),
    (("regularly scheduled", "rss", "grand rounds", "tumor board", "m m", "morbidity"), ActivityType.RSS),
    (("performance improvement", "pi cme", "quality improvement"), ActivityType.PERFORMANCE_IMPROVEMENT),
    (("test item", "item writing", "question writing"), ActivityType.TEST_ITEM_WRITING),
    (("manuscript", "peer review"), ActivityType.MANUSCRIPT_REVIEW),
    (("teaching", "faculty", "presenter", "speaker"), ActivityType.TEACHING),
    (("enduring", "on demand", "self study", "online course", "recorded", "module", "podcast"),
     ActivityType.ENDURING),
    (("live", "conference", "meeting", "course", "workshop", "symposium", "congress", "in person",
      "webinar", "seminar"), ActivityType.LIVE),
    (("other",), ActivityType.OTHER),
)  # fmt: skip


def parse_activity_type(value: str) -> ActivityType | None:
    """Our own labels and values first, then the words other trackers use."""
    key = " ".join(re.findall(r"[a-z0-9]+", value.lower()))
    if not key:
        return None
    for kind in ActivityType:
        if key in (kind.value.replace("_", " "), " ".join(re.findall(r"[a-z0-9]+", kind.label.lower()))):
            return kind
    padded = f" {key} "
    for words, kind in _TYPE_WORDS:
        if any(f" {w} " in padded for w in words):
            return kind
    return None


def number_text(value: str, decimal_comma: bool) -> str:
    """'1,5' -> '1.5' in a ';'-separated file; '1,000' stays a thousands separator elsewhere."""
    raw = value.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma and "," in raw and "." not in raw:
        return raw.replace(",", ".")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        return raw.replace(",", "")
    return raw


def is_not_applicable(value: str) -> bool:
    return " ".join(re.findall(r"[a-z0-9]+", value.lower())) in NOT_APPLICABLE
