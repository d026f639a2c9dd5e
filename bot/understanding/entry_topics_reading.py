"""Which topics (ethics, opioids, child abuse…) a title or a certificate's text is about.

A licence asks hours *of* a topic, and the certificate usually says so only in
its title or a line of its text ("Safe Opioid Prescribing", "This activity
meets the … requirement for risk management"). The words are data
(bot/entry_topics.json), matched as whole words so "Ethicon" is not ethics and
"surgical aids" is not HIV/AIDS. A topic read is said aloud in the reply and
undone in a word ("not ethics"), so a reading that is too eager costs a word,
one that is too shy costs nothing but a tag the member adds the same way.

Topics travel in `Fields` as one string, codes joined by commas, so a draft
keeps them between messages like any other field; a change to them is the
same string with each code marked "+" (add) or "-" (take off).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.entry_topics import entry_topics
from bot.understanding.contract import Fields

FIELD = "topics"
ADD, REMOVE = "+", "-"
_NUMBER = "#"  # in an `except` phrase: a credit amount ("patient safety 1.0"), never a year
_EXACT = "="  # a term matched in its own case only ("=AIDS")


@dataclass(frozen=True, slots=True)
class _Term:
    code: str
    words: tuple[str, ...]  # lower-case; a trailing * is a prefix
    exact: tuple[str, ...] = ()  # the case the text must have ("AIDS"), empty for any case


@dataclass(frozen=True, slots=True)
class _Table:
    terms: tuple[_Term, ...]
    excepts: dict[str, tuple[tuple[str, ...], ...]]  # code -> phrases in which its terms don't count
    names: dict[str, frozenset[str]]  # a member's words for a topic (lower, spaced) -> codes
    order: tuple[str, ...]  # codes in the file's order, for stable replies


def words_of(text: str) -> list[str]:
    """Words without case or punctuation: "End-of-Life" -> ["end", "of", "life"]."""
    return re.findall(r"[a-z0-9]+", text.lower())


def _raw_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def _pattern(phrase: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[A-Za-z0-9]+\*?|#", phrase))


@cache
def _table() -> _Table:
    raw = json.loads(resources.files("bot").joinpath("entry_topics.json").read_text("utf-8"))
    known = entry_topics()
    terms: list[_Term] = []
    excepts: dict[str, tuple[tuple[str, ...], ...]] = {}
    names: dict[str, set[str]] = {}
    by_term: dict[str, set[str]] = {}
    for topic in raw["topics"]:
        code = topic["code"]
        for term in topic["terms"]:
            if term.startswith(_EXACT):
                exact = tuple(re.findall(r"[A-Za-z0-9]+", term[1:]))
                terms.append(_Term(code, _pattern(term[1:]), exact))
            else:
                terms.append(_Term(code, _pattern(term)))
                by_term.setdefault(" ".join(words_of(term)), set()).add(code)
        excepts[code] = tuple(_pattern(p) for p in topic.get("except", ()))
        for name in (code.replace("_", " "), known[code].label, *topic.get("names", ())):
            names.setdefault(" ".join(words_of(name)), set()).add(code)
        for part in known[code].label.split("/"):
            names.setdefault(" ".join(words_of(part)), set()).add(code)
    # A topic's own name or label decides alone; a term shared by topics names them all.
    for term, codes in by_term.items():
        if term not in names:
            names[term] = set(codes)
    return _Table(
        tuple(terms),
        excepts,
        {k: frozenset(v) for k, v in names.items() if k},
        tuple(t["code"] for t in raw["topics"]),
    )


def _matches(pattern: Sequence[str], found: Sequence[str]) -> bool:
    for p, w in zip(pattern, found, strict=True):
        if p == _NUMBER:
            if not (w.isdigit() and len(w) <= 2):
                return False
        elif p.endswith("*"):
            if not w.startswith(p[:-1]):
                return False
        elif p != w:
            return False
    return True


def _spans(pattern: Sequence[str], found: Sequence[str]) -> Iterable[int]:
    n = len(pattern)
    for i in range(len(found) - n + 1):
        if _matches(pattern, found[i : i + n]):
            yield i


def read_topics(text: str | None) -> frozenset[str]:
    """The topic codes `text` names, by the terms of entry_topics.json; empty when none."""
    if not text:
        return frozenset()
    table = _table()
    lower = words_of(text)
    raw = _raw_words(text)
    shouting = not re.search(r"[a-z]", text)  # an ALL-CAPS text has no case to tell "AIDS" by
    excluded: dict[str, set[int]] = {}
    for code, phrases in table.excepts.items():
        for phrase in phrases:
            for i in _spans(phrase, lower):
                excluded.setdefault(code, set()).update(range(i, i + len(phrase)))
    found: set[str] = set()
    for term in table.terms:
        if term.code in found:
            continue
        if term.exact and shouting:
            continue
        for i in _spans(term.words, lower):
            covered = set(range(i, i + len(term.words)))
            if covered & excluded.get(term.code, set()):
                continue
            if term.exact and tuple(raw[i : i + len(term.exact)]) != term.exact:
                continue
            found.add(term.code)
            break
    return frozenset(found)


def topics_named(phrase: str) -> frozenset[str] | None:
    """The topics a member's word(s) name ("ethics", "opioid CME", "child abuse"); None: not a topic."""
    key = " ".join(words_of(phrase))
    return _table().names.get(key) if key else None


def ordered(codes: Iterable[str]) -> list[str]:
    """Codes in the file's order, so a reply lists them the same way every time."""
    wanted = set(codes)
    return [c for c in _table().order if c in wanted]


def labels(codes: Iterable[str]) -> list[str]:
    known = entry_topics()
    return [known[c].label for c in ordered(codes)]


def all_labels() -> list[str]:
    return labels(_table().order)


def to_field(codes: Iterable[str]) -> str:
    """Topic codes as a field's one string: "ethics,opioids" ("" for none)."""
    return ",".join(ordered(codes))


def change_field(add: Iterable[str] = (), remove: Iterable[str] = ()) -> str:
    """A change to an entry's topics: "+ethics,-opioids"."""
    return ",".join([*(ADD + c for c in ordered(add)), *(REMOVE + c for c in ordered(remove))])


def is_change(value: str) -> bool:
    items = [v for v in value.split(",") if v]
    return bool(items) and all(v[:1] in (ADD, REMOVE) for v in items)


def from_field(value: object) -> frozenset[str]:
    """A field's topics as codes; unknown codes are dropped (a renamed topic never breaks a draft)."""
    if not isinstance(value, str):
        return frozenset()
    known = entry_topics()
    return frozenset(c for c in (v.strip() for v in value.split(",")) if c in known)


def applied(current: object, change: object) -> str:
    """`change` ("+ethics,-opioids", or a whole new set "ethics") applied to a field's topics."""
    if not isinstance(change, str):
        return to_field(from_field(current))
    if not is_change(change):
        return to_field(from_field(change))
    codes = set(from_field(current))
    known = entry_topics()
    for item in (v for v in change.split(",") if v):
        code = item[1:]
        if code not in known:
            continue
        if item[0] == ADD:
            codes.add(code)
        else:
            codes.discard(code)
    return to_field(codes)


def with_topics(fields: Fields, text: str = "") -> None:
    """Put the topics of `fields`' title (and of `text`, a certificate's own words) into `fields`.

    Only topics found are written: a reading that found none leaves the key
    out, so a title corrected later is still read when the activity is built.
    """
    title = fields.get("title")
    found = read_topics(title if isinstance(title, str) else None) | read_topics(text)
    if found:
        fields[FIELD] = to_field(found)


def topic_choices() -> list[tuple[str, str]]:
    """(code, label) of every topic, for a door's multiple choice."""
    known = entry_topics()
    return [(c, known[c].label) for c in _table().order]
