"""Is an activity plastic surgery? Decided from its title and provider when nobody said.

ASPS needs 50 plastic-surgery credits a cycle, and most certificates never
print a plastic-surgery figure: a breast-reconstruction course is obviously
plastic surgery, an opioid-prescribing module obviously is not. Filling 0 for
both (as the portal's form would) hides half a surgeon's progress. The words
that decide are data (`plastic_topics.json`), so adding a topic is an edit to
a list, not a new branch of code; whatever the bot decides, the reply says
so, and "not plastics" / "that was plastics" undoes it.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.understanding.contract import Fields, Intent, Understanding

ALL = "all"
"""A plastic-surgery amount meaning "every credit of the activity", resolved when it is built."""


class Topic(enum.Enum):
    PLASTIC = "plastic"
    OTHER = "other"
    UNSURE = "unsure"


@dataclass(frozen=True, slots=True)
class Decision:
    topic: Topic
    words: str = ""  # the words of the title or provider that decided
    by_provider: bool = False


@dataclass(frozen=True, slots=True)
class _Terms:
    practice: tuple[tuple[str, ...], ...]
    plastic: tuple[tuple[str, ...], ...]
    other: tuple[tuple[str, ...], ...]
    providers: tuple[tuple[str, ...], ...]
    not_plastic: frozenset[str]
    all_plastic: frozenset[str]


def words(text: str) -> list[str]:
    """Lower-case words without punctuation: "Implant-Based" -> ["implant", "based"]."""
    return re.findall(r"[a-z0-9]+", text.lower())


@cache
def _terms() -> _Terms:
    raw = json.loads(resources.files("bot").joinpath("plastic_topics.json").read_text("utf-8"))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(_pattern_words(p)) for p in raw[key])

    fixes = raw["corrections"]
    return _Terms(
        practice=phrases("practice_terms"),
        plastic=phrases("plastic_terms"),
        other=phrases("other_terms"),
        providers=phrases("plastic_providers"),
        not_plastic=frozenset(" ".join(words(p)) for p in fixes["not_plastic"]),
        all_plastic=frozenset(" ".join(words(p)) for p in fixes["all_plastic"]),
    )


def _pattern_words(phrase: str) -> list[str]:
    """Like `words`, but a trailing * stays on its word (a prefix)."""
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+\*?", phrase)]


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _find(text_words: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> str | None:
    """The text's words that match the first phrase found, or None."""
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(text_words) - n + 1):
            if all(_word_matches(p, w) for p, w in zip(phrase, text_words[i : i + n], strict=True)):
                return " ".join(text_words[i : i + n])
    return None


def decide(title: str | None, provider: str | None) -> Decision:
    """Plastic surgery, clearly something else, or unsure.

    The title speaks first. Running a practice (coding, ethics, liability) is
    not plastic surgery even with "aesthetic" in the name; a plastic topic
    counts even from a general provider; an unrelated clinical topic (opioid
    prescribing, sedation safety) does not become plastic surgery because a
    plastic-surgery society ran it. Only a title that says none of these
    leaves it to the provider.
    """
    terms = _terms()
    title_words = words(title or "")
    provider_words = words(provider or "")
    found = _find(title_words, terms.practice)
    if found:
        return Decision(Topic.OTHER, found)
    found = _find(title_words, terms.plastic)
    if found:
        return Decision(Topic.PLASTIC, found)
    found = _find(title_words, terms.other)
    if found:
        return Decision(Topic.OTHER, found)
    found = _find(provider_words, terms.providers) or _find(provider_words, terms.plastic)
    if found:
        return Decision(Topic.PLASTIC, found, by_provider=True)
    return Decision(Topic.UNSURE)


_REF = re.compile(r"#\s*(\d{1,9})\b")
_LINKS = frozenset({"for", "on", "entry", "to", "of"})
_FILLER = frozenset({"please", "thanks", "thank", "you", "actually", "sorry", "oops", "oh", "ok", "okay"})


def correction(text: str) -> Understanding | None:
    """ "not plastics" / "that was plastics" (optionally naming "#12"), as an edit.

    An edit of "last" corrects a waiting draft, or else the newest entry, the
    same way every other correction does; `ALL` becomes the activity's own
    credits when it is built.
    """
    if len(text) > 80:
        return None
    ref = None
    match = _REF.search(text)
    if match:
        ref = match.group(1)
        before = words(text[: match.start()])
        while before and before[-1] in _LINKS:
            before.pop()
        text_words = before + words(text[match.end() :])
    else:
        text_words = words(text)
    phrase = " ".join(w for w in text_words if w not in _FILLER)
    terms = _terms()
    if phrase in terms.not_plastic:
        amount = "0"
    elif phrase in terms.all_plastic:
        amount = ALL
    else:
        return None
    fields: Fields = {"ref": ref or "last", "plastic_surgery_credits": amount}
    return Understanding(Intent.EDIT, fields)


def _str(value: object) -> str | None:
    return None if value is None else str(value)
