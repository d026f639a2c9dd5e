"""Realistic entries for requirement-set tests, and the sums a record gives, worked out by hand.

`sums_of` is the test's own arithmetic (the obvious loop over entries), so the
pure evaluator tests check verdicts against sums computed independently of the
database; the store-backed tests then check the database gives the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from bot.domain import ZERO, Activity, ActivityType, Category
from bot.ports import Member
from bot.requirement_sets.model import Aggregate, Measure, Window

MEMBER = Member(
    id=1, name="Steve Sample", email="steve@example.org", timezone="America/Chicago", cycle_end_year=2025
)


def cme(
    title: str,
    day: date,
    credits: str,
    *topics: str,
    category: Category = Category.ONE,
    safety: str = "0",
    plastic: str = "0",
) -> Activity:
    return Activity(
        title=title,
        start_date=day,
        end_date=day,
        activity_type=ActivityType.LIVE if category is Category.ONE else ActivityType.OTHER,
        category=category,
        credits=Decimal(credits),
        provider="Baylor College of Medicine" if category is Category.ONE else None,
        patient_safety_credits=Decimal(safety),
        plastic_surgery_credits=Decimal(plastic),
        topics=frozenset(topics),
    )


def _measure(activity: Activity, measure: Measure) -> Decimal:
    one = activity.category is Category.ONE
    return {
        Measure.CREDITS: activity.credits,
        Measure.CATEGORY1: activity.credits if one else ZERO,
        Measure.CATEGORY2: ZERO if one else activity.credits,
        Measure.PATIENT_SAFETY: activity.patient_safety_credits,
        Measure.PLASTIC_SURGERY: activity.plastic_surgery_credits,
    }[measure]


def sums_of(
    record: Iterable[Activity], wanted: Mapping[Window, frozenset[Aggregate]]
) -> dict[Window, dict[Aggregate, Decimal]]:
    entries = list(record)
    result: dict[Window, dict[Aggregate, Decimal]] = {}
    for window, aggregates in wanted.items():
        inside = [a for a in entries if window.start <= a.start_date <= window.end]
        result[window] = {
            agg: sum(
                (_measure(a, agg.measure) for a in inside if not agg.codes or a.topics & set(agg.codes)),
                ZERO,
            )
            for agg in aggregates
        }
    return result
