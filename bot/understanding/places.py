"""Place names as data: the portal wants postal codes and ISO alpha-2 countries.

Physicians write "Houston, Texas", "Chicago IL" or "Vienna, Austria"; the
record form wants TX / US / AT, so every spelling we accept maps to a code here.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

US_STATES: dict[str, str] = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "district of columbia": "DC",
    "puerto rico": "PR",
}

CA_PROVINCES: dict[str, str] = {
    "alberta": "AB",
    "british columbia": "BC",
    "manitoba": "MB",
    "new brunswick": "NB",
    "newfoundland and labrador": "NL",
    "newfoundland": "NL",
    "nova scotia": "NS",
    "ontario": "ON",
    "prince edward island": "PE",
    "quebec": "QC",
    "québec": "QC",
    "saskatchewan": "SK",
    "northwest territories": "NT",
    "nunavut": "NU",
    "yukon": "YT",
}

# Australian states and territories whose codes are not also a US state's or Canadian province's.
AU_STATES: dict[str, str] = {
    "victoria": "VIC",
    "new south wales": "NSW",
    "queensland": "QLD",
    "tasmania": "TAS",
    "australian capital territory": "ACT",
    "western australia": "WA",
    "south australia": "SA",
}
AU_CODES = frozenset({"VIC", "NSW", "QLD", "TAS", "ACT"})

COUNTRIES: dict[str, str] = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "us": "US",
    "canada": "CA",
    "mexico": "MX",
    "united kingdom": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "ireland": "IE",
    "france": "FR",
    "germany": "DE",
    "spain": "ES",
    "portugal": "PT",
    "italy": "IT",
    "austria": "AT",
    "switzerland": "CH",
    "netherlands": "NL",
    "the netherlands": "NL",
    "belgium": "BE",
    "denmark": "DK",
    "sweden": "SE",
    "norway": "NO",
    "finland": "FI",
    "iceland": "IS",
    "poland": "PL",
    "czech republic": "CZ",
    "czechia": "CZ",
    "hungary": "HU",
    "greece": "GR",
    "turkey": "TR",
    "türkiye": "TR",
    "israel": "IL",
    "united arab emirates": "AE",
    "uae": "AE",
    "qatar": "QA",
    "saudi arabia": "SA",
    "egypt": "EG",
    "south africa": "ZA",
    "india": "IN",
    "china": "CN",
    "japan": "JP",
    "south korea": "KR",
    "korea": "KR",
    "taiwan": "TW",
    "hong kong": "HK",
    "singapore": "SG",
    "thailand": "TH",
    "australia": "AU",
    "new zealand": "NZ",
    "brazil": "BR",
    "argentina": "AR",
    "colombia": "CO",
    "chile": "CL",
    "peru": "PE",
    "costa rica": "CR",
    "dominican republic": "DO",
    "croatia": "HR",
    "monaco": "MC",
    "luxembourg": "LU",
}

US_CODES = frozenset(US_STATES.values())
CA_CODES = frozenset(CA_PROVINCES.values())

# Two-letter codes that are also everyday words or abbreviations in lower case;
# a lower-case "in" or "me" is never read as a state.
AMBIGUOUS_LOWER_CODES = frozenset(
    {
        "in",
        "me",
        "or",
        "oh",
        "ok",
        "hi",
        "pa",
        "de",
        "al",
        "ma",
        "md",
        "co",
        "la",
        "mo",
        "ms",
        "id",
        "mt",
        "ne",
        "wa",
        "ga",
        "pr",
        "sc",
        "nd",
        "ct",
        "ar",
        "mi",
        "va",
        "on",
        "ab",
        "pe",
        "ns",
        "nt",
        "nb",
        "ca",
        "ps",
        "dc",
        "ia",
        "ut",
        "ky",
        "sd",
        "nh",
    }
)


def region_code(name: str) -> tuple[str, str] | None:
    """(state code, country code) for a state or province name or postal code."""
    low = " ".join(name.lower().replace(".", "").split())
    if low in US_STATES:
        return US_STATES[low], "US"
    if low in CA_PROVINCES:
        return CA_PROVINCES[low], "CA"
    if low in AU_STATES:
        return AU_STATES[low], "AU"
    up = low.upper()
    if up in US_CODES:
        return up, "US"
    if up in CA_CODES:
        return up, "CA"
    if up in AU_CODES:
        return up, "AU"
    return None


def country_code(name: str) -> str | None:
    return COUNTRIES.get(" ".join(name.lower().split()))


# Cities whose names are also English words: typed in lower case they are the word ("in reading").
WORD_LIKE_CITIES = frozenset(
    [
        "aurora",
        "bath",
        "brighton",
        "bury",
        "columbia",
        "concord",
        "ede",
        "enterprise",
        "florence",
        "independence",
        "lafayette",
        "mission",
        "mobile",
        "nice",
        "normal",
        "orange",
        "paradise",
        "providence",
        "reading",
        "sale",
        "split",
        "surprise",
        "temple",
        "union",
        "victoria",
        "hope",
        "march",
        "university",
        "deal",
        "given",
        "liberty",
        "wells",
    ]
)


def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@cache
def _cities() -> dict[str, str]:
    raw = json.loads(resources.files("bot.understanding").joinpath("cities.json").read_text("utf-8"))
    return {_folded(name): name for name in raw["cities"]}


def city_named(name: str) -> str | None:
    """The gazetteer's spelling of a city ("montreal" -> "Montréal"), or None when it is no city we know."""
    return _cities().get(_folded(name))
