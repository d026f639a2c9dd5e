"""From understood fields to an activity the record can take, or the questions to ask.

The form requires twelve fields; the bot fills what it can honestly fill
(design.md: end = start for one-day activities, 0 for subject credits not
stated, location from the member's home) and says what it filled. What it
cannot fill (credits, date, category, a Category 1 provider) is asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from bot import messages as say
from bot.domain import ZERO, Activity, ActivityType, Category, format_credits, to_credits
from bot.placement import place
from bot.ports import Member
from bot.rules import Problem, auto_uploaded_in_text, auto_uploaded_society, check_activity
from bot.topics import ALL, Topic, decide
from bot.understanding import entry_topics_reading as entry_topics
from bot.understanding.contract import Fields, FieldValue, Intent, Understanding

E = TypeVar("E", Category, ActivityType)

REQUIRED = ("credits", "start_date", "category")
PLASTIC = "plastic_surgery_credits"
JOINT_PROVIDER = "joint_provider"  # an auto-uploading society named only in the certificate's text
CREDIT_FIELDS = ("credits", "patient_safety_credits", PLASTIC)
DATE_FIELDS = ("start_date", "end_date")


@dataclass(slots=True)
class Candidate:
    """One activity in progress: the fields so far, what was filled, what is wrong."""

    fields: Fields
    activity: Activity | None = None
    filled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    auto_uploaded: str | None = None  # the society ASPS uploads this activity for

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if not p.confirmable]


def build(fields: Fields, member: Member, today: date) -> Candidate:
    """Complete and check one activity's fields."""
    fields = dict(fields)
    cand = Candidate(fields=fields)
    for name in REQUIRED:
        if fields.get(name) in (None, ""):
            cand.problems.append(Problem(f"missing_{name}", say.MISSING[name], name))
    try:
        credits = {name: _credits(fields.get(name)) for name in CREDIT_FIELDS if name != PLASTIC}
        all_plastic = fields.get(PLASTIC) == ALL
        credits[PLASTIC] = credits["credits"] if all_plastic else _credits(fields.get(PLASTIC))
    except ValueError as exc:
        cand.problems.append(Problem("bad_number", str(exc), "credits"))
        return cand
    category = _enum(Category, fields.get("category"))
    start = fields.get("start_date")
    end = fields.get("end_date") or start
    if isinstance(start, date) and fields.get("end_date") in (None, ""):
        fields["end_date"] = start
        cand.filled.append("end date = start date")
    if category is Category.TWO and fields.get("provider"):
        fields["provider"] = None
        cand.notes.append(say.CATEGORY2_PROVIDER_DROPPED)
    activity_type = _enum(ActivityType, fields.get("activity_type"))
    if activity_type is None:
        activity_type = ActivityType.LIVE if fields.get("city") else ActivityType.OTHER
        fields["activity_type"] = activity_type.value
        cand.filled.append(f"type = {activity_type.label}")
    title = str(fields.get("title") or "").strip()
    if not title:
        title = activity_type.label
        fields["title"] = title
        cand.filled.append(f"title = “{title}”")
    if credits["patient_safety_credits"] is None:
        credits["patient_safety_credits"] = ZERO
        cand.filled.append("patient safety credits = 0")
    if credits[PLASTIC] is None and credits["credits"] is not None and category is Category.ONE:
        credits[PLASTIC] = _plastic_by_topic(cand, credits["credits"])
    elif credits[PLASTIC] is None and category is not None:
        # Category 2 is claimed by the member, with no provider to designate any of it as
        # plastic surgery: only the member can say so ("that was plastics").
        credits[PLASTIC] = ZERO
        cand.filled.append("plastic surgery credits = 0")
    if not any(fields.get(k) for k in ("city", "state", "country")) and member.home_city:
        fields["city"], fields["state"], fields["country"] = (
            member.home_city,
            member.home_state,
            member.home_country,
        )
        cand.filled.append(f"location = your home ({member.home_city})")
    if cand.problems or category is None or not isinstance(start, date) or not isinstance(end, date):
        return cand
    total = credits["credits"]
    assert total is not None
    cand.activity = Activity(
        title=title,
        start_date=start,
        end_date=end,
        activity_type=activity_type,
        category=category,
        credits=total,
        provider=_text(fields.get("provider")) if category is Category.ONE else None,
        patient_safety_credits=credits["patient_safety_credits"] or ZERO,
        plastic_surgery_credits=credits["plastic_surgery_credits"] or ZERO,
        city=_text(fields.get("city")),
        state=_text(fields.get("state")),
        country=_text(fields.get("country")),
        topics=fields_topics(fields, title),
    )
    cand.problems.extend(check_activity(cand.activity, today))
    placement = place(start, member, today) if start <= today else None
    if placement is not None and placement.note:
        cand.notes.append(placement.note)
    if placement is not None and placement.problem:
        cand.problems.append(placement.problem)
    society = auto_uploaded_society(cand.activity.provider) or _text(fields.get(JOINT_PROVIDER))
    cand.auto_uploaded = society
    if society:
        cand.notes.append(say.AUTO_UPLOADED.format(society=society))
    return cand


def with_recording_problems(understood: Understanding, today: date, tz: str) -> Understanding:
    """A log's problems as the conversation would ask them before recording, not only the reading's.

    The same `build` and rules the conversation runs (a missing provider for
    Category 1, a future date, implausible credits), against an empty record
    and a member with no home: an empty `problems` means it would be recorded
    at once. `cmebot parse` reports these, so the corpus contract and the
    conversation are one pipeline.
    """
    if understood.intent is not Intent.LOG:
        return understood
    member = Member(id=0, name="", email=None, timezone=tz)
    found = [p.message for fields in understood.activities() for p in build(fields, member, today).problems]
    problems = list(understood.problems)
    for problem in found:
        # The reading's "How many credits was it? I couldn't find the number." already asks
        # build's "How many credits was it?": one question, asked once.
        if not any(p.startswith(problem) or problem.startswith(p) for p in problems):
            problems.append(problem)
    understood.problems = problems
    return understood


def _plastic_by_topic(cand: Candidate, total: Decimal) -> Decimal:
    """All or none of a Category 1 activity's credits, by what it is about; unsure counts none, aloud.

    A certificate that prints no plastic-surgery figure still carries its
    provider's designation in its topic; the rule stands in for it, out loud.
    """
    fields = cand.fields
    provider = _text(fields.get("provider"))
    decision = decide(_text(fields.get("title")), provider)
    amount = format_credits(total)
    if decision.topic is Topic.UNSURE:
        # Said out loud and recorded, not asked: a zero the member can see and correct in a word
        # ("that was plastics") beats holding every grand rounds back as a draft.
        cand.notes.append(say.TOPIC_UNSURE.format(credits=amount))
        return ZERO
    if decision.by_provider:
        why = say.TOPIC_WHY_PROVIDER.format(provider=provider)
    else:
        why = say.TOPIC_WHY_TITLE.format(term=decision.words)
    if decision.topic is Topic.PLASTIC:
        cand.notes.append(say.TOPIC_PLASTIC.format(credits=amount, why=why))
        return total
    cand.notes.append(say.TOPIC_OTHER.format(why=why))
    return ZERO


def with_certificate_text(activities: list[Fields], text: str) -> list[Fields]:
    """Activities read from a certificate, with what only its full text tells (joint providership)."""
    society = auto_uploaded_in_text(text)
    if not society:
        return activities
    return [{**fields, JOINT_PROVIDER: society} for fields in activities]


DRAFT = "draft"
# "draft" (the newest open draft), "draft3" (draft 3), "draft:1"/"draft3:1" (its second activity).
_DRAFT_REF = re.compile(r"^draft(\d{1,6})?(?::(\d{1,3}))?$")


def draft_ref(index: int | None = None, number: int = 0) -> str:
    """How a door names a draft (by its number) or one activity of it (by index)."""
    head = f"{DRAFT}{number}" if number else DRAFT
    return head if index is None else f"{head}:{index}"


def draft_item(ref: str) -> int | None:
    """The activity a draft reference names; None for the whole draft (or anything else)."""
    m = _DRAFT_REF.match(ref)
    return int(m.group(2)) if m and m.group(2) else None


def draft_number(ref: str) -> int:
    """The draft a reference names; 0 for the newest open one."""
    m = _DRAFT_REF.match(ref)
    return int(m.group(1)) if m and m.group(1) else 0


def is_draft_ref(ref: str) -> bool:
    return bool(_DRAFT_REF.match(ref))


def merge(old: Fields, changes: Fields) -> Fields:
    """A correction applied to fields so far; a new start date moves a one-day end date too.

    Topics are added to or taken off ("+ethics,-opioids"), or replaced by a
    form's whole choice, which may be none ("").
    """
    merged = dict(old)
    for key, value in changes.items():
        if key == entry_topics.FIELD:
            current = old.get(key)
            if current is None and isinstance(value, str) and entry_topics.is_change(value):
                current = entry_topics.to_field(entry_topics.read_topics(_text(old.get("title"))))
            merged[key] = entry_topics.applied(current, value)
            continue
        if key == "ref" or (value in (None, "") and key != "provider"):
            continue
        merged[key] = value
    if "start_date" in changes and "end_date" not in changes and old.get("end_date") == old.get("start_date"):
        merged["end_date"] = changes["start_date"]
    if merged.get(PLASTIC) == ALL and isinstance(merged.get("credits"), Decimal):
        merged[PLASTIC] = merged["credits"]  # "that was plastics": a number as soon as there is one
    return merged


def following_the_total(activity: Activity, changes: Fields) -> Fields:
    """A new total carries the subject credits that were all of the old one ("actually it was 1.5"
    of a 2-credit plastic-surgery course is 1.5 plastic surgery, not a refusal that 2 > 1.5);
    subject credits the member names in the same words are theirs."""
    new_total = changes.get("credits")
    if not isinstance(new_total, Decimal) or activity.credits <= ZERO:
        return changes
    out = dict(changes)
    for key, old in (
        (PLASTIC, activity.plastic_surgery_credits),
        ("patient_safety_credits", activity.patient_safety_credits),
    ):
        if key not in changes and old == activity.credits:
            out[key] = new_total
    return out


def activity_fields(activity: Activity) -> Fields:
    return {
        "title": activity.title,
        "provider": activity.provider,
        "activity_type": activity.activity_type.value,
        "category": activity.category.value,
        "credits": activity.credits,
        "patient_safety_credits": activity.patient_safety_credits,
        "plastic_surgery_credits": activity.plastic_surgery_credits,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "city": activity.city,
        "state": activity.state,
        "country": activity.country,
        entry_topics.FIELD: entry_topics.to_field(activity.topics),
    }


def to_storable(fields: Fields) -> dict[str, str]:
    """Fields as JSON-safe strings, for a draft kept between messages."""
    out: dict[str, str] = {}
    for key, value in fields.items():
        if value is None:
            continue
        out[key] = value.isoformat() if isinstance(value, date) else str(value)
    return out


def from_storable(data: dict[str, str]) -> Fields:
    out: Fields = {}
    for key, value in data.items():
        parsed: FieldValue = value
        if key in DATE_FIELDS:
            parsed = date.fromisoformat(value)
        elif key in CREDIT_FIELDS and value != ALL:
            parsed = Decimal(value)
        out[key] = parsed
    return out


def fields_topics(fields: Fields, title: str | None = None) -> frozenset[str]:
    """The topics said (a reading, a correction, a form: "" is none), else the title's own."""
    if entry_topics.FIELD in fields:
        return entry_topics.from_field(fields[entry_topics.FIELD])
    return entry_topics.read_topics(title if title is not None else _text(fields.get("title")))


def _credits(value: FieldValue) -> Decimal | None:
    if value is None or value == "":
        return None
    return to_credits(value)


def _enum(kind: type[E], value: FieldValue) -> E | None:
    if value is None or value == "":
        return None
    try:
        return kind(str(value))
    except ValueError:
        return None


def _text(value: FieldValue) -> str | None:
    return str(value).strip() or None if value is not None else None
