"""The rules knowledge base and the `cmebot parse` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.understanding import knowledge
from handlers.parse_command import main


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("do I get CME for teaching?", "teaching"),
        ("does TOPS count toward patient safety?", "patient_safety"),
        ("how many credits for reviewing a manuscript?", "manuscript_review"),
        ("do nursing contact hours count as cat 1?", "non_ama_credit"),
        ("do I need to report ASPS meetings myself?", "auto_upload"),
    ],
)
def test_knowledge_picks_the_entry(question: str, entry: str) -> None:
    found = knowledge.best_entry(question)
    assert found is not None and found.id == entry


def test_every_answer_cites_a_source() -> None:
    for entry in knowledge.entries():
        assert entry.source.strip() and entry.answer.strip()
    answer = knowledge.answer("do I get CME for teaching?")
    assert answer is not None and "Source:" in answer


def test_unknown_question_gets_none() -> None:
    assert knowledge.answer("what's the weather in Paris?") is None


def test_parse_command_writes_one_line_per_input_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "kind": "message", "text": "log 1 cat 1 grand rounds yesterday"},
        {"id": "b", "kind": "message", "text": "undo"},
        {
            "id": "c",
            "kind": "message",
            "text": "log 1 cat 1 tumor board yesterday",
            "now": "2021-01-10T09:00:00",
            "tz": "Europe/Berlin",
        },
        {"id": "d", "kind": "certificate", "path": "missing.pdf"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["--jsonl", str(src), "--now", "2021-04-07"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", "d"]
    assert out[0]["intent"] == "log" and out[0]["fields"]["start_date"] == "2021-04-06"
    assert out[1] == {"id": "b", "intent": "delete", "fields": {"ref": "last"}, "problems": []}
    assert out[2]["fields"]["start_date"] == "2021-01-09"
    assert out[3]["intent"] == "reject" and out[3]["problems"]


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("remove #7 and #8", {"ref": "7", "also": "8"}),
        ("delete 3, 4 & 5", {"ref": "3", "also": "4 5"}),
        ("delete #12", {"ref": "12"}),
        ("undo", {"ref": "last"}),
    ],
)
def test_a_delete_names_every_entry_listed(text: str, fields: dict[str, str]) -> None:
    from bot.understanding.intents import delete_fields

    assert delete_fields(text) == fields


def test_board_certification_gives_the_amas_direct_credit_figure() -> None:
    answer = knowledge.answer("how many credits do I get for my MOC?")
    assert answer is not None
    assert "60 AMA PRA Category 1 Credits" in answer and "September 1, 2010" in answer


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("do grand rounds count?", "rss"),
        ("how are credits rounded?", "credit_increments"),
        ("is UpToDate category 2?", "journal_poc"),
        ("do I get credit for teaching residents?", "teaching"),
        ("does ACLS count as patient safety?", "patient_safety"),
        ("can I get CME for my MPH degree?", "advanced_degree"),
        ("does my fellowship year count for CME?", "acgme_training"),
        ("does the in-service exam give credit?", "in_service_exam"),
        ("does AAFP prescribed credit count as cat 1?", "aafp_prescribed"),
    ],
)
def test_knowledge_answers_the_checked_rules(question: str, entry: str) -> None:
    found = knowledge.best_entry(question)
    assert found is not None and found.id == entry


def test_teaching_residents_can_be_category_1_and_uptodate_is_category_1() -> None:
    teaching = knowledge.answer("do I get credit for teaching residents?") or ""
    assert "2 credits per hour" in teaching and "Category 1" in teaching
    assert "Category 2 only" not in teaching
    uptodate = knowledge.answer("is UpToDate category 2?") or ""
    assert "certified for Category 1 (not Category 2)" in uptodate


def test_every_answer_carries_its_source_and_checked_date() -> None:
    for entry in knowledge.entries():
        assert entry.source.strip() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.checked)
    answer = knowledge.answer("does ACLS count as patient safety?") or ""
    assert "(checked " in answer and "Category 1 or Category 2" in answer
    # "check with ASPS" only where the sources are silent
    silent = [e.id for e in knowledge.entries() if "check with ASPS" in e.answer]
    assert set(silent) <= {"aafp_prescribed", "patient_safety"}


def test_parse_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    """`cmebot parse --jsonl corpus | head -1` once ended in a BrokenPipeError traceback."""
    import subprocess
    import sys

    source = tmp_path / "in.jsonl"
    line = {"kind": "message", "text": "1.5 cat 1 grand rounds yesterday"}
    source.write_text("".join(json.dumps({"id": f"m{i}", **line}) + "\n" for i in range(400)))
    parse = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from handlers.cli import main; sys.exit(main())",
            "parse",
            "--jsonl",
            str(source),
            "--now",
            "2021-04-07",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert parse.stdout is not None and parse.stderr is not None
    assert json.loads(parse.stdout.readline())["id"] == "m0"
    parse.stdout.close()
    errors = parse.stderr.read().decode()
    parse.stderr.close()
    assert parse.wait(timeout=60) == 0
    assert "Traceback" not in errors
