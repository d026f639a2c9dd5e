"""Dates as physicians and certificates write them, resolved against the member's today.

Explicit forms ("3/17/2021", "March 20-22, 2021", "10–12 Jan 2025", "Jan-Mar
2021") are read by the patterns below, which are fast and never guess a
century; relative words ("yesterday", "last Friday", "on the 3rd") resolve
against `today`; anything else relative ("3 weeks ago") goes to dateparser,
imported only when such a phrase appears. A numeric date that reads two ways
is reported as ambiguous instead of guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
# Words that mean "today" or "N days before today".
RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "tonite": 0,
    "2nite": 0,
    "just now": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "this am": 0,
    "this pm": 0,
    "earlier today": 0,
    "yesterday": 1,
    "yesterdays": 1,
    "yesterday's": 1,
    "yesteday": 1,
    "yday": 1,
    "last night": 1,
    "day before yesterday": 2,
    "tomorrow": -1,
}

_M = r"(?P<{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{n}>(?:19|20)\d\d)"
_SEP = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
_WD = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"


def _m(n: str) -> str:
    return _M.replace("{n}", n)


def _d(n: str) -> str:
    return _D.replace("{n}", n)


def _y(n: str) -> str:
    return _Y.replace("{n}", n)


# After a second day: not an amount ("Jan 30, 3 hrs" is Jan 30 and 3 hours, not Jan 3-30).
_NOT_AMOUNT = (
    r"(?!\.\d|\s*(?:h\b|hrs?\b|hours?\b|cr\b|crs\b|cred\w*|credits?\b|cat\b|cat\.|category|pts?\b|"
    r"points?\b|min\w*|ama\b|cme\b|ps\b|pt\b|patient|plastic|«))"
)
_B = r"(?<![\w/.])"
_E = r"(?![\w/])"

# (kind, pattern) in the order they are tried; a span taken by one is not read again.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_B + r"(?P<y1>(?:19|20)\d\d)-(?P<m1>\d\d)-(?P<d1>\d\d)" + _E)),
    (
        "num_range",
        re.compile(
            _B
            + r"(?P<a1>\d{1,2})(?P<s1>[/.])(?P<b1>\d{1,2})(?:(?P=s1)(?P<y1>\d{2,4}))?"
            + _SEP
            + r"(?P<a2>\d{1,2})(?P=s1)(?P<b2>\d{1,2})(?:(?P=s1)(?P<y2>\d{2,4}))?"
            + _E
        ),
    ),
    # "3/28-29": one month, a run of days
    (
        "num_days",
        re.compile(
            _B
            + r"(?P<a1>\d{1,2})/(?P<b1>\d{1,2})\s*(?:-|–|—)\s*(?P<d2>\d{1,2})(?:/(?P<y1>\d{2,4}))?"
            + _NOT_AMOUNT
            + _E
        ),
    ),
    ("num", re.compile(_B + r"(?P<a1>\d{1,2})(?P<s>[/.])(?P<b1>\d{1,2})(?:(?P=s)(?P<y1>\d{4}|\d{2}))?" + _E)),
    (
        "md_md",
        re.compile(
            r"\b"
            + _WD
            + _m("m1")
            + r"\s*"
            + _d("d1")
            + r"(?:,?\s*"
            + _y("y1")
            + r")?"
            + _SEP
            + _WD
            + _m("m2")
            + r"\s*"
            + _d("d2")
            + _NOT_AMOUNT
            + r"(?:,?\s*"
            + _y("y2")
            + r")?\b",
            re.I,
        ),
    ),
    (
        "md_d",
        re.compile(
            r"\b"
            + _m("m1")
            + r"\s*"
            + _d("d1")
            + _SEP
            + _d("d2")
            + _NOT_AMOUNT
            + r"(?:,?\s*"
            + _y("y1")
            + r")?\b",
            re.I,
        ),
    ),
    (
        "md_and_md",
        re.compile(
            r"\b"
            + _m("m1")
            + r"\s*"
            + _d("d1")
            + r"\s*(?:and|&|,)\s*(?:"
            + _m("m2")
            + r"\s*)?"
            + _d("d2")
            + _NOT_AMOUNT
            + r"(?:,?\s*"
            + _y("y1")
            + r")?\b",
            re.I,
        ),
    ),
    (
        "dm_dm",
        re.compile(
            r"\b"
            + _d("d1")
            + r"\s+"
            + _m("m1")
            + r"(?:,?\s*"
            + _y("y1")
            + r")?"
            + _SEP
            + _d("d2")
            + r"\s+"
            + _m("m2")
            + r",?\s*"
            + _y("y2")
            + r"\b",
            re.I,
        ),
    ),
    (
        "d_dm",
        re.compile(
            r"\b" + _d("d1") + _SEP + _d("d2") + r"\s+" + _m("m1") + r"(?:,?\s*" + _y("y1") + r")?\b", re.I
        ),
    ),
    (
        "md",
        re.compile(r"\b" + _WD + _m("m1") + r"\s*" + _d("d1") + r"(?!\d)(?:,?\s*" + _y("y1") + r")?\b", re.I),
    ),
    (
        "dm",
        re.compile(
            r"\b" + _WD + _d("d1") + r"\s+(?:of\s+)?" + _m("m1") + r"(?:,?\s*" + _y("y1") + r")?\b", re.I
        ),
    ),
    (
        "month_range",
        re.compile(
            r"\b" + _m("m1") + r"(?:\s+" + _y("y1") + r")?" + _SEP + _m("m2") + r",?\s+" + _y("y2") + r"\b",
            re.I,
        ),
    ),
    ("month", re.compile(r"\b" + _m("m1") + r",?\s+" + _y("y1") + r"\b", re.I)),
    ("year_range", re.compile(r"\b" + _y("y1") + _SEP + _y("y2") + r"\b")),
    ("year", re.compile(_B + _y("y1") + _E)),
    (
        "relative",
        re.compile(
            r"\b(?:" + "|".join(re.escape(k) for k in sorted(RELATIVE_DAYS, key=len, reverse=True)) + r")\b",
            re.I,
        ),
    ),
    ("days_ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three)\s+(?P<u>days?|weeks?)\s+ago\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<next>next\s+|this\s+coming\s+|coming\s+|this\s+upcoming\s+|upcoming\s+)|"
            r"(?P<last>last\s+|this\s+past\s+|past\s+|on\s+))?(?P<w>monday|tuesday|wednesday|thursday"
            r"|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?",
            re.I,
        ),
    ),
    ("nth", re.compile(r"\b(?:on\s+)?the\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)\b", re.I)),
]

WEEKDAY_ABBREVIATIONS_NEEDING_CAPITAL = frozenset({"sat", "sun", "wed", "mon", "thu", "fri"})
# A lower-case "sun" or "sat" is a weekday when it ends a clause or follows "on"/"last".
_WEEKDAY_PLACE_AFTER = re.compile(r"\s*(?:[,.;:)!?]|$|\n)")

# Words that put a date ahead of today ("this coming weekend (Apr 26-27)"): a date
# without a year near them is read in the future, and flagged, never moved back a year.
FUTURE_CUE = re.compile(
    r"\b(?:coming|upcoming|next|will|going\s+to|gonna|plan(?:ning)?\s+to|registered\s+for|"
    r"signed\s+up|tomorrow|later\s+this|in\s+\d+\s+(?:days|weeks))\b",
    re.I,
)
# A date without a year that falls this many days ahead of today is read as ahead (and
# flagged as in the future); further ahead, it is the same day of last year.
FUTURE_WINDOW_DAYS = 45


@dataclass(slots=True)
class DateHit:
    """One date or period found in text; `start`/`end` are None when it reads two ways."""

    kind: str
    start: date | None
    end: date | None
    span: tuple[int, int]
    text: str
    ambiguous: bool = False
    year_given: bool = True

    @property
    def is_day(self) -> bool:
        return self.kind not in ("month", "month_range", "year", "year_range")


def _year(raw: str | None, default: int) -> int:
    if not raw:
        return default
    y = int(raw)
    return y + 2000 if y < 100 else y


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _past(m: int, d: int, today: date, ahead: bool = False) -> date | None:
    """A month and day without a year: the most recent such day up to today.

    A day just ahead (within FUTURE_WINDOW_DAYS, or any time this year when the text
    says "coming"/"next") stays ahead, so it is flagged as future instead of
    silently becoming last year's.
    """
    day = _safe(today.year, m, d)
    if day and day > today and not (ahead or (day - today).days <= FUTURE_WINDOW_DAYS):
        day = _safe(today.year - 1, m, d)
    return day


def _month(g: dict[str, Any], key: str) -> int:
    return MONTHS[str(g[key]).lower().rstrip(".")]


def _numeric(
    a: str, b: str, y: str | None, today: date, day_first_zone: bool, ahead: bool = False
) -> tuple[date | None, bool]:
    """US month/day; (None, True) when the other order is just as plausible."""
    m, d = int(a), int(b)
    if m > 12 >= d:
        m, d = d, m  # "23/02/2025" reads one way only: day first
    other_ok = m <= 12 and d <= 12 and m != d
    padded_day = len(b) == 2 and b.startswith("0") and not (len(a) == 2 and a.startswith("0"))
    if other_ok and (day_first_zone or (y is None and padded_day)):
        return None, True
    if y is None:
        this_year = _safe(today.year, m, d)
        other = _safe(today.year, d, m) if other_ok else None
        if this_year and this_year > today and other and other <= today:
            return None, True  # "5/3" in April: last May, or March 5 written day-first?
        return _past(m, d, today, ahead), False
    return _safe(_year(y, today.year), m, d), False


def _weekday(word: str, last: bool, today: date) -> date:
    target = WEEKDAYS[word.lower().rstrip(".")]
    back = (today.weekday() - target) % 7
    if back == 0 and last:
        back = 7
    return today - timedelta(days=back)


def _relative_phrase(phrase: str, today: date) -> date | None:
    """dateparser for the relative phrases the tables do not cover."""
    import dateparser

    base = datetime(today.year, today.month, today.day, 12, 0)
    got = dateparser.parse(
        phrase,
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
    )
    return got.date() if got else None


def find_dates(
    text: str, today: date, *, day_first_zone: bool = False, day_first: bool = False
) -> list[DateHit]:
    """Every date, range or period in `text`, in text order.

    `day_first_zone`: numeric dates that read both ways are ambiguous (a member abroad);
    `day_first`: numeric dates are day/month (a certificate printed abroad).
    """
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    ahead = bool(FUTURE_CUE.search(text))
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            s, e = match.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "weekday" and not _weekday_meant(match, text):
                continue
            hit = _read(kind, match, today, day_first_zone, ahead, day_first)
            if hit is None:
                continue
            taken.append((s, e))
            hits.append(hit)
    hits.sort(key=lambda h: h.span[0])
    return hits


def _weekday_meant(match: re.Match[str], text: str) -> bool:
    """ "Sun", "on sun", "grand rounds sun," are weekdays; "the sun" is not."""
    word = match.group("w")
    if word.lower() not in WEEKDAY_ABBREVIATIONS_NEEDING_CAPITAL or word[0].isupper():
        return True
    return bool(match.group("last") or match.group("next")) or bool(
        _WEEKDAY_PLACE_AFTER.match(text, match.end())
    )


def _read(
    kind: str,
    match: re.Match[str],
    today: date,
    day_first_zone: bool,
    ahead: bool = False,
    day_first: bool = False,
) -> DateHit | None:
    g = match.groupdict()
    if day_first and kind in ("num", "num_range"):
        g = dict(g, a1=g["b1"], b1=g["a1"])
        if kind == "num_range":
            g.update(a2=g["b2"], b2=g["a2"])
    span = match.span()
    raw = match.group(0)
    start: date | None
    end: date | None
    year_given = True
    if kind == "iso":
        start = end = _safe(int(g["y1"]), int(g["m1"]), int(g["d1"]))
    elif kind == "num":
        if g["s"] == "." and not g["y1"]:
            return None  # "1.5" is a number, not a date
        start, amb = _numeric(g["a1"], g["b1"], g["y1"], today, day_first_zone, ahead)
        if amb:
            return DateHit(kind, None, None, span, raw, ambiguous=True)
        end = start
        year_given = bool(g["y1"])
    elif kind == "num_days":
        a, b = (g["b1"], g["a1"]) if day_first else (g["a1"], g["b1"])
        first, amb = _numeric(a, b, g["y1"], today, day_first_zone, ahead)
        if amb:
            return DateHit(kind, None, None, span, raw, ambiguous=True)
        if first is None or int(g["d2"]) <= first.day:
            return None
        start, end = first, _safe(first.year, first.month, int(g["d2"]))
        year_given = bool(g["y1"])
    elif kind == "num_range":
        if g["s1"] == "." and not (g["y1"] or g["y2"]):
            return None  # "1.5-2.5" is an amount, not a date range
        y_end = g["y2"] or g["y1"]
        end, amb2 = _numeric(g["a2"], g["b2"], y_end, today, day_first_zone, ahead)
        start, amb1 = _numeric(g["a1"], g["b1"], g["y1"] or y_end, today, day_first_zone, ahead)
        if amb1 or amb2:
            return DateHit(kind, None, None, span, raw, ambiguous=True)
        year_given = bool(y_end)
    elif kind in ("md_md", "dm_dm"):
        y2 = g.get("y2")
        y_end = _year(y2 or g.get("y1"), today.year)
        m1, m2 = _month(g, "m1"), _month(g, "m2")
        y_start = _year(g.get("y1"), y_end - (1 if m1 > m2 else 0))
        start, end = _safe(y_start, m1, int(g["d1"])), _safe(y_end, m2, int(g["d2"]))
        year_given = bool(y2 or g.get("y1"))
        if not year_given and start and end:
            start, end = _shift_past(start, end, today, ahead)
    elif kind in ("md_d", "d_dm", "md_and_md"):
        m1 = _month(g, "m1")
        m2 = _month(g, "m2") if g.get("m2") else m1
        y = _year(g.get("y1"), today.year)
        start, end = _safe(y, m1, int(g["d1"])), _safe(y, m2, int(g["d2"]))
        year_given = bool(g.get("y1"))
        if not year_given and start and end:
            start, end = _shift_past(start, end, today, ahead)
    elif kind in ("md", "dm"):
        m1 = _month(g, "m1")
        if g.get("y1"):
            start = _safe(int(g["y1"]), m1, int(g["d1"]))
        else:
            start = _past(m1, int(g["d1"]), today, ahead)
            year_given = False
        end = start
    elif kind == "month_range":
        y2 = int(g["y2"])
        m1, m2 = _month(g, "m1"), _month(g, "m2")
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if m1 > m2 else y2)
        start, end = date(y1, m1, 1), _month_end(y2, m2)
    elif kind == "month":
        y1, m1 = int(g["y1"]), _month(g, "m1")
        start, end = date(y1, m1, 1), _month_end(y1, m1)
    elif kind == "year_range":
        start, end = date(int(g["y1"]), 1, 1), date(int(g["y2"]), 12, 31)
    elif kind == "year":
        start, end = date(int(g["y1"]), 1, 1), date(int(g["y1"]), 12, 31)
    elif kind == "relative":
        start = end = today - timedelta(days=RELATIVE_DAYS[raw.lower()])
    elif kind == "days_ago":
        if g["u"].lower().startswith("day") and g["n"].isdigit():
            start = end = today - timedelta(days=int(g["n"]))
        else:
            start = end = _relative_phrase(raw, today)
    elif kind == "weekday":
        word = g["w"]
        if g.get("next"):
            start = end = today + timedelta(
                days=(WEEKDAYS[word.lower().rstrip(".")] - today.weekday() - 1) % 7 + 1
            )
        else:
            start = end = _weekday(word, bool(g["last"] and "on" not in g["last"].lower()), today)
    elif kind == "nth":
        d = int(g["d1"])
        start = _safe(today.year, today.month, d)
        if start is None or start > today:
            prev = today.replace(day=1) - timedelta(days=1)
            start = _safe(prev.year, prev.month, d)
        end = start
    else:
        return None
    if start is None or end is None:
        return None
    if end < start:
        start, end = end, start
    return DateHit(kind, start, end, span, raw, year_given=year_given)


def _shift_past(start: date, end: date, today: date, ahead: bool = False) -> tuple[date, date]:
    if start > today and not (ahead or (start - today).days <= FUTURE_WINDOW_DAYS):
        try:
            return start.replace(year=start.year - 1), end.replace(year=end.year - 1)
        except ValueError:
            return start, end
    return start, end


def _month_end(y: int, m: int) -> date:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)
