"""Which waiting draft a word about topics ("not ethics", "that counts as opioids") is about.

A draft shows the topics it read ("counts toward: Ethics"), and the member
answers it the way they would correct an entry. "That" is then the newest
draft, or, for a topic taken off, the newest draft that has it; a topic
nobody's draft has is the recorded entry's to lose, so the edit goes there.
"""

from __future__ import annotations

from bot.drafting import fields_topics, from_storable
from bot.ports import Draft
from bot.understanding.contract import Intent, Understanding
from bot.understanding.entry_topics_reading import FIELD, REMOVE
from bot.understanding.topic_corrections import ASK


def is_about_topics(understood: Understanding) -> bool:
    fields = understood.fields
    return ASK in fields or (understood.intent is Intent.EDIT and FIELD in fields)


def question(understood: Understanding) -> str | None:
    """What to ask instead of acting (a topic the bot doesn't know), if anything."""
    asked = understood.fields.get(ASK)
    return str(asked) if asked else None


def draft_for(understood: Understanding, drafts: list[Draft]) -> Draft | None:
    """The draft a topic correction of "that" is about; None when it names an entry (or asks)."""
    fields = understood.fields
    if ASK in fields or fields.get("match") or str(fields.get("ref") or "last") != "last":
        return None
    taken_off = {item[1:] for item in str(fields.get(FIELD) or "").split(",") if item.startswith(REMOVE)}
    for draft in reversed(drafts):
        if not taken_off:
            return draft
        if any(taken_off & fields_topics(from_storable(a)) for a in draft.activities):
            return draft
    return None
