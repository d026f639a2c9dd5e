"""What understanding hands the conversation core: an intent and its fields.

The shape is `../shared/corpus/SCHEMA.md`'s parse contract, so `cmebot parse`
and the conversation core share one understanding. Field values are typed:
`Decimal` for credits, `date` for dates, `str` for the rest; `provider` may be
None (Category 2 has no accredited provider).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

FieldValue = str | Decimal | date | None
Fields = dict[str, FieldValue]


class Intent(enum.StrEnum):
    LOG = "log"
    NEED = "need"
    SUMMARY = "summary"
    REPORT = "report"
    DELETE = "delete"
    EDIT = "edit"
    QUESTION = "question"
    HELP = "help"
    REJECT = "reject"
    # Answers to a pending draft ("yes", "cancel"); not part of the corpus contract.
    CONFIRM = "confirm"
    CANCEL = "cancel"


LOG_FIELDS = (
    "title",
    "provider",
    "activity_type",
    "category",
    "credits",
    "patient_safety_credits",
    "plastic_surgery_credits",
    "start_date",
    "end_date",
    "city",
    "state",
    "country",
)


@dataclass(slots=True)
class Understanding:
    """One message or certificate, understood.

    `entries` holds every activity of a several-activity log (the first is
    also `fields`); `problems` are physician-readable reasons a log cannot be
    recorded as it stands, or why a message was rejected.
    """

    intent: Intent
    fields: Fields = field(default_factory=dict)
    entries: list[Fields] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def activities(self) -> list[Fields]:
        return self.entries or ([self.fields] if self.fields else [])

    def to_json(self) -> dict[str, object]:
        """The parse contract's JSON object (without the id)."""
        out: dict[str, object] = {
            "intent": self.intent.value,
            "fields": _jsonable(self.fields),
            "problems": list(self.problems),
        }
        if len(self.entries) > 1:
            out["entries"] = [_jsonable(e) for e in self.entries]
        return out


def _jsonable(fields: Fields) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, Decimal):
            out[key] = int(value) if value == value.to_integral_value() else float(value)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif key == "topics" and isinstance(value, str):
            out[key] = [code for code in value.split(",") if code]  # ["ethics", "opioids"]
        else:
            out[key] = value
    return out
