"""Phrasings no corpus line holds, written to find where the reader learned its examples.

Each row is a way a surgeon might type a log that the reader once misread: the
amount after its unit ("a credit and a half"), a provider named right after the
amount with no organisation word ("from Johns Hopkins"), a title left with the
dash before its provider, a date's "'s" read as a word, one question asked twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.drafting import with_recording_problems
from bot.understanding.numbers import words_to_digits
from bot.understanding.reading import understand

NOW = datetime(2021, 4, 7, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("a credit and a half cat 1", "1.5 credits cat 1"),
        ("an hour and a half of grand rounds", "1.5 hours of grand rounds"),
        ("two hours and a quarter", "2.25 hours"),
        ("3 credits and a half", "3.5 credits"),
        ("one hour and three quarters", "1.75 hours"),
    ],
)
def test_a_fraction_after_its_unit_is_part_of_the_amount(text: str, digits: str) -> None:
    assert words_to_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("2.25 credits Cat 1 from Johns Hopkins, lymphedema lecture, 4/6", "Johns Hopkins"),
        ("1.5 cat 1 credits through Stanford Medicine on 4/2, facial nerve course", "Stanford Medicine"),
        ("4 hours cat 1 by Cleveland Clinic on 3/3 - abdominoplasty update", "Cleveland Clinic"),
        ("1 credit category 1 via Northwestern on 4/1, hand rounds", "Northwestern"),
    ],
)
def test_a_name_right_after_the_amount_is_the_provider(text: str, provider: str) -> None:
    assert understand(text, now=NOW).fields.get("provider") == provider


@pytest.mark.parametrize(
    "text",
    [
        "3 credits from the Breast Symposium on 4/1, cat 1",
        "2 credits from Monday's grand rounds cat 1",
        "1 credit cat 1 from Dr. Smith's lecture on 4/2",
        "2 credits from April 1 cat 1 tumor board",
    ],
)
def test_what_follows_from_is_no_provider_when_it_is_the_activity_a_day_or_a_person(text: str) -> None:
    assert not understand(text, now=NOW).fields.get("provider")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "log 4.0 cat1 - Breast Implant Illness Update - ASAPS - 2/20/2021 - virtual",
            "Breast Implant Illness Update",
        ),
        ("2 credits from Monday's grand rounds cat 1", "Grand rounds"),
        ("1 cat 1 for yesterday’s tumor board", "Tumor board"),
        (
            "log: Grand Rounds – Microsurgical Breast Reconstruction, Apr 2, 1 Cat 1, Northwell Health",
            "Grand Rounds – Microsurgical Breast Reconstruction",
        ),
        (
            "Journal Club — Outcomes in Abdominoplasty, 1 cat 1, 4/1, Mayo Clinic",
            "Journal Club – Outcomes in Abdominoplasty",
        ),
        ("Grand Rounds – Northwell Health, Apr 2, 1 cat 1", "Grand Rounds"),
        ("Grand Rounds – Chicago, IL, 4/1, 1 cat 1", "Grand Rounds"),
    ],
)
def test_a_title_keeps_no_leftover_of_what_was_read_around_it(text: str, title: str) -> None:
    assert understand(text, now=NOW).fields.get("title") == title


def test_a_missing_amount_is_asked_once() -> None:
    understood = with_recording_problems(
        understand("cat 1 tumor board on monday", now=NOW), NOW.date(), "America/New_York"
    )
    credit_questions = [p for p in understood.problems if p.startswith("How many credits")]
    assert len(credit_questions) == 1


def test_a_credit_and_a_half_is_recorded_as_one_and_a_half() -> None:
    fields = understand("a credit and a half cat 1 for tumor board on monday", now=NOW).fields
    assert fields.get("credits") == Decimal("1.5")


@pytest.mark.parametrize(
    "text",
    [
        "where am I at with my CME",
        "where am i at",
        "how's my cme looking",
        "how are my credits coming along",
        "how am I tracking?",
        "check my credits please",
        "what does my record look like",
        "catch me up",
    ],
)
def test_ways_to_ask_where_one_stands(text: str) -> None:
    assert understand(text, now=NOW).intent.value == "summary"


@pytest.mark.parametrize("text", ["where am I supposed to send certificates", "where is the hospital"])
def test_where_questions_about_something_else_are_not_a_summary(text: str) -> None:
    assert understand(text, now=NOW).intent.value != "summary"


@pytest.mark.parametrize(
    ("text", "title", "provider"),
    [
        (
            "Title: Breast Reconstruction Update Provider: ASPS Date: 3/3/21 Credits: 2 Cat 1",
            "Breast Reconstruction Update",
            "ASPS",
        ),
        (
            "Title: Facial Trauma Review Date: 2/2/21 Credits: 1.5 cat 1 Provider: UCSF Location: Fresno, CA",
            "Facial Trauma Review",
            "UCSF",
        ),
        (
            "Course: Lip Reconstruction; Provider: Mayo Clinic; Credits: 2 Cat 1; Date: 3/10/21",
            "Lip Reconstruction",
            "Mayo Clinic",
        ),
    ],
)
def test_labels_typed_on_one_line_end_each_other(text: str, title: str, provider: str) -> None:
    fields = understand(text, now=NOW).fields
    assert (fields.get("title"), fields.get("provider")) == (title, provider)
    assert fields.get("credits") is not None and fields.get("start_date") is not None


@pytest.mark.parametrize(
    "text",
    [
        "I reviewed 3 manuscripts for PRS on 3/3, 3 credits cat 1",
        "reviewed two manuscripts for ASJ 3/3, 2 cat 1",
    ],
)
def test_reviewing_some_manuscripts_is_manuscript_review(text: str) -> None:
    assert understand(text, now=NOW).fields.get("activity_type") == "manuscript_review"


@pytest.mark.parametrize(
    "text",
    [
        "earned 0.5 AMA cat 1 on UpToDate researching capsular contracture 4/5",
        "0.5 AMA category 1 on UpToDate 4/5",
        "log 2 AMA PRA cat 1 at the breast course 4/5",
    ],
)
def test_ama_between_the_amount_and_the_category_is_still_an_amount(text: str) -> None:
    understood = understand(text, now=NOW)
    assert understood.intent.value == "log"
    assert understood.fields.get("credits") is not None and understood.fields.get("category") == "1"


def test_a_provider_followed_by_its_city_is_no_title() -> None:
    fields = understand(
        "Two credits, category 1, Tumor board, April 6th, Methodist Hospital Houston", now=NOW
    ).fields
    assert (fields.get("title"), fields.get("provider")) == ("Tumor board", "Methodist Hospital")
