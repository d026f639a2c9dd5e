"""The plastic-surgery topic rule and its corrections, without a database."""

from __future__ import annotations

import pytest

from bot.topics import ALL, Topic, correction, decide
from bot.understanding import Intent


@pytest.mark.parametrize(
    ("title", "provider", "topic"),
    [
        (
            "Outcomes of Prepectoral Implant-Based Breast Reconstruction",
            "Lakeshore University Hospital",
            Topic.PLASTIC,
        ),
        ("Advanced Rhinoplasty Cadaver Workshop", None, Topic.PLASTIC),
        ("Upper Blepharoplasty Pearls", None, Topic.PLASTIC),
        ("Perforator Flaps Course", None, Topic.PLASTIC),
        ("Cleft Lip Repair Update", None, Topic.PLASTIC),
        ("Pediatric Burn Care", None, Topic.PLASTIC),
        ("Management of Lymphedema: Surgical Options", None, Topic.PLASTIC),
        ("Body Contouring After Massive Weight Loss", None, Topic.PLASTIC),
        ("Craniofacial Surgery Review", None, Topic.PLASTIC),
        ("Essentials of Microsurgery", None, Topic.PLASTIC),
        ("Hand Surgery Review Course", None, Topic.PLASTIC),
        ("Spring Meeting 2021", "American Society of Plastic Surgeons", Topic.PLASTIC),
        ("51st Annual Scientific Meeting", "Great Lakes Society of Plastic Surgeons", Topic.PLASTIC),
        ("Opioid Prescribing After Outpatient Surgery", "Northfield Health CME", Topic.OTHER),
        ("ICD-10 Coding for Surgeons", None, Topic.OTHER),
        ("General Internal Medicine Update", None, Topic.OTHER),
        ("Opioid Prescribing Essentials", "ASPS", Topic.OTHER),  # the title speaks first
        ("Breast Cancer Screening", None, Topic.OTHER),
        ("Grand Rounds", "Lakeshore University Hospital", Topic.UNSURE),
        ("Safe Sedation Practices", "Heartland Anesthesia Education", Topic.OTHER),
        ("Gluteal Fat Grafting Safety", "ASPS", Topic.PLASTIC),
        ("Ethics in Aesthetic Practice", None, Topic.OTHER),  # running a practice, not surgery
        ("Aesthetic Practice Management Workshop", "The Aesthetic Society", Topic.OTHER),
        ("Medical Spa Oversight and Liability", "Sandstone Aesthetic Institute", Topic.OTHER),
        ("Wound Care Workshop", None, Topic.UNSURE),
        ("Tumor Board", "Lakeshore University Hospital", Topic.UNSURE),
        ("Hand Hygiene Compliance", None, Topic.OTHER),  # "hand" alone is not hand surgery
    ],
)
def test_the_topic_is_decided_from_title_then_provider(
    title: str, provider: str | None, topic: Topic
) -> None:
    assert decide(title, provider).topic is topic


def test_words_match_whole_words_only() -> None:
    assert decide("Flappy Bird Strategies", None).topic is Topic.UNSURE
    assert decide("Cost Coding", None).topic is Topic.OTHER


@pytest.mark.parametrize(
    ("text", "ref", "amount"),
    [
        ("not plastics", "last", "0"),
        ("Not plastic surgery.", "last", "0"),
        ("that wasn't plastics", "last", "0"),
        ("that was plastics", "last", ALL),
        ("It was plastic surgery!", "last", ALL),
        ("#12 not plastics please", "12", "0"),
        ("not plastics for #3", "3", "0"),
    ],
)
def test_corrections_are_edits_of_the_plastic_surgery_credits(text: str, ref: str, amount: str) -> None:
    understood = correction(text)
    assert understood is not None and understood.intent is Intent.EDIT
    assert understood.fields == {"ref": ref, "plastic_surgery_credits": amount}


@pytest.mark.parametrize(
    "text",
    ["log 1.5 cat 1 plastics grand rounds yesterday", "how many plastics credits do I need?", "summary"],
)
def test_other_messages_are_not_corrections(text: str) -> None:
    assert correction(text) is None


def test_cmebot_parse_asks_nothing_about_a_topic_the_conversation_records_at_once() -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path
    from tempfile import TemporaryDirectory

    lines = [
        {"id": "unsure", "kind": "message", "text": 'log 1 cat 1 "Tumor Board" Lakeshore Hospital yesterday'},
        {
            "id": "plastic",
            "kind": "message",
            "text": 'log 1 cat 1 "Flap Salvage" Lakeshore Hospital yesterday',
        },
        {
            "id": "stated",
            "kind": "message",
            "text": 'log 1 cat 1 "Tumor Board" Lakeshore Hospital yesterday, 1 plastics',
        },
        {"id": "cat2", "kind": "message", "text": 'log 1 cat 2 reading "Tumor Board notes" yesterday'},
    ]
    with TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "handlers.parse_command",
            "--jsonl",
            str(source),
            "--now",
            "2021-04-07",
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    problems = {row["id"]: row["problems"] for row in map(json.loads, out.splitlines())}
    # Unsure topics are recorded at 0 with a note, so `parse` (whose problems are what the
    # conversation would ask before recording) names no plastic-surgery question for any of them.
    assert not any("plastic" in p for rows in problems.values() for p in rows)
