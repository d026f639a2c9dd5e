"""A city named without its state is read only when it is a city: "Advances in Breast
Reconstruction" once became the city "Breast Reconstruction", and the title was lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.understanding.location import bare_city
from bot.understanding.reading import understand

NOW = datetime(2021, 4, 7, 15, 0, tzinfo=UTC)

TITLES_WITH_IN = [
    "Advances in Breast Reconstruction",
    "Update in Hand Surgery",
    "Complications in Rhinoplasty",
    "Innovations in Microsurgery",
    "Controversies in Facial Aesthetics",
    "Pearls in Lower Extremity Reconstruction",
    "Safety in Office Based Surgery",
]


@pytest.mark.parametrize("title", TITLES_WITH_IN)
@pytest.mark.parametrize(
    "shape",
    ["{t}, 2 cat 1 credits, 3/3, provider Baylor", "2 cat 1 credits for {t} on 3/3 from Mayo Clinic"],
)
def test_a_title_with_in_keeps_its_words_and_names_no_city(title: str, shape: str) -> None:
    fields = understand(shape.format(t=title), now=NOW).fields
    assert "city" not in fields
    assert str(fields.get("title", "")).lower() == title.lower()


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("the prep course in Miami, Mar 26-28", "Miami"),
        ("hand conference in Boston Mar 4-6", "Boston"),
        ("breast symposium last friday in chicago", "Chicago"),
        ("a cadaver lab in san diego on 3/3", "San Diego"),
        ("the meeting in Montreal.", "Montréal"),
        ("ski meeting in Aspen over the weekend", "Aspen"),
        ("rhinoplasty course in Miami Beach", "Miami Beach"),
    ],
)
def test_a_known_city_after_in_is_the_city(text: str, city: str) -> None:
    assert bare_city(text) == city


@pytest.mark.parametrize(
    "text",
    [
        "did some reading in reading on 3/3",
        "training in mobile health apps",
        "CME in person on 3/3",
        "updates in surgery, 2 credits",
        "in office procedures",
        "the course was in Breast Surgery",
    ],
)
def test_words_that_only_look_like_a_place_are_no_city(text: str) -> None:
    assert bare_city(text) is None
