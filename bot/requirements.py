"""Requirement profiles and cycles, as data.

ASPS: a 3-year cycle named by the year it ends ("CME Report for Cycle Ending
in 2022" covers 2020-01-01 … 2022-12-31); its minima (Category 1 ≥ 60, Plastic
Surgery ≥ 50, Patient Safety ≥ 20, Total ≥ 150) are the ASPS set's data file's.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from bot.domain import ZERO, Activity, Category
from bot.requirement_sets.loading import requirement_sets


class Metric(enum.StrEnum):
    CATEGORY1 = "category1"
    PLASTIC_SURGERY = "plastic_surgery"
    PATIENT_SAFETY = "patient_safety"
    TOTAL = "total"

    @property
    def label(self) -> str:
        return METRIC_LABELS[self]


METRIC_LABELS = {
    Metric.CATEGORY1: "Category 1",
    Metric.PLASTIC_SURGERY: "Plastic Surgery",
    Metric.PATIENT_SAFETY: "Patient Safety",
    Metric.TOTAL: "Total (Cat. 1 + Cat. 2)",
}


@dataclass(frozen=True, slots=True)
class Requirement:
    metric: Metric
    minimum: Decimal


@dataclass(frozen=True, slots=True)
class RequirementProfile:
    name: str
    cycle_years: int
    requirements: tuple[Requirement, ...]


# Which measure of the ASPS set's data file each summary line reads ("credits": every credit).
_MEASURE_OF = {
    Metric.CATEGORY1: "category1",
    Metric.PLASTIC_SURGERY: "plastic_surgery",
    Metric.PATIENT_SAFETY: "patient_safety",
    Metric.TOTAL: "credits",
}


def _asps_profile() -> RequirementProfile:
    """The cycle summary's minima, read from the ASPS set's file (bot/requirement_sets/data/asps.toml),
    so a figure that changes is changed once, with its source beside it."""
    asps = requirement_sets()["asps"]
    minimum = {rule.measure.value: rule.minimum for rule in asps.rules if rule.window == "period"}
    return RequirementProfile(
        name="ASPS",
        cycle_years=asps.months // 12,
        requirements=tuple(Requirement(metric, minimum[_MEASURE_OF[metric]]) for metric in Metric),
    )


ASPS = _asps_profile()

PROFILES = {ASPS.name: ASPS}


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range; a cycle is a named period."""

    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def cycle_ending(end_year: int, profile: RequirementProfile = ASPS) -> Period:
    return Period(
        start=date(end_year - profile.cycle_years + 1, 1, 1),
        end=date(end_year, 12, 31),
        label=f"Cycle ending in {end_year}",
    )


def current_cycle(today: date, anchor_end_year: int | None, profile: RequirementProfile = ASPS) -> Period:
    """The cycle that contains `today`.

    Cycles repeat every `cycle_years` from the member's anchor end year; with
    no anchor, cycles end in years ≡ 2022 (mod 3), the seed's current cycle.
    """
    anchor = anchor_end_year if anchor_end_year is not None else 2022
    length = profile.cycle_years
    offset = (today.year - anchor) % length
    end_year = today.year if offset == 0 else today.year + (length - offset)
    return cycle_ending(end_year, profile)


def previous_cycle(today: date, anchor_end_year: int | None, profile: RequirementProfile = ASPS) -> Period:
    current = current_cycle(today, anchor_end_year, profile)
    return cycle_ending(current.end.year - profile.cycle_years, profile)


@dataclass(frozen=True, slots=True)
class Totals:
    """Credit sums over a period, computed by the database."""

    category1: Decimal = ZERO
    category2: Decimal = ZERO
    plastic_surgery: Decimal = ZERO
    patient_safety: Decimal = ZERO
    entries: int = 0

    def earned(self, metric: Metric) -> Decimal:
        if metric is Metric.CATEGORY1:
            return self.category1
        if metric is Metric.PLASTIC_SURGERY:
            return self.plastic_surgery
        if metric is Metric.PATIENT_SAFETY:
            return self.patient_safety
        return self.category1 + self.category2


@dataclass(frozen=True, slots=True)
class Standing:
    metric: Metric
    earned: Decimal
    required: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.required - self.earned, ZERO)

    @property
    def met(self) -> bool:
        return self.earned >= self.required


@dataclass(frozen=True, slots=True)
class Summary:
    """Where a member stands in a period: each requirement, and days left."""

    period: Period
    totals: Totals
    standings: tuple[Standing, ...]
    days_left: int | None
    before: Totals | None = None  # the totals before the change this reply made, to mark what moved

    @property
    def all_met(self) -> bool:
        return all(s.met for s in self.standings)

    def standing(self, metric: Metric) -> Standing:
        return next(s for s in self.standings if s.metric is metric)

    def was(self, standing: Standing) -> Decimal | None:
        """What a requirement stood at before this reply's change; None when it did not move."""
        if self.before is None:
            return None
        earlier = self.before.earned(standing.metric)
        return None if earlier == standing.earned else earlier

    def moved(self, *, added: Sequence[Activity] = (), removed: Sequence[Activity] = ()) -> Summary:
        """This summary, knowing that `added` and `removed` were just recorded and deleted."""
        return replace(self, before=totals_before(self, added, removed))


def summarize(period: Period, totals: Totals, today: date, profile: RequirementProfile = ASPS) -> Summary:
    days_left = (period.end - today).days if period.contains(today) else None
    return Summary(
        period=period,
        totals=totals,
        standings=tuple(Standing(r.metric, totals.earned(r.metric), r.minimum) for r in profile.requirements),
        days_left=days_left,
    )


def _contribution(activity: Activity) -> Totals:
    one = activity.category is Category.ONE
    return Totals(
        category1=activity.credits if one else ZERO,
        category2=ZERO if one else activity.credits,
        plastic_surgery=activity.plastic_surgery_credits,
        patient_safety=activity.patient_safety_credits,
        entries=1,
    )


def totals_before(summary: Summary, added: Sequence[Activity], removed: Sequence[Activity]) -> Totals:
    """The period's totals before a change, from the totals after it.

    Totals count an activity in the period its start date falls in (as the
    store's aggregate does), so undoing the change needs no second query.
    """
    t = summary.totals
    for activity, sign in [*((a, -1) for a in added), *((a, 1) for a in removed)]:
        if not summary.period.contains(activity.start_date):
            continue
        c = _contribution(activity)
        t = replace(
            t,
            category1=t.category1 + sign * c.category1,
            category2=t.category2 + sign * c.category2,
            plastic_surgery=t.plastic_surgery + sign * c.plastic_surgery,
            patient_safety=t.patient_safety + sign * c.patient_safety,
            entries=t.entries + sign,
        )
    return t
