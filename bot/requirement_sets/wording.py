"""What a member reads about a verdict: the "why" lines and the notes, in a physician's words."""

from __future__ import annotations

from decimal import Decimal

from bot.entry_topics import entry_topics
from bot.requirement_sets.model import Condition, Measure, Override, PeriodKind, RequirementSet, Window

MEASURE_WORDS = {
    Measure.CREDITS: "credits",
    Measure.CATEGORY1: "Category 1 credits",
    Measure.CATEGORY2: "Category 2 credits",
    Measure.PATIENT_SAFETY: "patient-safety credits",
    Measure.PLASTIC_SURGERY: "plastic-surgery credits",
}

NOT_APPLYING = {
    Condition.DEA_REGISTERED: "Applies only if you hold a DEA registration; your profile says you don't.",
    Condition.NOT_DEA_EXEMPT: (
        "You're exempt (addiction board certification or recent training), so this doesn't apply."
    ),
    Condition.DIRECT_PATIENT_CARE: (
        "Applies only to physicians in direct patient care; your profile says you aren't."
    ),
    Condition.PRESCRIBES_OPIOIDS: "Applies only if you prescribe opioids or other controlled substances.",
    Condition.FIRST_RENEWAL: "Applies only at your first renewal.",
    Condition.NOT_FIRST_RENEWAL: "Not required at your first renewal.",
}


def amount(value: Decimal) -> str:
    """Credits as a member reads them: 3.0, 2.25, 12.0 (never 3 or 3.000)."""
    if value == value.to_integral_value():
        return f"{value:.1f}"
    return format(value.normalize(), "f")


def _lower_first(label: str) -> str:
    """ "Ethics" reads "ethics" mid-sentence; "HIV/AIDS", "TOPS" and "Alzheimer's" keep their capitals."""
    first = label.split()[0]
    if first[:2].isupper() or first.endswith("'s"):
        return label
    return label[0].lower() + label[1:]


def topic_words(codes: tuple[str, ...]) -> str:
    known = entry_topics()
    labels = [_lower_first(known[c].label) if c in known else c for c in codes]
    return " or ".join(labels)


def what(measure: Measure, topics: tuple[str, ...]) -> str:
    words = MEASURE_WORDS[measure]
    return f"{words} on {topic_words(topics)}" if topics else words


def counted(
    value: Decimal, measure: Measure, topics: tuple[str, ...], window: Window, *, ever: bool = False
) -> str:
    got = f"{amount(value)} {what(measure, topics)}"
    if ever:
        return f"{got} counted from your whole record up to {window.end.isoformat()}"
    return f"{got} counted from {window.start.isoformat()} to {window.end.isoformat()}"


def year_counted(value: Decimal, window: Window) -> str:
    return f"{window.start.year}: {amount(value)} credits"


def capped(topic: str, at_most: Decimal, recorded: Decimal) -> str:
    known = entry_topics()
    name = known[topic].label if topic in known else topic
    return f"{name} counted at most {amount(at_most)} ({amount(recorded)} recorded)"


def excluded(value: Decimal, topics: tuple[str, ...]) -> str:
    return f"{amount(value)} on {topic_words(topics)} left out: those hours don't count toward this"


def carried(value: Decimal, previous: Window) -> str:
    return f"{amount(value)} carried from the period ending {previous.end.isoformat()}"


def overridden(override: Override) -> str:
    said = f": “{override.note}”" if override.note else ""
    return f"Marked met on your word on {override.on.isoformat()}{said}"


def unverified(url: str) -> str:
    return f"This figure could not be confirmed on the official page; check it there ({url})."


def period_assumed(one: RequirementSet, window: Window) -> str:
    if one.period is PeriodKind.CALENDAR and one.cycle_from_member:
        return (
            f"{one.short}: I assumed your cycle ends in {window.end.year}; "
            "tell me the year your cycle ends and I'll use yours."
        )
    return (
        f"{one.short}: I assumed your period ends on {window.end.isoformat()}; "
        "tell me your renewal date and I'll use yours."
    )


def due_unknown(one: RequirementSet) -> str:
    return f"{one.short}: tell me your renewal date so I can say when this is due."
