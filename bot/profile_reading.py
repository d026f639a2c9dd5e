"""Reading what a member says about the requirement sets they answer to.

`read(text)` turns "I'm licensed in Texas and Florida, renew in May 2026, DEA
registered" into a `ProfileRequest`; it never decides on a date it cannot pin
to one set: "Texas and Florida, renew in May 2026" names no single set, so the
request carries a question instead of a guess. Set names are the sets' own
(name, short name, code, aliases), matched as whole words, longest first, so
"New York" is never read as "York" and "plastic surgery" is never a state.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from bot.requirement_sets.loading import find_set, requirement_sets
from bot.requirement_sets.model import PeriodKind, RequirementSet
from bot.understanding import profile_phrases as pp
from bot.understanding.reject import screen
from bot.understanding.routing import has_amount

DEA = "dea_mate"  # the set a DEA registration brings (bot/requirement_sets/data/dea_mate.toml)


@dataclass(frozen=True, slots=True)
class SaidDate:
    day: date
    month_only: bool  # "May 2026": the month's last day, and the reply says so
    at: int  # where it stands in the text


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProfileRequest:
    action: str  # "show" | "change" | "override" | "why" | "dea" | "status"
    add: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    dates: dict[str, SaidDate] = field(default_factory=dict)
    dea: bool | None = None
    named: tuple[str, ...] = ()  # every set the text names, in order
    unknown: tuple[str, ...] = ()  # states named for which the bot has no set
    ambiguous: tuple[str, ...] = ()  # sets a date could belong to: ask which
    unclear_date: str = ""  # a date that reads two ways ("05/06/2026")
    rule_words: str = ""  # an override's words naming the rule
    loose_date: SaidDate | None = None  # "my licence renews May 2026": a date naming no set
    text: str = ""


@cache
def _names() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every name a set goes by, longest first: "new york" before "york"."""
    pairs: list[tuple[str, str]] = []
    for code, s in requirement_sets().items():
        for name in (s.name, s.short, code, code.replace("_", " "), *s.aliases):
            if name.strip():
                pairs.append((name.strip().lower(), code))
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return tuple((re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.I), c) for n, c in dict(pairs).items())


def mentions(text: str) -> list[Mention]:
    """The sets `text` names, in order, each span claimed once."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern, code in _names():
        for m in pattern.finditer(text):
            if len(m.group(0)) <= 3 and m.group(0) != m.group(0).upper():
                continue  # "tx", "ny" in lower case are words more often than states; "TX" is a state
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Mention(code, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _states_without_sets(text: str, mentioned: list[Mention]) -> tuple[str, ...]:
    known = {(m.start, m.end) for m in mentioned}
    out: list[str] = []
    for state in pp.STATES:
        for m in re.finditer(rf"\b{re.escape(state)}\b", text, re.I):
            if not any(s <= m.start() < e for s, e in known):
                out.append(state)
    return tuple(dict.fromkeys(out))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def dates_in(text: str) -> tuple[list[SaidDate], str]:
    """The dates a member wrote, and the first that reads two ways (day/month), if any."""
    found: list[SaidDate] = []
    spans: list[tuple[int, int]] = []
    unclear = ""

    def add(m: re.Match[str], make: date, month_only: bool = False) -> None:
        if not any(m.start() < e and s < m.end() for s, e in spans):
            spans.append((m.start(), m.end()))
            found.append(SaidDate(make, month_only, m.start()))

    for m in pp.ISO_DATE.finditer(text):
        try:
            add(m, date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            unclear = unclear or m.group(0)
    for m in pp.MONTH_DAY_YEAR.finditer(text):
        try:
            add(m, date(int(m[3]), pp.MONTHS[m[1].lower()], int(m[2])))
        except ValueError:
            unclear = unclear or m.group(0)
    for m in pp.DAY_MONTH_YEAR.finditer(text):
        try:
            add(m, date(int(m[3]), pp.MONTHS[m[2].lower()], int(m[1])))
        except ValueError:
            unclear = unclear or m.group(0)
    for m in pp.MONTH_YEAR.finditer(text):
        add(m, _month_end(int(m[2]), pp.MONTHS[m[1].lower()]), month_only=True)
    for m in pp.SLASH_DATE.finditer(text):
        first, second = int(m[1]), int(m[2])
        if first <= 12 and second <= 12 and first != second:
            unclear = unclear or m.group(0)
            spans.append((m.start(), m.end()))
            continue
        month, day = (first, second) if first <= 12 else (second, first)
        try:
            add(m, date(int(m[3]), month, day))
        except ValueError:
            unclear = unclear or m.group(0)
    for m in pp.MONTH_SLASH_YEAR.finditer(text):
        if 1 <= int(m[1]) <= 12:
            add(m, _month_end(int(m[2]), int(m[1])), month_only=True)
    for m in pp.YEAR_MONTH.finditer(text):
        if 1 <= int(m[2]) <= 12:
            add(m, _month_end(int(m[1]), int(m[2])), month_only=True)
    return sorted(found, key=lambda d: d.at), unclear


def _dated(
    sets: list[Mention], dates: list[SaidDate], text: str
) -> tuple[dict[str, SaidDate], tuple[str, ...]]:
    """Which set each renewal date is for; the sets a date could be for when it is not clear."""
    datable = [m for m in sets if requirement_sets()[m.code].period is not PeriodKind.CALENDAR]
    if not dates or not datable:
        return {}, ()
    if len(datable) == 1 and len({d.day for d in dates}) == 1:
        return {datable[0].code: dates[0]}, ()
    paired: dict[str, SaidDate] = {}
    for d in dates:
        before = [m for m in sets if m.end <= d.at]
        if not before:
            return {}, tuple(m.code for m in datable)
        owner = before[-1]
        earlier = before[:-1]
        listed = bool(earlier) and bool(pp.LIST_GLUE.match(text[earlier[-1].end : owner.start]))
        if listed or owner not in datable or owner.code in paired:
            return {}, tuple(m.code for m in datable)
        paired[owner.code] = d
    return paired, ()


def _rule_words(text: str, named: list[Mention]) -> str:
    """The words of a board's-word message that may name the rule: not filler, not the set's name."""
    words = [w for w in re.findall(r"[a-z']+", text.lower()) if w not in pp.OVERRIDE_FILLER]
    for m in named:
        words = [w for w in words if w not in text[m.start : m.end].lower().split()]
    return " ".join(words)


def _only_names(text: str, named: list[Mention]) -> bool:
    """Whether `text` says nothing but set names, dates and the filler of "add Texas, renews May 2026"."""
    rest = text
    for m in reversed(named):
        rest = rest[: m.start] + " " + rest[m.end :]
    for pattern in (pp.ISO_DATE, pp.MONTH_DAY_YEAR, pp.DAY_MONTH_YEAR, pp.MONTH_YEAR, pp.SLASH_DATE):
        rest = pattern.sub(" ", rest)
    words = re.findall(r"[a-z][a-z']*", rest.lower())
    return bool(named) and all(w in pp.VERB_FILLER or w in pp.MONTHS for w in words)


def read(text: str) -> ProfileRequest | None:
    """What `text` asks of the member's profile; None when it is not about the sets they hold."""
    if len(text) > 400 or has_amount(text) or screen(text):
        return None  # "add 2 ethics credits for Texas" is an activity; "ignore … instructions" refused
    named = mentions(text)
    codes = tuple(dict.fromkeys(m.code for m in named))
    if pp.SHOW.search(text):
        return ProfileRequest("show", text=text)
    if pp.WHY.search(text):
        return ProfileRequest("why", named=codes, text=text)
    if pp.DEA_QUESTION.search(text) and (
        "?" in text or re.match(r"^\W*(?:do|does|what|am|is|should)\b", text, re.I)
    ):
        return ProfileRequest("dea", named=codes, text=text)
    if pp.OVERRIDE_UNDO.search(text):
        return ProfileRequest("unoverride", named=codes, rule_words=_rule_words(text, named), text=text)
    if pp.OVERRIDE.search(text) and not pp.DROP.search(text):
        return ProfileRequest("override", named=codes, rule_words=_rule_words(text, named), text=text)
    dropping = bool(pp.DROP.search(text)) and (not pp.DROP.match(text) or _only_names(text, named))
    adding = bool(pp.HOLD.search(text)) or (bool(pp.ADD.search(text)) and _only_names(text, named))
    if codes and pp.STATUS.search(text) and not (adding or dropping or pp.RENEWAL_CUE.search(text)):
        return ProfileRequest("status", named=codes, text=text)
    dea: bool | None = None
    if pp.DEA_NO.search(text):
        dea = False
    elif pp.DEA_YES.search(text):
        dea = True
    unknown = _states_without_sets(text, named)
    state_sets = [m for m in named if m.code != DEA or dea is None]
    if dropping and (state_sets or unknown):
        return ProfileRequest(
            "change", drop=tuple(m.code for m in state_sets), named=codes, unknown=unknown, text=text
        )
    dates, unclear = dates_in(text) if named or adding or pp.RENEWAL_CUE.search(text) else ([], "")
    if not (adding or dea is not None or (named and dates and pp.RENEWAL_CUE.search(text))):
        return None
    paired, ambiguous = _dated(state_sets, dates, text)
    if adding and not state_sets and not unknown and dea is None:
        if not re.search(r"\blicen[cs]", text, re.I):
            return None  # "add 2 credits" and the like: not about licences at all
        if dates and pp.RENEWAL_CUE.search(text):
            return ProfileRequest("change", loose_date=dates[0], unclear_date=unclear, text=text)
        return ProfileRequest("change", text=text)  # "licensed in plastic surgery": no state named
    return ProfileRequest(
        "change",
        loose_date=dates[0] if ambiguous else None,  # the date to ask about
        add=tuple(dict.fromkeys(m.code for m in state_sets)),
        dates=paired,
        dea=dea,
        named=codes,
        unknown=unknown,
        ambiguous=ambiguous,
        unclear_date=unclear,
        text=text,
    )


def set_named(text: str) -> RequirementSet | None:
    """The one set `text` names ("send my Texas report"), if it names exactly one."""
    codes = {m.code for m in mentions(text)}
    return requirement_sets()[codes.pop()] if len(codes) == 1 else None


def set_code(name: str) -> str | None:
    """A set's code from its code or any name it goes by ("texas", "TX", "DEA"), as `find_set` reads it."""
    found = requirement_sets().get(name.strip().lower()) or find_set(name)
    return found.code if found else None
