"""A member's word on an entry's topics ("that counts as ethics", "not opioids", "add child abuse
to #12") as an edit the conversation already knows how to apply.

The edit's "topics" field is a change ("+ethics", "-opioids"), so it adds to
or takes from what the entry has, whichever door the entry came through. A
name the bot doesn't know gets a question listing the ones it does, never a
silent guess; a phrase that isn't about topics is left to the other readers.
"""

from __future__ import annotations

import re
from functools import cache

from bot.understanding import topic_phrases as tp
from bot.understanding import wording as say
from bot.understanding.contract import Fields, Intent, Understanding
from bot.understanding.entry_topics_reading import FIELD, all_labels, change_field, topics_named, words_of

ASK = "topic_question"  # an Understanding field: the question to ask instead of acting
_MAX_LENGTH = 160
_REF_TOKEN = "REF"


@cache
def _patterns() -> tuple[tuple[bool, bool, re.Pattern[str]], ...]:
    """(adds, strong, pattern), strongest readings first."""
    groups = (
        (True, True, tp.ADD_STRONG),
        (False, True, tp.REMOVE_STRONG),
        (False, False, tp.REMOVE_WEAK),
        (True, False, tp.ADD_WEAK),
    )
    return tuple((adds, strong, re.compile(p, re.I)) for adds, strong, group in groups for p in group)


@cache
def _lead() -> re.Pattern[str]:
    return re.compile(r"^(?:(?:" + tp.LEAD_FILLER + r")\b[\s,.:;!—–-]*)+", re.I)


def _strip_tail(phrase: str) -> str:
    words = phrase.split()
    changed = True
    while changed and words:
        changed = False
        for filler in sorted(tp.TAIL_FILLER, key=lambda f: -len(f.split())):
            n = len(filler.split())
            if len(words) > n and " ".join(words[-n:]) == filler:
                del words[-n:]
                changed = True
                break
    while len(words) > 1 and words[0] in tp.ARTICLES:
        del words[0]
    return " ".join(words)


def _names(phrase: str) -> tuple[set[str], list[str]]:
    """The topics a list of names means, and the names that are no topic."""
    phrase = phrase.replace(_REF_TOKEN, " ")
    whole = _topic(_strip_tail(" ".join(words_of(phrase))))
    if whole:
        return set(whole), []
    codes: set[str] = set()
    unknown: list[str] = []
    for part in re.split(tp.LIST_SEPARATORS, phrase, flags=re.I):
        name = _strip_tail(" ".join(words_of(part)))
        found = _topic(name)
        if found:
            codes |= found
        elif name:
            unknown.append(name)
    return codes, unknown


def _topic(name: str) -> frozenset[str] | None:
    if not name or name in tp.NOT_TOPIC_NAMES:
        return None
    return topics_named(name)


def correction(text: str) -> Understanding | None:
    """An edit of the named (or last) entry's topics, a question about an unknown topic, or None."""
    line = " ".join(text.replace("’", "'").split())
    if not line or len(line) > _MAX_LENGTH:
        return None
    ref: str | None = None
    number = re.search(tp.ENTRY_NUMBER, line, re.I)
    if number:
        ref = number.group(1)
        line = f"{line[: number.start()]} {_REF_TOKEN} {line[number.end() :]}"
    line = _lead().sub("", line.strip()).strip(" .!?,;:")
    line = re.sub(r"\s+", " ", line)
    unknown_seen: list[str] = []
    for adds, strong, pattern in _patterns():
        m = pattern.fullmatch(line)
        if not m:
            continue
        codes, unknown = _names(m.group("topics"))
        if codes and not unknown:
            fields: Fields = {"ref": ref or "last"}
            named = m.groupdict().get("named")
            if named and not ref:
                fields["match"] = named
            fields[FIELD] = change_field(add=codes) if adds else change_field(remove=codes)
            return Understanding(Intent.EDIT, fields)
        about_topics = strong or bool(codes)  # "add ethics and pediatrics": a topic list, one unknown
        if about_topics and unknown and not unknown_seen and not _about_credits(m.group("topics")):
            unknown_seen = unknown
    if unknown_seen:
        question = say.TOPIC_UNKNOWN.format(name=unknown_seen[0], known=", ".join(all_labels()))
        return Understanding(Intent.REJECT, {ASK: question}, problems=[question])
    return None


def _about_credits(phrase: str) -> bool:
    """Subject credits or numbers ("0.5 patient safety", "plastics"): the credit readers' to handle."""
    words = " ".join(words_of(phrase))
    return bool(re.search(r"\d", words)) or any(
        re.search(rf"\b{re.escape(n)}\b", words) for n in tp.NOT_TOPIC_NAMES
    )
