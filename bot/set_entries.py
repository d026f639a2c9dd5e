"""Whether an entry counts toward a set: inside its current window, and matching one of its rules.

The report's per-set columns and pages answer "does this certificate count for
Texas?" entry by entry, the question a physician holding several licences asks
of every certificate (entered once, counted wherever it applies).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import ZERO, Activity, Category, RecordedActivity
from bot.requirement_sets.model import Measure, Rule, SetVerdict


def _measured(activity: Activity, measure: Measure) -> bool:
    if measure is Measure.CATEGORY1:
        return activity.category is Category.ONE
    if measure is Measure.CATEGORY2:
        return activity.category is Category.TWO
    if measure is Measure.PATIENT_SAFETY:
        return activity.patient_safety_credits > ZERO
    if measure is Measure.PLASTIC_SURGERY:
        return activity.plastic_surgery_credits > ZERO
    return True


def matches(activity: Activity, rule: Rule) -> bool:
    """The entry adds to the rule's sum: its measure, and one of its topics when the rule names any."""
    if not _measured(activity, rule.measure):
        return False
    return not rule.topics or bool(activity.topics & set(rule.topics))


def counts_toward(activity: Activity, verdict: SetVerdict) -> bool:
    window = verdict.window
    if window is not None and not window.start <= activity.start_date <= window.end:
        return False
    return any(r.applies and matches(activity, r.rule) for r in verdict.rules)


def counted_entries(entries: Sequence[RecordedActivity], verdict: SetVerdict) -> list[RecordedActivity]:
    return [e for e in entries if counts_toward(e.activity, verdict)]


def rule_entries(entries: Sequence[RecordedActivity], verdict: SetVerdict, rule: Rule) -> list[int]:
    """The entry numbers a rule of the set's own period counts (rules with windows of their own: none)."""
    window = verdict.window
    if window is None:
        return []
    return sorted(
        e.number
        for e in entries
        if window.start <= e.activity.start_date <= window.end and matches(e.activity, rule)
    )
