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
class _Index:
    """Phrases by their first word, so a long certificate is read in one pass, not once per term."""

    by_word: dict[str, tuple[_Term, ...]]
    by_prefix: tuple[tuple[str, _Term], ...]
    by_number: tuple[_Term, ...]

    def at(self, word: str) -> Iterable[_Term]:
        yield from self.by_word.get(word, ())
        for prefix, term in self.by_prefix:
            if word.startswith(prefix):
                yield term
        if _is_amount(word):
            yield from self.by_number


@dataclass(frozen=True, slots=True)
class _Table:
    terms: _Index
    excepts: _Index  # phrases in which a topic's terms don't count ("drug trafficking")
    names: dict[str, frozenset[str]]  # a member's words for a topic (lower, spaced) -> codes
    order: tuple[str, ...]  # codes in the file's order, for stable replies


def _index(phrases: Iterable[_Term]) -> _Index:
    by_word: dict[str, list[_Term]] = {}
    by_prefix: list[tuple[str, _Term]] = []
    by_number: list[_Term] = []
    for phrase in phrases:
        first = phrase.words[0]
        if first == _NUMBER:
            by_number.append(phrase)
        elif first.endswith("*"):
            by_prefix.append((first[:-1], phrase))
        else:
            by_word.setdefault(first, []).append(phrase)
    return _Index({k: tuple(v) for k, v in by_word.items()}, tuple(by_prefix), tuple(by_number))


def _is_amount(word: str) -> bool:
    return word.isdigit() and len(word) <= 2


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
    excepts: list[_Term] = []
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
        excepts.extend(_Term(code, _pattern(p)) for p in topic.get("except", ()))
        for name in (code.replace("_", " "), known[code].label, *topic.get("names", ())):
            names.setdefault(" ".join(words_of(name)), set()).add(code)
        for part in known[code].label.split("/"):
            names.setdefault(" ".join(words_of(part)), set()).add(code)
    # A topic's own name or label decides alone; a term shared by topics names them all.
    for term, codes in by_term.items():
        if term not in names:
            names[term] = set(codes)
    return _Table(
        _index(terms),
        _index(excepts),
        {k: frozenset(v) for k, v in names.items() if k},
        tuple(t["code"] for t in raw["topics"]),
    )


def _matches(pattern: Sequence[str], words: Sequence[str], at: int) -> bool:
    if at + len(pattern) > len(words):
        return False
    for p, w in zip(pattern, words[at : at + len(pattern)], strict=True):
        if p == _NUMBER:
            if not _is_amount(w):
                return False
        elif p.endswith("*"):
            if not w.startswith(p[:-1]):
                return False
        elif p != w:
            return False
    return True


def read_topics(text: str | None) -> frozenset[str]:
    """The topic codes `text` names, by the terms of entry_topics.json; empty when none."""
    if not text:
        return frozenset()
    table = _table()
    lower = words_of(text)
    raw = _raw_words(text)
    shouting = not re.search(r"[a-z]", text)  # an ALL-CAPS text has no case to tell "AIDS" by
    excluded: dict[str, set[int]] = {}
    for i, word in enumerate(lower):
        for phrase in table.excepts.at(word):
            if _matches(phrase.words, lower, i):
                excluded.setdefault(phrase.code, set()).update(range(i, i + len(phrase.words)))
    found: set[str] = set()
    for i, word in enumerate(lower):
        for term in table.terms.at(word):
            n = len(term.words)
            if term.code in found or (term.exact and shouting) or not _matches(term.words, lower, i):
                continue
            if excluded.get(term.code, set()) & set(range(i, i + n)):
                continue
            if term.exact and tuple(raw[i : i + n]) != term.exact:
                continue
            found.add(term.code)
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
