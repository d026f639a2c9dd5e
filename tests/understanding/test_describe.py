"""A descriptive title for a chat log that sets no title off (see `describe`).

The golden `msg_describe_*` pairs hold the full readings; these are more
phrasings, checked for the title alone.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Intent, understand
from bot.understanding import describe_phrases as dp

NOW = datetime(2021, 4, 7, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("add 1 hr cat 1 journal club this morning", "Journal club"),
        ("3 hrs cat 2 precepting medical students in clinic 3/30", "Precepting medical students in clinic"),
        ("log 4 hrs cat 1 virtual rhinoplasty course, ASPS, March 20-21", "Virtual rhinoplasty course"),
        (
            "can you log 1 cat 2 for reading about fat grafting complications over the weekend",
            "Reading about fat grafting complications",
        ),
        (
            "log 0.5 cat 1 for the online module on opioid prescribing I completed today, "
            "all of it patient safety",
            "Online module on opioid prescribing",
        ),
        ("hand course in phoenix az apr 1-2, 14 cat 1 hrs, southwest hand surgery institute", "Hand course"),
        ("log 1 cat 1 tumor board provided by the dept of surgery yesterday", "Tumor board"),
        ("log it as grand rounds", "Grand rounds"),
        # Sentence case: the first letter only; an acronym stays as written.
        (
            "log 1 hr cat 2 - read the new ASPS breast implant safety guidelines, 3/30",
            "Read the new ASPS breast implant safety guidelines",
        ),
        ("add the PRS CME article I did on the 3rd", "Plastic and Reconstructive Surgery CME article"),
        (
            "Hi Dr. Smith, thank you for attending the breast reconstruction symposium on March 3. "
            "6 cat 1 credits.",
            "Breast reconstruction symposium",
        ),
        ("pls lgo 1 cat 1 credti for the skin cancer lecture yesteday", "Skin cancer lecture"),
        # A Title-Case name is read as before; the description never replaces it.
        ("log 2 cat 1 Hand Surgery Review Course yesterday", "Hand Surgery Review Course"),
    ],
)
def test_a_log_without_a_set_off_title_is_described(text: str, title: str) -> None:
    got = understand(text, now=NOW)
    assert got.intent is Intent.LOG
    assert got.fields.get("title") == title


@pytest.mark.parametrize(
    "text",
    [
        "log 2 cat 1 yesterday",
        "pls log 1 cat 1, thanks!",
        "log 3 cat 1 at Lakeshore University Hospital yesterday",
        "log 1 cat 1 for it",
        "Dear Dr. Alvarez, 2 cat 1 credits, 3/3",
        "log 1.5 cat 1 in Boston, MA on 3/3, 1.5 plastics, 0.5 PS",
    ],
)
def test_nothing_sensible_left_gives_no_title(text: str) -> None:
    got = understand(text, now=NOW)
    assert got.intent is Intent.LOG
    assert "title" not in got.fields


@pytest.mark.parametrize(
    "text",
    [
        "how many patient safety hours do I still need after the grand rounds?",
        "change the date to yesterday for the grand rounds",
        "does the tumor board count toward patient safety?",
    ],
)
def test_other_intents_get_no_title(text: str) -> None:
    got = understand(text, now=NOW)
    assert got.intent is not Intent.LOG
    assert "title" not in got.fields


def test_a_long_paste_is_bounded() -> None:
    text = "log 1 cat 1 " + "lecture on the history of flap surgery and " * 400 + "yesterday"
    start = time.perf_counter()
    got = understand(text, now=NOW)
    assert time.perf_counter() - start < 5
    title = str(got.fields.get("title"))
    assert title.startswith("Lecture on the history of flap surgery")
    assert len(title) <= dp.DESCRIBE_MAX_CHARS
