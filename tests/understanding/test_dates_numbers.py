"""Unit tests of the date and number readers, against a fixed Wednesday."""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.dates import find_dates
from bot.understanding.numbers import to_decimal, words_to_digits

TODAY = date(2021, 4, 7)  # a Wednesday


def _one(text: str) -> tuple[str, str]:
    hits = [h for h in find_dates(text, TODAY) if h.start]
    assert hits, f"no date in {text!r}"
    return str(hits[0].start), str(hits[0].end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("yesterday", "2021-04-06", "2021-04-06"),
        ("this AM", "2021-04-07", "2021-04-07"),
        ("last Tuesday", "2021-04-06", "2021-04-06"),
        ("last Wednesday", "2021-03-31", "2021-03-31"),
        ("Mon", "2021-04-05", "2021-04-05"),
        ("on the 3rd", "2021-04-03", "2021-04-03"),
        ("on the 20th", "2021-03-20", "2021-03-20"),
        ("2 days ago", "2021-04-05", "2021-04-05"),
        ("3/17/2021", "2021-03-17", "2021-03-17"),
        ("3/17/21", "2021-03-17", "2021-03-17"),
        ("3.12.2021", "2021-03-12", "2021-03-12"),
        ("2021-02-03", "2021-02-03", "2021-02-03"),
        ("March 20-22, 2021", "2021-03-20", "2021-03-22"),
        ("Feb 27–Mar 3", "2021-02-27", "2021-03-03"),
        ("10–12 Jan 2025", "2025-01-10", "2025-01-12"),
        ("Dec 30 - Jan 2, 2021", "2020-12-30", "2021-01-02"),
        ("Jan-Mar 2021", "2021-01-01", "2021-03-31"),
        ("2022-2024", "2022-01-01", "2024-12-31"),
        ("Jan 18 and Jan 25 2021", "2021-01-18", "2021-01-25"),
        ("September 1 through December 18, 2020", "2020-09-01", "2020-12-18"),
        ("23 Mar", "2021-03-23", "2021-03-23"),
        ("Nov 6", "2020-11-06", "2020-11-06"),
    ],
)
def test_dates(text: str, start: str, end: str) -> None:
    assert _one(text) == (start, end)


@pytest.mark.parametrize("text", ["12/03", "5/3"])
def test_numeric_date_that_reads_two_ways_is_ambiguous(text: str) -> None:
    hits = find_dates(text, TODAY)
    assert hits and hits[0].ambiguous and hits[0].start is None


def test_day_first_zone_makes_any_swap_ambiguous() -> None:
    assert find_dates("04/02/2021", TODAY, day_first_zone=True)[0].ambiguous
    assert not find_dates("04/02/2021", TODAY)[0].ambiguous


def test_a_decimal_is_not_a_date() -> None:
    assert find_dates("1.5 cat 1", TODAY) == []


def test_lower_case_weekday_abbreviation_needs_context() -> None:
    assert find_dates("I sat the exam", TODAY) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("one and a half hours", "1.5 hours"),
        ("two and three quarters hrs", "2.75 hrs"),
        ("half an hour", "0.5 hour"),
        ("1/2 hour", "0.5 hour"),
        ("1 1/2 hours", "1.5 hours"),
        ("1½ hr", "1.5 hr"),
        ("nine of those PS", "9 of those PS"),
        ("March fifth", "March 5"),
        ("twenty-one credits", "21 credits"),
    ],
)
def test_words_to_digits(text: str, want: str) -> None:
    assert words_to_digits(text) == want


def test_slash_date_is_not_a_fraction() -> None:
    assert words_to_digits("3/4/2021") == "3/4/2021"


@pytest.mark.parametrize(("text", "want"), [(".75", "0.75"), ("2", "2"), ("1,5", "1.5"), ("x", None)])
def test_to_decimal(text: str, want: str | None) -> None:
    got = to_decimal(text)
    assert (str(got) if got is not None else None) == want
