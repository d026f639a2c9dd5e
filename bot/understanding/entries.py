"""Splitting one message into the several activities it records.

"fri: 1h tumor board, 0.5h sim debrief / today: 2h cadaver lab" and pasted
CSV lines are several activities; "3 cat 1 / 3 plastic / 0.5 PS" is one
activity with its subject credits. A chunk counts as an activity only when it
carries its own credit amount, and a day label ("fri:") carries over to the
activities after it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.understanding import activity_phrases as ap
from bot.understanding import wording as say
from bot.understanding.contract import Fields
from bot.understanding.numbers import spell_units, to_decimal, words_to_digits

if TYPE_CHECKING:
    from bot.understanding.activity import Reading

# "1 cr each", "(1 each)", "1.5 per session": an amount that is each session's.
_EACH = re.compile(
    r"(?P<n>\d+(?:\.\d+)?|\.\d+)\s*(?:(?:ama\s+pra\s+)?(?:cat(?:egory)?\.?\s*[12]\s*)?(?:cme\s+)?"
    r"(?:credits?|hours?|hrs?|h)?\s*)?(?:each|apiece|a\s+piece|per\s+(?:session|day|talk|lecture|module)|"
    r"a\s+session|each\s+time)\b",
    re.I,
)
# "two 1 hr grand rounds": a count, then each one's amount.
_COUNT_EACH = re.compile(
    r"\b(?:2|3|4|5)\s+(?P<n>\d+(?:\.\d+)?|\.\d+)\s*(?:hr|hrs|hour|hours|h|credit|credits)\b", re.I
)
_OWN_AMOUNT = re.compile(
    r"(?<![\w.])(?:\d+(?:\.\d+)?|\.\d+)\s*(?:h|hrs?|hours?|credits?|cr|crs|creds?|pts|points|min|mins|minutes)\b"
    r"(?!\s*(?:of\s+(?:which|them|those|it)\s+)?(?:(?:was|were|is|are|counted|counts?|count)\s+)?(?:as\s+)?"
    r"(?:of\s+)?(?:pt|ps|patient|plastic|risk|ethic))"
    r"|(?<![\w.])(?:\d+(?:\.\d+)?|\.\d+)\s*(?:ama pra\s+)?cat(?:egory)?\.?\s*(?:1|2|i{1,2})\b",
    re.I,
)
_DAY_LABEL = re.compile(
    r"^\s*(?:[-*•·]\s*)?(?P<label>(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|today|yesterday|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s*[:\-–]\s*",
    re.I,
)
_CSV_LINE = re.compile(r"^[^,\n]*(?:,[^,\n]*){2,}$")


# CSV header cells and how each column's value is written back as text the reader knows.
CSV_COLUMNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:title|activity|activity title|course|name)$", re.I), "Title: {v}\n"),
    (re.compile(r"^(?:provider|accredited provider|sponsor)$", re.I), "provider: {v}\n"),
    (re.compile(r"^(?:credits?|cme credits?|hours|cme|amount)$", re.I), "{v} credits\n"),
    (re.compile(r"^(?:date|start(?: date)?|completed|date completed)$", re.I), "{v}\n"),
    (re.compile(r"^(?:end(?: date)?)$", re.I), "to {v}\n"),
    (re.compile(r"^(?:category|cat|cme category)$", re.I), "cat {v}\n"),
    (re.compile(r"^(?:type|activity type|format)$", re.I), "{v}\n"),
    (re.compile(r"^(?:ps|patient safety|patient safety credits|pt safety)$", re.I), "{v} patient safety\n"),
    (re.compile(r"^(?:plastics?|plastic surgery|plastic surgery credits)$", re.I), "{v} plastic surgery\n"),
    (re.compile(r"^(?:city|location|state|country)$", re.I), "{v}, "),
]
_BARE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*$")


def _csv_rows(lines: list[str]) -> list[str] | None:
    rows = [[cell.strip().strip('"') for cell in line.split(",")] for line in lines]
    if len(rows) < 2 or any(len(r) < 3 for r in rows) or len({len(r) for r in rows}) > 1:
        return None
    header = rows[0]
    mapping = [next((fmt for pat, fmt in CSV_COLUMNS if pat.match(cell)), None) for cell in header]
    if sum(m is not None for m in mapping) >= 2 and not any(c.isdigit() for c in "".join(header)):
        return [
            "".join(fmt.format(v=v) for fmt, v in zip(mapping, r, strict=True) if fmt and v) for r in rows[1:]
        ]
    out = []
    for r in rows:
        if not any(_BARE_NUMBER.match(c) or _OWN_AMOUNT.search(c) for c in r):
            return None
        out.append(", ".join(f"{c} credits" if _BARE_NUMBER.match(c) else c for c in r))
    return out


def _is_chatter(chunk: str) -> bool:
    """A greeting or sign-off line around a list of activities ("Hi,", "Thanks")."""
    return not re.search(r"\d", chunk) and len(chunk.split()) <= 8 and not ap.CATEGORY.search(chunk)


# Where a narrative passes from one activity to the next: "… (3 cr) and then the …".
_NARRATIVE_BREAK = re.compile(
    r"(?<=[.)])\s+(?=[A-Z])|\s*(?:,\s*)?\band\s+(?:then\s+|also\s+)?"
    r"|,\s*(?:then|also|plus)\s+|\.\s+(?:also|then|plus)\s+",
)
_OWN_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}/\d{1,2}\b|"
    r"\b(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day)?\b|\byesterday\b|\btoday\b",
    re.I,
)


def _narrative_parts(body: str) -> list[str]:
    """A narrative naming several activities, each with its own amount and its own day."""
    parts = [part.strip(" .,") for part in _NARRATIVE_BREAK.split(body) if part and part.strip(" .,")]
    if len(parts) < 2:
        return []
    if all(_OWN_AMOUNT.search(spell_units(part)) and _OWN_DAY.search(part) for part in parts):
        return parts
    return []


_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


def _header_and_items(lines: list[str]) -> list[str]:
    """A header that says what is shared ("all cat 1 from X, 1 credit each:") over a list of
    activities with their own titles and days: each item, read with the header."""
    if len(lines) < 3 or not _OWN_AMOUNT.search(spell_units(lines[0])):
        return []
    items = [line for line in lines[1:] if line.strip()]
    if not all(_BULLET.match(item) and _OWN_DAY.search(item) for item in items):
        return []
    if any(_OWN_AMOUNT.search(spell_units(item)) for item in items):
        return []
    header = lines[0].strip().rstrip(":")
    return [f"{_BULLET.sub('', item).strip()} — {header}" for item in items]


def split_entries(text: str) -> list[str]:
    """The activity chunks of `text`; a single-element list when it records one."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= 2 and all(_CSV_LINE.match(line) for line in lines):
        rows = _csv_rows(lines)
        if rows:
            return rows
    listed = _header_and_items(lines)
    if listed:
        return listed
    groups = [g for g in re.split(r"\n|\s/\s|;", text) if g.strip()]
    chunks: list[str] = []
    for group in groups:
        label = _DAY_LABEL.match(group)
        prefix = label.group("label").capitalize() + " " if label else ""
        body = group[label.end() :] if label else group
        parts = [part for part in re.split(r",(?![^(]*\))", body) if part.strip()]
        owned = [part for part in parts if _OWN_AMOUNT.search(part)]
        told = _narrative_parts(body)
        if told:
            chunks.extend(prefix + part for part in told)
        elif len(owned) >= 2 and len(owned) == len(parts):
            chunks.extend(prefix + part.strip() for part in parts)
        elif _OWN_AMOUNT.search(body) and label:
            chunks.append(prefix + body.strip())
        else:
            chunks.append(group)
    activities = [c for c in chunks if _OWN_AMOUNT.search(c) and not ap.SUBJECTS_ONLY.match(c)]
    chatter = [c for c in chunks if c not in activities]
    if len(activities) >= 2 and all(_is_chatter(c) for c in chatter):
        return activities
    return [text]


def split_sessions(text: str, reading: Reading) -> tuple[Fields, list[Reading]]:
    """One activity held on separate days ("2 sessions, Jan 9 & Jan 23, 1 cr each"): an entry a day.

    The amount is each session's when the member says "each"; otherwise it is the
    total, split evenly, and the member is asked to confirm the split.
    """
    from bot.understanding.activity import Reading

    days = reading.sessions
    credits = reading.fields.get("credits")
    problems = list(reading.problems)
    share = credits
    whole = dict(reading.fields)
    each = _EACH.search(spell_units(text)) or _COUNT_EACH.search(words_to_digits(text))
    each_value = to_decimal(each.group("n")) if each else None
    if isinstance(credits, Decimal) and each_value is not None and each_value == credits:
        whole["credits"] = credits * len(days)  # "1 cr each": the amount is a session's
    elif isinstance(credits, Decimal) and each_value is not None:
        share = each_value  # "2 cat 1 … (1 each)": the total, then each session's
    elif isinstance(credits, Decimal):
        share = (credits / len(days)).quantize(Decimal("0.01"))
        problems.append(say.SPLIT_EVENLY.format(credits=credits, sessions=len(days)))
    out: list[Reading] = []
    for day in days:
        fields = dict(reading.fields, start_date=day, end_date=day)
        if share is not None:
            fields["credits"] = share
        out.append(Reading(fields=fields, problems=problems if not out else []))
    return whole, out
