"""The CME record's vocabulary: activities, categories, credits.

An activity carries every field of the ASPS member portal's submission form
(seed: "CME SUBMISSION FORM — All fields required"). Credits are `Decimal`
because a record that drifts by 0.0000001 credit is a record an auditor
cannot trust.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class Category(enum.StrEnum):
    """AMA PRA credit category; the portal's "CME Category" field."""

    ONE = "1"
    TWO = "2"

    @property
    def label(self) -> str:
        return "AMA PRA Category 1 Credit™" if self is Category.ONE else "AMA PRA Category 2 Credit™"


class ActivityType(enum.StrEnum):
    """The portal's "Type of Activity"; names follow the AMA PRA booklet's formats."""

    LIVE = "live"
    ENDURING = "enduring"
    JOURNAL = "journal"
    RSS = "rss"
    INTERNET_POC = "internet_poc"
    PERFORMANCE_IMPROVEMENT = "performance_improvement"
    TEST_ITEM_WRITING = "test_item_writing"
    MANUSCRIPT_REVIEW = "manuscript_review"
    TEACHING = "teaching"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ACTIVITY_TYPE_LABELS[self]


ACTIVITY_TYPE_LABELS: dict[ActivityType, str] = {
    ActivityType.LIVE: "Live activity",
    ActivityType.ENDURING: "Enduring material",
    ActivityType.JOURNAL: "Journal-based CME",
    ActivityType.RSS: "Regularly scheduled series",
    ActivityType.INTERNET_POC: "Internet point-of-care",
    ActivityType.PERFORMANCE_IMPROVEMENT: "Performance improvement CME",
    ActivityType.TEST_ITEM_WRITING: "Test-item writing",
    ActivityType.MANUSCRIPT_REVIEW: "Manuscript review",
    ActivityType.TEACHING: "Teaching",
    ActivityType.OTHER: "Other",
}

QUARTER = Decimal("0.25")
CENT = Decimal("0.01")
ZERO = Decimal(0)


def to_credits(value: object) -> Decimal:
    """Read a credit amount exactly; floats go through `str` so 0.1 stays 0.1.

    Raises ValueError with a physician-readable reason when it is not a number.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number of credits")
    elif isinstance(value, int | float | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number of credits") from None
    else:
        raise ValueError(f"{value!r} is not a number of credits")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a number of credits")
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


def format_credits(value: Decimal) -> str:
    """1.50 -> "1.5", 2.00 -> "2": how a physician writes credits."""
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def normalise_title(title: str) -> str:
    """Key for duplicate detection: case, punctuation and spacing do not matter."""
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def title_words(text: str, stop: frozenset[str] = frozenset()) -> set[str]:
    """The words a member names an activity by ("the rhinoplasty one", "the M&M one"), minus `stop`."""
    return {w for w in re.findall(r"[a-z0-9&]{2,}", text.lower()) if w not in stop}


@dataclass(frozen=True, slots=True)
class Activity:
    """One CME activity: the portal's twelve required fields.

    `provider` is None for Category 2 (seed: "not applicable (N/A) for AMA PRA
    Category 2 Credit™ activities"). Subject credits (patient safety, plastic
    surgery) are parts of `credits`, never more.
    """

    title: str
    start_date: date
    end_date: date
    activity_type: ActivityType
    category: Category
    credits: Decimal
    provider: str | None = None
    patient_safety_credits: Decimal = ZERO
    plastic_surgery_credits: Decimal = ZERO
    city: str | None = None
    state: str | None = None
    country: str | None = None
    # Topics the entry counts toward (bot/entry_topics.json codes: "ethics", "opioids"…), on top of
    # its subject credits: what licences and boards ask hours of. Every credit of the entry counts.
    topics: frozenset[str] = frozenset()

    def with_changes(self, **changes: object) -> Activity:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


@dataclass(frozen=True, slots=True)
class RecordedActivity:
    """An activity as stored: with the member's entry number (#12) and its flags."""

    number: int
    activity: Activity
    flags: frozenset[str] = field(default_factory=frozenset)
    document_ids: tuple[int, ...] = ()
    deleted: bool = False


# Flags stored with an entry; shown in replies and marked in reports.
FLAG_DUPLICATE = "duplicate"
FLAG_AUTO_UPLOADED = "auto_uploaded_provider"
FLAG_OVERRIDE_PLAUSIBILITY = "confirmed_unusual"

# The longest text each of an activity's text fields may hold: the record's columns are this wide
# (storage/models.py), and a door's form allows exactly that much, so a prefilled value is never cut
# (a 300-character title once lost its end to an edit of the credits).
TEXT_LIMITS: dict[str, int] = {"title": 500, "provider": 300, "city": 100, "state": 10, "country": 2}

# The portal's CME SUBMISSION FORM, its twelve fields in its order: what a door's form asks for,
# and what a form's problems are keyed by (a problem about no one field is the credits').
FORM_FIELDS = (
    "start_date",
    "end_date",
    "title",
    "activity_type",
    "category",
    "provider",
    "credits",
    "patient_safety_credits",
    "plastic_surgery_credits",
    "city",
    "state",
    "country",
)
