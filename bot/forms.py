"""The submission form as the core's: what it is prefilled with, what is wrong with it, what it means.

Validation is the chat's own rule (`bot.drafting.build`), so a form's inline
errors and the chat's questions can never disagree. Only blocking problems
are errors; confirmable ones (an unusual amount, a likely duplicate) pass, and
the conversation answers them with a draft and a Confirm button.
"""

from __future__ import annotations

from bot.domain import FORM_FIELDS
from bot.drafting import (
    activity_fields,
    build,
    draft_item,
    draft_number,
    fields_topics,
    from_storable,
    is_draft_ref,
)
from bot.envelope import FormView
from bot.ports import Member, RecordStore
from bot.timekeeping import member_now
from bot.understanding import Intent, Understanding, understand
from bot.understanding.contract import Fields
from bot.understanding.entry_topics_reading import FIELD as TOPICS
from bot.understanding.entry_topics_reading import from_field, to_field


async def prefill(store: RecordStore, member: Member, ref: str, text: str = "") -> FormView | None:
    """The form for an entry (`ref` "12"), a draft ("draft3:1"), or understood text (`ref` "").

    None when the entry is not this member's (or no longer exists).
    """
    fields: Fields = {}
    title = "Submit CME"
    if ref.isdigit():
        entry = await store.entry(member.id, int(ref))
        if entry is None:
            return None
        fields, title = activity_fields(entry.activity), f"Edit CME #{entry.number}"
    elif is_draft_ref(ref):
        number = draft_number(ref)
        draft = await (store.draft(member.id, number) if number else store.pending_draft(member.id))
        item = draft_item(ref) or 0
        if draft is not None and item < len(draft.activities):
            fields = from_storable(draft.activities[item])
    elif text:
        understood = understand(text, now=member_now(member), kind="message")
        if understood.intent is Intent.LOG and understood.activities():
            fields = dict(understood.activities()[0])
    if fields and TOPICS not in fields:  # the topics the chat would record: the title's
        fields[TOPICS] = to_field(fields_topics(fields))
    if not any(fields.get(k) for k in ("city", "state", "country")):
        # Seed: "Your home city is acceptable."
        fields.update(city=member.home_city, state=member.home_state, country=member.home_country)
    return FormView(title, fields)


def errors(fields: Fields, member: Member) -> dict[str, str]:
    """The blocking problems, one per form field (a problem about no one field is the credits')."""
    candidate = build(fields, member, member_now(member).date())
    found: dict[str, str] = {}
    for problem in candidate.blocking:
        name = problem.field if problem.field in FORM_FIELDS else "credits"
        found.setdefault(name, problem.message)
    return found


async def meaning(store: RecordStore, member: Member, ref: str, fields: Fields) -> Understanding:
    """A submitted form as structured input: a new activity, an edit of #ref, or the draft corrected.

    A draft that was cancelled meanwhile makes the form a new activity, never
    an edit of the last entry.
    """
    if isinstance(fields.get(TOPICS), str):  # a door's choices, in the one order the record keeps
        fields = {**fields, TOPICS: to_field(from_field(fields[TOPICS]))}
    if ref.isdigit():
        entry = await store.entry(member.id, int(ref))
        changed = fields if entry is None else changes(activity_fields(entry.activity), fields)
        return Understanding(Intent.EDIT, {"ref": ref, **changed})
    number = draft_number(ref) if is_draft_ref(ref) else 0
    waiting = await (store.draft(member.id, number) if number else store.pending_draft(member.id))
    if is_draft_ref(ref) and waiting is not None and waiting.status == "open":
        return Understanding(Intent.EDIT, {"ref": ref, **fields})
    return Understanding(Intent.LOG, fields)


def changes(current: Fields, submitted: Fields) -> Fields:
    """Only what the member changed: an untouched field is never rewritten from the form's copy of it.

    The end date stays with a changed start date, so the conversation does not move it along.
    """
    out = {k: v for k, v in submitted.items() if current.get(k) != v}
    if "start_date" in out and "end_date" in submitted:
        out["end_date"] = submitted["end_date"]
    return out
