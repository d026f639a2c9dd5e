"""Where an activity took place: city, state code and country code when stated.

A place is read only where the text pairs a city with a state, province or
country ("Houston, Texas", "Chicago IL", "Vienna, Austria"); a postal address
(street number or ZIP code) is the provider's or learner's mailing address,
not the venue, so it is skipped.
"""

from __future__ import annotations

import re

from bot.understanding import places
from bot.understanding.contract import Fields

_NAMES = sorted(
    list(places.US_STATES) + list(places.CA_PROVINCES) + list(places.COUNTRIES), key=len, reverse=True
)
_NAME_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(n) for n in _NAMES if len(n) > 3 or "." in n)
    + r"|USA|UK|U\.S\.A?\.?)"
    r"(?![\w-])",
    re.I,
)
# ISO codes of countries outside North America that are no US state or Canadian province.
_FOREIGN_CODES = frozenset(places.COUNTRIES.values()) - places.US_CODES - places.CA_CODES - {"US", "CA", "IT"}
_CODE_RE = re.compile(r"(?<![\w.])(?:[A-Z]{2})(?![\w-])")
# "in chicago il", or "feb 21-22 chicago il," after a date or a comma: typed in lower case.
_LOWER_CODE_RE = re.compile(
    r"(?:\bin\s+(?P<city>[a-z]+(?: [a-z]+)?)\s+(?P<code>[a-z]{2})\b)"
    r"|(?:(?<=\d)|(?<=»)|(?<=,))\s+(?P<city2>[a-z]+(?: [a-z]+)?)\s+(?P<code2>[a-z]{2})(?=\s*(?:[,;]|$))"
)
_CITY_BEFORE = re.compile(r"(?P<city>(?:[A-Z][\w.'’-]*[ ]){0,2}[A-Z][\w.'’-]*),?[ ]?$")
_ZIP_AFTER = re.compile(r"^\s*\d{5}(?:-\d{4})?\b|^\s*[A-Z]\d[A-Z] ?\d[A-Z]\d\b")
_BOUNDARY_AFTER = re.compile(
    r"^(?:\s*$|\s*[,.;:)\]•*|]|\s*\n|\s+(?:USA|US|Canada|and|on|for|from|in|at|to|\d)\b|\s+[—–-]|[ \t]+[a-z]|"
    r"\s+«|\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
)
_STREET = re.compile(
    r"^\s*\d+\s+(?!(?:credits?|cr|creds?|hours?|hrs?|h|cat|category|cme|ama|pts|points)\b)\w+|"
    r"\b(?:suite|ste\.?|street|st\.|avenue|ave\.?|road|rd\.|blvd|p\.?o\.? box)\b",
    re.I,
)
NOT_CITIES = frozenset(
    [
        "the",
        "in",
        "at",
        "held",
        "on",
        "center",
        "centre",
        "hotel",
        "hall",
        "inn",
        "resort",
        "pavilion",
        "conference",
        "convention",
        "room",
        "dear",
        "dr",
        "mr",
        "mrs",
        "ms",
        "venue",
        "location",
        "date",
        "dates",
        "activity",
        "physician",
        "name",
        "recipient",
        "participant",
        "provider",
        "accredited",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "cat",
        "category",
        "ama",
        "pra",
        "credits",
        "credit",
        "cme",
        "live",
        "virtual",
        "online",
        "log",
        "please",
        "title",
        "type",
    ]
)
PERSON_CONTEXT = re.compile(
    r"(?:certify that|name:|physician:|participant:|recipient:|clinician:|awarded to:?|presented to:?|"
    r"dr\.|dear)\s*[^\n]*$",
    re.I,
)
# "in Boston", "in san diego": up to three words after "in", read as a city only when they name one.
_IN_WORDS = re.compile(r"\bin\s+(?P<words>[A-Za-z][\w.'’-]*(?:[ ][A-Za-z][\w.'’-]*){0,2})")
# What may follow a bare city: the end, punctuation, a date, or a word that starts the next phrase.
_AFTER_CITY = re.compile(
    r"^(?:\s*$|\s*[,.;:!?)(«]|\s+(?:on|this|last|from|for|at|with|and|to|over|during|\d)\b|"
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$))",
    re.I,
)


def find_location(text: str, *, allow_bare_city: bool = False) -> Fields:
    """City, state and country from the first city-with-region pair in `text`."""
    for match in _candidates(text):
        region, city = match
        fields: Fields = {}
        if city:
            city, state = _split_region_code(city, region.get("country"))
            fields["city"] = city
            if state and "state" not in region:
                fields["state"] = state
        fields.update(region)
        return fields
    if allow_bare_city:
        city = bare_city(text)
        if city:
            return {"city": city}
    return {}


def bare_city(text: str) -> str | None:
    """A city named without its state ("the prep course in Miami"), known from the gazetteer.

    "Advances in Breast Reconstruction" has the same shape, so only a name the gazetteer
    (bot/understanding/cities.json) holds is a city; typed in lower case ("in chicago") it
    must also be no English word ("in reading", "in mobile"), and it comes back capitalised.
    """
    for m in _IN_WORDS.finditer(text):
        words = m.group("words").split(" ")
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(".")
            after = text[m.start("words") + len(name) :]
            if not _AFTER_CITY.match(after) or any(w.lower() in NOT_CITIES for w in name.split()):
                continue
            if name.islower():
                if name in places.WORD_LIKE_CITIES:
                    continue
                known = places.city_named(name)
            else:
                known = places.city_named(name) if all(w[:1].isupper() for w in name.split()) else None
            if known:
                return known
    return None


def _split_region_code(city: str, country: object) -> tuple[str, str | None]:
    """ "Melbourne VIC" before "Australia" is the city Melbourne in the state VIC."""
    words = city.split()
    if len(words) >= 2 and words[-1].isupper():
        region = places.region_code(words[-1])
        if region and region[1] == country:
            return " ".join(words[:-1]), region[0]
    return city, None


def candidates(text: str) -> list[tuple[Fields, str | None]]:
    """Every (region, city) pair in `text`, in text order."""
    return _candidates(text)


def _candidates(text: str) -> list[tuple[Fields, str | None]]:
    found: list[tuple[int, Fields, str | None]] = []
    for m in _NAME_RE.finditer(text):
        got = _region_fields(m.group(0))
        if got is None:
            continue
        city = _city_before(text, m.start(), m.end())
        if city is None:
            continue
        found.append((m.start(), got, city or None))
    for m in _CODE_RE.finditer(text):
        if text[m.end() : m.end() + 1] == ":":
            continue  # "Course ID:", a label, not a state
        got = _region_fields(m.group(0))
        if got is None and m.group(0) in _FOREIGN_CODES:
            got = {"country": m.group(0)}  # "Zurich CH": a country's ISO code after its city
        elif got is None or "state" not in got:
            continue
        city = _city_before(text, m.start(), m.end(), allow_region_name=True)
        if not city:
            continue
        found.append((m.start(), got, city))
    for m in _LOWER_CODE_RE.finditer(text):
        code, city = m.group("code") or m.group("code2"), m.group("city") or m.group("city2")
        if code in places.AMBIGUOUS_LOWER_CODES:
            continue
        got = _region_fields(code.upper())
        if got and "state" in got:
            found.append((m.start(), got, city.title()))
    found.sort(key=lambda f: f[0])
    return [(f, c) for _, f, c in found]


def _region_fields(name: str) -> Fields | None:
    region = places.region_code(name) if len(name.replace(".", "")) > 2 or name.isupper() else None
    if region and (len(name) > 2 or name.isupper()):
        return {"state": region[0], "country": region[1]}
    country = places.country_code(name)
    if country and (len(name) > 3 or name.isupper()):
        return {"country": country}
    return None


def _city_before(text: str, start: int, end: int, *, allow_region_name: bool = False) -> str | None:
    """The city written just before a region; None when this is no venue.

    Returns "" when the region stands alone on its line with nothing before it
    (a country on its own line is still a place).
    """
    after = text[end : end + 40]
    if _ZIP_AFTER.match(after) or not _BOUNDARY_AFTER.match(after):
        return None
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if _STREET.search(before):
        return None
    m = _CITY_BEFORE.search(before)
    if not m:
        return None
    city = m.group("city").strip(" ,")
    words = city.split()
    while words and words[0].lower().strip(".,") in NOT_CITIES:
        words = words[1:]
    if not words or any(w.lower().strip(".,") in NOT_CITIES for w in words):
        return None
    city = " ".join(words)
    if PERSON_CONTEXT.search(before[: m.start()] + city) and text[start:end] in ("MD", "DO", "PA"):
        return None
    if (
        text[start:end] in ("MD", "DO", "PA")
        and re.fullmatch(r"[\W_]*" + re.escape(m.group("city")) + r",?\s*", before)
        and re.match(r"[ \t]*(?:\n|$)", after)
    ):
        return None
    if text[start:end] in ("MD", "DO", "PA") and re.match(r"^,?\s*(?:[a-z]|FACS|PhD|MPH|MBA|FRCS)", after):
        return None
    if text[start:end] in ("MD", "DO", "PA") and re.search(r"\b(?:that|by|with|to)\s*$", before[: m.start()]):
        return None
    if not allow_region_name and (places.region_code(city) or places.country_code(city)):
        return None
    return city
