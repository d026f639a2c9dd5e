"""Periods: calendar cycles agree with the ASPS cycle logic; anchored periods roll by whole periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.ports import Member
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import HeldSet
from bot.requirement_sets.periods import Series, add_months, place
from bot.requirements import current_cycle, previous_cycle


@pytest.mark.parametrize("anchor_year", [None, 2019, 2022, 2023, 2024, 2031])
def test_asps_periods_agree_with_the_portal_cycles(anchor_year: int | None) -> None:
    asps = requirement_sets()["asps"]
    member = Member(1, "Steve", None, "UTC", cycle_end_year=anchor_year)
    day = date(2018, 1, 1)
    while day < date(2030, 1, 1):
        where = place(asps, HeldSet("asps"), member, day)
        cycle = current_cycle(day, anchor_year)
        before = previous_cycle(day, anchor_year)
        assert where.window == (cycle.start, cycle.end), day
        assert where.previous() == (before.start, before.end), day
        day += timedelta(days=37)


def test_pennsylvania_runs_odd_january_to_even_december_for_everyone() -> None:
    pa = requirement_sets()["pennsylvania"]
    member = Member(1, "Steve", None, "UTC", cycle_end_year=2025)  # the ASPS year plays no part
    for day, expected in [
        (date(2025, 1, 1), (date(2025, 1, 1), date(2026, 12, 31))),
        (date(2026, 12, 31), (date(2025, 1, 1), date(2026, 12, 31))),
        (date(2027, 1, 1), (date(2027, 1, 1), date(2028, 12, 31))),
        (date(2020, 6, 30), (date(2019, 1, 1), date(2020, 12, 31))),
    ]:
        where = place(pa, HeldSet("pennsylvania"), member, day)
        assert where.window == expected and not where.assumed


def test_add_months_keeps_month_ends() -> None:
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert add_months(date(2026, 2, 28), -24) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -27) == date(2023, 12, 15)


def test_anchored_series_finds_the_period_containing_a_day_both_ways() -> None:
    series = Series(date(2026, 8, 14), 24)
    assert series.window(series.index_of(date(2026, 8, 14))) == (date(2024, 8, 15), date(2026, 8, 14))
    assert series.window(series.index_of(date(2026, 8, 15))) == (date(2026, 8, 15), date(2028, 8, 14))
    assert series.window(series.index_of(date(2012, 1, 1))) == (date(2010, 8, 15), date(2012, 8, 14))


def test_anchored_renewal_far_ahead_still_gives_todays_period() -> None:
    texas = requirement_sets()["texas"]
    member = Member(1, "Steve", None, "UTC")
    where = place(texas, HeldSet("texas", renews_on=date(2031, 3, 31)), member, date(2026, 11, 30))
    assert where.window == (date(2025, 4, 1), date(2027, 3, 31))
