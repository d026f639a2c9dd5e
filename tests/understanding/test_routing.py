"""Routing by meaning: how members ask about their record, answer drafts and correct entries.

Each row is a phrasing written for these tests (not taken from a corpus); a
new way of saying it is a new row here and, if it fails, a new row in
`bot/understanding/conversation_phrases.py`.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Intent, understand

NOW = datetime(2025, 3, 24, 12, 0, tzinfo=ZoneInfo("America/New_York"))

ROUTES: list[tuple[str, Intent, str | None]] = [
    # questions about the member's own record, with or without "?"
    ("when does my cycle end?", Intent.SUMMARY, "cycle_end"),
    ("when's my cycle over", Intent.SUMMARY, "cycle_end"),
    ("what's the deadline", Intent.SUMMARY, "cycle_end"),
    ("what did I log this month?", Intent.SUMMARY, "entries"),
    ("what did I do in January", Intent.SUMMARY, "entries"),
    ("show me my last 5 entries", Intent.SUMMARY, "entries"),
    ("do i have anything logged for march", Intent.SUMMARY, "entries"),
    ("did I already log the ASPS meeting?", Intent.SUMMARY, "logged_already"),
    ("did I log grand rounds last week", Intent.SUMMARY, "logged_already"),
    ("how many credits did I get in 2024?", Intent.SUMMARY, "credits_in_period"),
    ("how many credits did I get last year", Intent.SUMMARY, "credits_in_period"),
    ("whats pending", Intent.SUMMARY, "waiting"),
    ("which drafts are open", Intent.SUMMARY, "waiting"),
    ("am I on track", Intent.NEED, "pace"),
    ("am i behind on plastics", Intent.NEED, "pace"),
    ("how many hours of cat 2 have i logged", Intent.SUMMARY, None),
    ("and how many cat 1 this cycle?", Intent.SUMMARY, None),
    # gaps
    ("how far am I from 150?", Intent.NEED, None),
    ("how much pt safety do i still have to do", Intent.NEED, None),
    ("hw many cat1 do i hav left?", Intent.NEED, None),
    # rules, with or without "?", including "need" about what the record does not track
    ("does teaching residents count", Intent.QUESTION, None),
    ("does my MOC count", Intent.QUESTION, None),
    ("do I need opioid CME for my DEA renewal?", Intent.QUESTION, None),
    ("what documentation do I need to keep?", Intent.QUESTION, None),
    ("do ASPS meeting credits upload automatically", Intent.QUESTION, None),
    ("does UpToDate count as cat 1", Intent.QUESTION, None),
    # answers to a draft
    ("yes, the 104 is right", Intent.CONFIRM, None),
    ("yes please log it anyway, I don't see it on my statement yet", Intent.CONFIRM, None),
    ("hmm, can't find the certificate. forget it for now", Intent.CANCEL, None),
    ("cancel that one", Intent.CANCEL, None),
    ("no, never mind", Intent.CANCEL, None),
    # corrections and deletions
    ("right, but make it 2.5 not 2", Intent.EDIT, None),
    ("hmm, that one should be category 2 actually", Intent.EDIT, None),
    ("and it was on the 12th, not the 11th", Intent.EDIT, None),
    ("sorry, the provider for that last one was Northgate Anesthesia Education Group", Intent.EDIT, None),
    ("and add 1.5 patient safety to it", Intent.EDIT, None),
    ("actually remove the boot camp one, the school reports that separately", Intent.DELETE, None),
    ("delete #1 #2 #3 #4 #5 #6", Intent.DELETE, None),
    # not a log, not a report
    ("at the conference now, will log it later", Intent.REJECT, None),
    ("email the report to admin@hospital.org", Intent.REJECT, None),
    (
        "I need a copy of my CME record for the hospital credentialing office, can you email it?",
        Intent.REPORT,
        None,
    ),
    # logs that look like other things
    ("log it as grand rounds", Intent.LOG, None),
    (
        'also the "Injectables Safety Summit" on March 19, Sandstone Aesthetic Institute, cat 1',
        Intent.LOG,
        None,
    ),
    ("1.0 for journal club last night", Intent.LOG, None),
    ("did 1.5 hrs of Pt. Safety course on Tues", Intent.LOG, None),
    ("feb 2: 2 cr grand rounds chicago il, Mercy Hospital", Intent.LOG, None),
]


@pytest.mark.parametrize(("text", "intent", "ask"), ROUTES)
def test_a_message_is_routed_by_what_it_means(text: str, intent: Intent, ask: str | None) -> None:
    understood = understand(text, now=NOW)
    assert understood.intent is intent, understood
    if ask is not None:
        assert understood.fields.get("ask") == ask


def test_deletes_name_every_number_and_corrections_name_the_entry() -> None:
    delete = understand("delete #1 #2 #3 #4 #5 #6", now=NOW)
    assert [delete.fields["ref"], *str(delete.fields["also"]).split()] == ["1", "2", "3", "4", "5", "6"]
    named = understand("and the rhinoplasty one was May 29, not May 30", now=NOW)
    assert named.fields["match"] == "rhinoplasty"
    assert (
        str(named.fields["start_date"]).endswith("-05-29")
        and named.fields["end_date"] == named.fields["start_date"]
    )
    credit = understand("right, but make it 2.5 not 2", now=NOW)
    assert {k: str(v) for k, v in credit.fields.items()} == {"ref": "last", "credits": "2.5"}


def test_names_and_places_typed_carelessly_are_read_whole() -> None:
    """Lower-case "chicago il" after a date, and "Academy of Reconstructive Surgery" in full."""
    text = (
        '12 cr cat1 "Midwest Craniofacial Symposium" feb 21-22 chicago il, '
        "Meridian Academy of Reconstructive Surgery"
    )
    fields = understand(text, now=NOW).fields
    assert (fields["city"], fields["state"]) == ("Chicago", "IL")
    assert fields["provider"] == "Meridian Academy of Reconstructive Surgery"
    assert (
        understand('1 hr cat 2 reading "Capsular Contracture Review" just now', now=NOW).fields[
            "activity_type"
        ]
        == "journal"
    )
    assert (
        understand('log 1 hr cat 2 — gave my talk "Pressure Sore Care" on Mar 6', now=NOW).fields[
            "activity_type"
        ]
        == "teaching"
    )


def test_a_title_keeps_its_number_words() -> None:
    """Amounts are read with number words as digits; the title is kept as the member wrote it."""
    fields = understand(
        'log 1 cat 1 "Two Flaps Are Better Than One" yesterday, Mercy Hospital', now=NOW
    ).fields
    assert fields["title"] == "Two Flaps Are Better Than One" and str(fields["credits"]) == "1"
    assert understand('log 2 cat 1 "Three" on 3/3, Mercy Hospital', now=NOW).fields["title"] == "Three"
