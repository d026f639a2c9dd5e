"""Numbers the way physicians type them, turned into digits before anything else.

"one and a half hours", "two and three quarters", ".75", "1/2 hour", "1½" all
mean a decimal number of credits; rewriting them to digits first lets every
later pattern deal with one shape only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}

FRACTIONS: dict[str, str] = {
    "a half": "0.5",
    "half": "0.5",
    "one half": "0.5",
    "a quarter": "0.25",
    "one quarter": "0.25",
    "quarter": "0.25",
    "three quarters": "0.75",
    "three-quarters": "0.75",
    "three fourths": "0.75",
    "one third": "0.33",
}

UNICODE_FRACTIONS: dict[str, str] = {"½": ".5", "¼": ".25", "¾": ".75"}

# Shorthand for a credit unit written right after a number, and the one word it means.
# "2 cr", "3 cred", "2 pts", "1 Credit(s)™" all say credits; "pt" alone is a patient, and
# "pts" followed by "seen" or "with" is patients, so those stay as written.
UNIT_SPELLINGS: dict[str, str] = {
    "cr": "credits",
    "crs": "credits",
    "cred": "credits",
    "creds": "credits",
    "crds": "credits",
    "credit(s)": "credits",
    "credits(s)": "credits",
    "cme credit(s)": "credits",
    "cme credits": "credits",
    "cme credit": "credits",
    "cme hours": "hours",
    "cme hrs": "hours",
    "cme cr": "credits",
    "pts": "credits",
    "pt.s": "credits",
    "points": "credits",
    "point": "credits",
    "cme pts": "credits",
    "hrs.": "hours",
    "hr.": "hours",
}
# Words around an amount that make it what the member still needs, not an activity's credit.
_REQUIRED_BEFORE = re.compile(
    r"\b(?:need|needs|needed|require[sd]?|short(?:\s+by)?|owe|missing|still)\s+(?:\w+\s+)?$", re.I
)
_REQUIRED_AFTER = re.compile(r"\s*(?:of\s+\w+\s+)?(?:left|remaining|to\s+go|short|outstanding)\b", re.I)
# Words before "N pts" that make them patients, not points.
_PATIENTS_BEFORE = re.compile(
    r"\b(?:saw|seen|see|seeing|treated|operated\s+on|rounded\s+on|clinic\s+with)\s*$", re.I
)
_NOT_POINTS = r"(?!\s+(?:seen|with|who|of\s+care|per\b|in\s+clinic))"

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty-second": 22,
    "twenty-third": 23,
    "twenty-fourth": 24,
    "twenty-fifth": 25,
    "twenty-sixth": 26,
    "twenty-seventh": 27,
    "twenty-eighth": 28,
    "twenty-ninth": 29,
    "thirtieth": 30,
    "thirty-first": 31,
}

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_FRACTION_WORDS = "|".join(sorted((re.escape(f) for f in FRACTIONS), key=len, reverse=True))
_TENS_UNIT = re.compile(
    r"\b(twenty|thirty|forty|fifty)[- ](one|two|three|four|five|six|seven|eight|nine)\b", re.I
)
_WORD_AND_FRACTION = re.compile(rf"\b({_UNIT_WORDS}|\d+)\s+and\s+(?:a\s+)?({_FRACTION_WORDS})\b", re.I)
# "a credit and a half", "an hour and a quarter", "two hours and a half": the fraction after the unit.
_UNIT_AND_FRACTION = re.compile(
    rf"\b(an?|{_UNIT_WORDS}|\d+)\s+(hour|hr|credit)s?\s+and\s+(?:a\s+)?({_FRACTION_WORDS})\b", re.I
)
_HALF_AN = re.compile(r"\b(?:a\s+)?half\s+(?:an?\s+)?(hour|hr|credit)s?\b", re.I)
_AN_HOUR = re.compile(r"\ban\s+(hour|hr)\b", re.I)
_SLASH_FRACTION = re.compile(
    r"(?<![\d/.])(?:(\d+)\s+)?([1-3])/([248])(?=\s*(?:an?\s+)?(?:hours?|hrs?|h\b|credits?|cat))", re.I
)
_MINUTES = re.compile(r"\b(\d{1,3})\s*(?:min|mins|minutes)\b", re.I)
_WORD = re.compile(rf"\b({_UNIT_WORDS})\b", re.I)
_FRACTION_ALONE = re.compile(
    rf"\b({_FRACTION_WORDS})\b(?=\s+(?:hours?|hrs?|credits?|ps|pt|patient|plastic))", re.I
)
_ORDINAL = re.compile(r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")\b", re.I)
_MONTH_ORDINAL = re.compile(
    r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+("
    + "|".join(sorted(ORDINALS, key=len, reverse=True))
    + r")\b",
    re.I,
)


_UNIT_SPELLING = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?|\.\d+)(\s*)("
    + "|".join(re.escape(k) for k in sorted(UNIT_SPELLINGS, key=len, reverse=True))
    + r")(?![\w(])"
    + _NOT_POINTS,
    re.I,
)
# "AMA PRA Category 1 Credit(s)™": the (s) and the trademark say nothing.
_CREDIT_S = re.compile(r"\b(credit)\(s\)", re.I)
_MARKS = re.compile(r"\s*(?:™|\(tm\)|®|\(r\))", re.I)


# A decimal that opens a message (or follows a log verb) and is "for" something is credit:
# "1.0 for the M&M conf", "log .5 for journal club".
_BARE_CREDIT = re.compile(
    r"^(\s*(?:/cme\s+)?(?:(?:pls|please)\s+)?(?:(?:log|logged|add|added|record|recorded)\s+(?:for\s+)?)?)(\d+\.\d+|\.\d+)(?=\s+for\b)",
    re.I,
)


# "Credits: 2" is "2 credits" (a labelled amount on one line of a typed entry).
_CREDITS_LABEL = re.compile(r"\b(?:cme\s+)?credits?\s*[:=]\s*(\d+(?:\.\d+)?|\.\d+)(?![\d/])", re.I)


def spell_units(text: str) -> str:
    """Unit shorthand after a number as its word: "2 cr" is "2 credits".

    A decimal that opens a log and is "for" something is credit: "1.0 for the M&M conf".
    """
    text = _MARKS.sub("", _CREDIT_S.sub(r"\1s", text))
    text = _BARE_CREDIT.sub(r"\1\2 credits", text)
    text = _CREDITS_LABEL.sub(r"\1 credits", text)

    def spelled(m: re.Match[str]) -> str:
        unit = m.group(3).lower()
        before = text[max(0, m.start() - 30) : m.start()]
        if unit.startswith(("pt", "point")) and _PATIENTS_BEFORE.search(before):
            return m.group(0)  # "saw 20 pts": patients
        if _REQUIRED_BEFORE.search(before) or _REQUIRED_AFTER.match(text, m.end()):
            return m.group(0)  # "I need 20 cr of PS", "12 cr left": what is required, not an activity
        return m.group(1) + " " + UNIT_SPELLINGS[unit]

    return _UNIT_SPELLING.sub(spelled, text)


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _quarter_hours(minutes: int) -> Decimal:
    """Minutes as credit hours, to the nearest quarter (AMA PRA credit comes in 0.25 steps)."""
    return Decimal(round(minutes / 15)) / 4


def words_to_digits(text: str) -> str:
    """Rewrite number words, fractions and ordinals in dates to digits."""
    for sym, rep in UNICODE_FRACTIONS.items():
        text = re.sub(rf"(\d){sym}", rf"\1{rep}", text).replace(sym, "0" + rep)
    text = _MONTH_ORDINAL.sub(lambda m: f"{m.group(1)} {ORDINALS[m.group(2).lower()]}", text)
    text = re.sub(
        r"\bthe\s+(" + _ORDINAL.pattern[3:-3] + r")\b",
        lambda m: f"the {ORDINALS[m.group(1).lower()]}th",
        text,
        flags=re.I,
    )
    text = _TENS_UNIT.sub(lambda m: str(UNITS[m.group(1).lower()] + UNITS[m.group(2).lower()]), text)

    def and_fraction(m: re.Match[str]) -> str:
        whole = m.group(1).lower()
        base = Decimal(UNITS[whole]) if whole in UNITS else Decimal(whole)
        return _fmt(base + Decimal(FRACTIONS[m.group(2).lower()]))

    text = _WORD_AND_FRACTION.sub(and_fraction, text)

    def unit_and_fraction(m: re.Match[str]) -> str:
        whole = m.group(1).lower()
        base = Decimal(1) if whole in ("a", "an") else Decimal(UNITS.get(whole, whole))
        return f"{_fmt(base + Decimal(FRACTIONS[m.group(3).lower()]))} {m.group(2)}s"

    text = _UNIT_AND_FRACTION.sub(unit_and_fraction, text)
    text = _HALF_AN.sub(lambda m: f"0.5 {m.group(1)}", text)
    text = _AN_HOUR.sub(lambda m: f"1 {m.group(1)}", text)

    def slash(m: re.Match[str]) -> str:
        whole = Decimal(m.group(1) or 0)
        return _fmt(whole + Decimal(m.group(2)) / Decimal(m.group(3)))

    text = _SLASH_FRACTION.sub(slash, text)
    text = _MINUTES.sub(lambda m: f"{_fmt(_quarter_hours(int(m.group(1))))} hours", text)
    text = _FRACTION_ALONE.sub(lambda m: FRACTIONS[m.group(1).lower()], text)
    text = _WORD.sub(lambda m: str(UNITS[m.group(1).lower()]), text)
    return spell_units(text)


def to_decimal(text: str) -> Decimal | None:
    """A decimal from "1.5", ".75", "2,5" (comma decimal) or None."""
    cleaned = text.strip().replace(",", ".")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
