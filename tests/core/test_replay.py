"""`cmebot replay` (the dialogue contract) on our own dialogues, through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

CMEBOT = Path(sys.executable).parent / "cmebot"
DIALOGUES = Path(__file__).resolve().parent.parent / "dialogues" / "own.jsonl"


def _same(want: object, got: object) -> bool:
    if isinstance(want, int | float) and not isinstance(want, bool):
        return isinstance(got, int | float) and abs(float(want) - float(got)) < 0.01
    return want == got


def _problems(dialogue: dict[str, Any], out: dict[str, Any]) -> list[str]:
    expected = dialogue["expected"]
    found: list[str] = []
    if out["pending"] != expected.get("pending", out["pending"]):
        found.append(f"pending {out['pending']}")
    for want in expected.get("record", []):
        if not any(all(_same(v, got.get(k)) for k, v in want.items()) for got in out["record"]):
            found.append(f"no entry like {want}")
    if len(out["record"]) != len(expected.get("record", out["record"])):
        found.append(f"{len(out['record'])} entries")
    for i, check in enumerate(expected.get("turns", [])):
        if check is None:
            continue
        turn = out["turns"][i]
        if turn["kind"] not in check.get("kind", [turn["kind"]]):
            found.append(f"turn {i}: {turn['kind']}: {turn['text'][:200]}")
        found += [
            f"turn {i} lacks {w!r}" for w in check.get("says", []) if w.lower() not in turn["text"].lower()
        ]
    return found


def test_every_own_dialogue_replays_as_labelled(tmp_path: Path) -> None:
    run = subprocess.run(
        [str(CMEBOT), "replay", "--jsonl", str(DIALOGUES)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=True,
    )
    outputs = [json.loads(line) for line in run.stdout.splitlines()]
    dialogues = [json.loads(line) for line in DIALOGUES.read_text().splitlines() if line.strip()]
    assert [o["id"] for o in outputs] == [d["id"] for d in dialogues]
    failures = {d["id"]: p for d, o in zip(dialogues, outputs, strict=True) if (p := _problems(d, o))}
    assert failures == {}
