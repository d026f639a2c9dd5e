"""The record's rules, each answered in a physician's words.

A rule returns `Problem`s rather than raising, so one reply can name every
thing to fix at once. A *blocking* problem means the activity cannot be
recorded as it stands; a *confirmable* one (an unusual amount, a likely
duplicate) is recorded once the member says yes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot import messages as say
from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_OVERRIDE_PLAUSIBILITY,
    QUARTER,
    ZERO,
    Activity,
    ActivityType,
    Category,
    format_credits,
)

# Seed: "ASPS will automatically upload programs accredited by ASPS, CSPS,
# NWSPPS and SESPPRS. To avoid duplications, do not upload those activities
# yourself." Keys are normalised names (lower case, letters and spaces).
AUTO_UPLOADED_PROVIDERS: dict[str, str] = {
    "asps": "ASPS",
    "american society of plastic surgeons": "ASPS",
    "csps": "CSPS",
    "california society of plastic surgeons": "CSPS",
    "nwspps": "NWSPPS",
    "northwest society of plastic surgeons": "NWSPPS",
    "sesprs": "SESPPRS",
    "sespprs": "SESPPRS",
    "southeastern society of plastic and reconstructive surgeons": "SESPPRS",
}

MAX_CREDITS_PER_LIVE_DAY = Decimal(12)
MAX_CREDITS_PER_ACTIVITY = Decimal(100)
# AMA PRA booklet: an RSS is credited per series, at most twelve months long.
MAX_RSS_SPAN_DAYS = 366


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    field: str | None = None
    confirmable: bool = False


def auto_uploaded_society(provider: str | None) -> str | None:
    """The society's short name when ASPS uploads this provider's credit itself.

    Joint providership counts too (seed: "Look for 'Directly provided by ASPS'
    or 'Jointly provided by ASPS'"): "ASPS/PSF", "ASPS Education Network" and
    "jointly provided by ASPS and Lakeshore Hospital" all name ASPS as a word
    of their own, so a short name matches as a whole word, a long one anywhere.
    """
    if not provider:
        return None
    words = re.findall(r"[a-z]+", provider.lower())
    key = " ".join(w for w in words if w != "the")
    if key in AUTO_UPLOADED_PROVIDERS:
        return AUTO_UPLOADED_PROVIDERS[key]
    for name, short in AUTO_UPLOADED_PROVIDERS.items():
        if (" " in name and f" {name} " in f" {key} ") or (" " not in name and name in words):
            return short
    return None


# Seed: 'Look for "Directly provided by ASPS" or "Jointly provided by ASPS"': the
# society may be the joint provider while another is the accredited one the
# certificate names as provider.
_PROVIDED_BY = re.compile(
    r"\b(?:(?:directly|jointly)\s+(?:provided|sponsored)\s+by|joint\s+providership\s+(?:of|with)|"
    r"in\s+joint\s+providership\s+with|co-?provided\s+by)\s+(?P<who>[^.;\n]{2,160})",
    re.IGNORECASE,
)


def auto_uploaded_in_text(text: str) -> str | None:
    """The society ASPS uploads for, when a certificate says it directly or jointly provided it."""
    for match in _PROVIDED_BY.finditer(text):
        society = auto_uploaded_society(match.group("who"))
        if society:
            return society
    return None


def check_activity(activity: Activity, today: date) -> list[Problem]:
    """Every rule that a complete activity must satisfy before it is recorded."""
    problems: list[Problem] = []
    credits = activity.credits
    if credits <= ZERO:
        problems.append(Problem("credits_not_positive", say.CREDITS_NOT_POSITIVE, "credits"))
    for name, value, label in (
        ("patient_safety_credits", activity.patient_safety_credits, "patient safety"),
        ("plastic_surgery_credits", activity.plastic_surgery_credits, "plastic surgery"),
    ):
        if value < ZERO:
            problems.append(Problem("subject_negative", say.SUBJECT_NEGATIVE.format(label=label), name))
        elif value > credits > ZERO:
            problems.append(
                Problem(
                    "subject_exceeds_total",
                    say.SUBJECT_EXCEEDS.format(
                        label=label, part=format_credits(value), total=format_credits(credits)
                    ),
                    name,
                )
            )
    if activity.start_date > activity.end_date:
        problems.append(Problem("dates_reversed", say.DATES_REVERSED, "end_date"))
    if activity.end_date > today or activity.start_date > today:
        problems.append(Problem("future_date", say.FUTURE_DATE.format(today=today.isoformat()), "start_date"))
    if activity.activity_type is ActivityType.RSS and (
        (activity.end_date - activity.start_date).days >= MAX_RSS_SPAN_DAYS
    ):
        problems.append(Problem("rss_span", say.RSS_SPAN, "end_date"))
    if not activity.title.strip():
        problems.append(Problem("missing_title", say.MISSING["title"], "title"))
    if activity.category is Category.ONE and not (activity.provider or "").strip():
        problems.append(Problem("missing_provider", say.MISSING["provider"], "provider"))
    problems.extend(_plausibility(activity))
    return problems


def _plausibility(activity: Activity) -> Iterable[Problem]:
    credits = activity.credits
    if credits > MAX_CREDITS_PER_ACTIVITY:
        yield Problem(
            "implausible_total",
            say.IMPLAUSIBLE_TOTAL.format(credits=format_credits(credits)),
            "credits",
            confirmable=True,
        )
    elif (
        activity.activity_type is ActivityType.LIVE
        and credits > MAX_CREDITS_PER_LIVE_DAY * activity.days
        and activity.start_date <= activity.end_date
    ):
        yield Problem(
            "implausible_per_day",
            say.IMPLAUSIBLE_PER_DAY.format(credits=format_credits(credits), days=activity.days),
            "credits",
            confirmable=True,
        )
    if credits > ZERO and credits % QUARTER != ZERO:
        yield Problem(
            "not_quarter_step",
            say.NOT_QUARTER_STEP.format(credits=format_credits(credits)),
            "credits",
            confirmable=True,
        )


def duplicate_problem(number: int) -> Problem:
    return Problem("duplicate", say.DUPLICATE.format(number=number), "title", confirmable=True)


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.confirmable]


PLAUSIBILITY_CODES = frozenset({"implausible_total", "implausible_per_day", "not_quarter_step"})


def record_flags(problems: Iterable[Problem], activity: Activity) -> set[str]:
    """The marks an entry is recorded with because of what was asked about it (chat and import alike):
    an unusual amount the member confirmed, a society ASPS uploads itself."""
    flags: set[str] = set()
    if {p.code for p in problems} & PLAUSIBILITY_CODES:
        flags.add(FLAG_OVERRIDE_PLAUSIBILITY)
    if auto_uploaded_society(activity.provider):
        flags.add(FLAG_AUTO_UPLOADED)
    return flags
