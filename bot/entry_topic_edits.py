"""Which waiting draft a word about topics ("not ethics", "that counts as opioids") is about.

A draft shows the topics it read ("counts toward: Ethics"), and the member
answers it the way they would correct an entry. "That" is then the newest
draft, or, for a topic taken off, the newest draft that has it; a topic
nobody's draft has is the recorded entry's to lose, so the edit goes there.
"""

from __future__ import annotations

from bot import messages as say
from bot.domain import RecordedActivity
from bot.drafting import fields_topics, from_storable
from bot.ports import Draft
from bot.understanding.contract import Fields, Intent, Understanding
from bot.understanding.entry_topics_reading import ADD, FIELD, REMOVE, is_change, labels
from bot.understanding.topic_corrections import ASK


def is_about_topics(understood: Understanding) -> bool:
    """A member's word on topics ("not ethics"); a form's whole choice of topics is a form's edit."""
    fields = understood.fields
    change = fields.get(FIELD)
    return ASK in fields or (
        understood.intent is Intent.EDIT and isinstance(change, str) and is_change(change)
    )


def question(understood: Understanding) -> str | None:
    """What to ask instead of acting (a topic the bot doesn't know), if anything."""
    asked = understood.fields.get(ASK)
    return str(asked) if asked else None


def draft_for(understood: Understanding, drafts: list[Draft], named: Draft | None) -> Draft | None:
    """The draft a topic correction of "that" is about (`named`: the one its thread or words name);
    None when it names an entry ("#12", "the tumor board one") or asks which topic."""
    fields = understood.fields
    if ASK in fields or fields.get("match") or str(fields.get("ref") or "last") != "last":
        return None
    if named is not None:
        return named
    taken_off = {item[1:] for item in str(fields.get(FIELD) or "").split(",") if item.startswith(REMOVE)}
    for draft in reversed(drafts):
        if not taken_off:
            return draft
        if any(taken_off & fields_topics(from_storable(a)) for a in draft.activities):
            return draft
    return None


def nothing_to_change(entry: RecordedActivity, changes: Fields) -> str | None:
    """Why a word about topics leaves the entry as it is ("not ethics" of an entry without it), so
    the reply says so instead of "Updated" over an unchanged entry; None when it changes something."""
    if set(changes) - {"ref", "match", FIELD}:
        return None
    items = [item for item in str(changes.get(FIELD) or "").split(",") if item[:1] in (ADD, REMOVE)]
    if not items:
        return None
    have = entry.activity.topics
    added = {i[1:] for i in items if i[0] == ADD}
    taken = {i[1:] for i in items if i[0] == REMOVE}
    if added <= have and not taken & have:
        if added:
            return say.TOPICS_ALREADY.format(number=entry.number, topics=", ".join(labels(added)))
        return say.TOPICS_NOT_THERE.format(number=entry.number, topics=", ".join(labels(taken)))
    return None
