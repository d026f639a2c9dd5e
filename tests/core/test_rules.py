"""Each record rule, answered in a physician's words (pure domain, no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot import messages as say
from bot.domain import Activity, ActivityType, Category, to_credits
from bot.requirements import Metric, Totals, current_cycle, cycle_ending, previous_cycle, summarize
from bot.rules import auto_uploaded_society, check_activity

TODAY = date(2021, 4, 7)


def activity(**changes: object) -> Activity:
    base = Activity(
        title="Flap Salvage Strategies",
        start_date=date(2021, 4, 6),
        end_date=date(2021, 4, 6),
        activity_type=ActivityType.LIVE,
        category=Category.ONE,
        credits=Decimal("1.5"),
        provider="Lakeshore University Hospital",
        patient_safety_credits=Decimal("0.5"),
        plastic_surgery_credits=Decimal("1.5"),
    )
    return base.with_changes(**changes)


def codes(a: Activity) -> set[str]:
    return {p.code for p in check_activity(a, TODAY)}


def test_a_complete_plausible_activity_has_no_problems() -> None:
    assert check_activity(activity(), TODAY) == []


def test_patient_safety_credits_cannot_exceed_the_activity_credits() -> None:
    problems = check_activity(activity(patient_safety_credits=Decimal(2)), TODAY)
    assert [p.code for p in problems] == ["subject_exceeds_total"]
    assert "2 patient safety credits is more than the activity's 1.5 credits" in problems[0].message


def test_plastic_surgery_credits_cannot_exceed_the_activity_credits() -> None:
    assert "subject_exceeds_total" in codes(activity(plastic_surgery_credits=Decimal(3)))


def test_end_before_start_is_refused() -> None:
    assert "dates_reversed" in codes(activity(end_date=date(2021, 4, 1)))


def test_future_dates_are_refused_in_the_members_today() -> None:
    problems = check_activity(activity(start_date=date(2021, 4, 8), end_date=date(2021, 4, 8)), TODAY)
    assert [p.message for p in problems] == [say.FUTURE_DATE.format(today="2021-04-07")]


@pytest.mark.parametrize("credits", ["0", "-2"])
def test_credits_must_be_positive(credits: str) -> None:
    assert "credits_not_positive" in codes(
        activity(
            credits=Decimal(credits), patient_safety_credits=Decimal(0), plastic_surgery_credits=Decimal(0)
        )
    )


def test_over_twelve_credits_a_day_of_live_activity_needs_confirmation() -> None:
    problems = check_activity(activity(credits=Decimal(13), end_date=date(2021, 4, 6)), TODAY)
    assert [(p.code, p.confirmable) for p in problems] == [("implausible_per_day", True)]
    two_days = activity(credits=Decimal(13), start_date=date(2021, 4, 5))
    assert check_activity(two_days, TODAY) == []


def test_over_a_hundred_credits_for_one_activity_needs_confirmation() -> None:
    enduring = activity(activity_type=ActivityType.ENDURING, credits=Decimal(101))
    assert [(p.code, p.confirmable) for p in check_activity(enduring, TODAY)] == [("implausible_total", True)]


def test_rss_sessions_combine_only_within_one_year_long_series() -> None:
    series = activity(activity_type=ActivityType.RSS, start_date=date(2019, 9, 1), end_date=date(2021, 3, 1))
    assert "rss_span" in codes(series)
    one_year = activity(
        activity_type=ActivityType.RSS, start_date=date(2020, 7, 1), end_date=date(2021, 3, 1)
    )
    assert "rss_span" not in codes(one_year)


def test_category1_needs_a_provider_but_category2_has_none() -> None:
    assert "missing_provider" in codes(activity(provider=None))
    assert "missing_provider" not in codes(activity(provider=None, category=Category.TWO))


def test_credits_off_quarter_steps_need_confirmation() -> None:
    assert "not_quarter_step" in codes(activity(credits=Decimal("1.3"), plastic_surgery_credits=Decimal(0)))


@pytest.mark.parametrize(
    ("provider", "society"),
    [
        ("ASPS", "ASPS"),
        ("American Society of Plastic Surgeons", "ASPS"),
        ("the Northwest Society of Plastic Surgeons", "NWSPPS"),
        ("CSPS", "CSPS"),
        ("SESPRS", "SESPPRS"),
        ("Lakeshore University Hospital", None),
        ("American Society for Aesthetic Plastic Surgery", None),
    ],
)
def test_providers_asps_uploads_itself_are_recognised(provider: str, society: str | None) -> None:
    assert auto_uploaded_society(provider) == society


def test_credits_are_exact_decimals() -> None:
    assert to_credits(0.1) + to_credits(0.2) == Decimal("0.30")
    with pytest.raises(ValueError, match="not a number"):
        to_credits("lots")
    with pytest.raises(ValueError):
        to_credits(float("nan"))


def test_cycles_are_three_years_named_by_their_end_year() -> None:
    assert cycle_ending(2022).start == date(2020, 1, 1)
    assert current_cycle(date(2021, 4, 7), 2022).end == date(2022, 12, 31)
    assert current_cycle(date(2023, 1, 1), 2022).end == date(2025, 12, 31)
    assert previous_cycle(date(2021, 4, 7), 2022).end == date(2019, 12, 31)
    assert current_cycle(date(2022, 4, 7), 2024).label == "Cycle ending in 2024"


def test_summary_reports_earned_required_and_remaining() -> None:
    period = cycle_ending(2022)
    summary = summarize(
        period, Totals(Decimal(61), Decimal(100), Decimal(10), Decimal("19.75"), 9), date(2021, 4, 7)
    )
    assert summary.standing(Metric.CATEGORY1).met
    assert summary.standing(Metric.PLASTIC_SURGERY).remaining == Decimal(40)
    assert summary.standing(Metric.PATIENT_SAFETY).remaining == Decimal("0.25")
    assert summary.standing(Metric.TOTAL).earned == Decimal(161)
    assert summary.days_left == (date(2022, 12, 31) - date(2021, 4, 7)).days
