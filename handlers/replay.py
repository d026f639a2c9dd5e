"""`cmebot replay --jsonl DIALOGUES.jsonl`: whole conversations through the real core.

The dialogue contract (`../shared/corpus/DIALOGUES.md`): each dialogue runs on
a fresh, empty SQLite store of its own, through `Conversation.respond` exactly
as a door calls it, with the turn's `at` as the clock. One JSON line out per
dialogue: each turn's reply kind and text, the record at the end, and how many
drafts still wait. A dialogue that cannot be set up (a bad member block)
prints its line with an `error` instead of stopping the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.conversation import Conversation
from bot.drafting import build, from_storable
from bot.envelope import Attachment, Inbound, RecordedActivity, Reply
from bot.filetypes import sniff
from bot.ports import Identity, Member, NewEntry, RecordStore
from storage.engine import make_engine, make_sessions
from storage.migrate import upgrade
from storage.store import SqlStore

DEFAULT_TZ = "America/New_York"
RECORD_FIELDS = (
    "title",
    "provider",
    "start_date",
    "end_date",
    "category",
    "credits",
    "patient_safety_credits",
    "plastic_surgery_credits",
    "activity_type",
    "city",
    "state",
    "country",
)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            yield json.loads(raw)


def _home(raw: object) -> tuple[str | None, str | None, str | None]:
    parts = [p.strip() for p in str(raw or "").split(",") if p.strip()]
    city, state, country = ([*parts, None, None, None])[:3]
    return city, state, country


async def _member(store: RecordStore, spec: dict[str, Any]) -> Member:
    email = str(spec.get("email") or "member@example.org").lower()
    tz = str(spec.get("tz") or DEFAULT_TZ)
    cycle_end = spec.get("cycle_end")
    return await store.create_member(
        name=str(spec.get("name") or "Replay Member"),
        timezone=tz,
        identities=[Identity("email", email, verified=True)],
        cycle_end_year=int(cycle_end) if cycle_end else None,
        home=_home(spec.get("home")),
    )


async def _seed(store: RecordStore, member: Member, record: list[dict[str, Any]], today: date) -> None:
    """The entries already on the record, as they were entered (the rules' checks are for new ones)."""
    entries: list[NewEntry] = []
    for item in record:
        fields = from_storable({k: str(v) for k, v in item.items() if v is not None and k in RECORD_FIELDS})
        cand = build(fields, member, today)
        if cand.activity is None:
            raise ValueError(f"record entry {item.get('title')!r} is incomplete")
        entries.append(NewEntry(activity=cand.activity, source="import"))
    if entries:
        await store.record(member.id, entries)


def _entry_json(store_entry: RecordedActivity) -> dict[str, object]:
    a = store_entry.activity
    return {
        "number": store_entry.number,
        "title": a.title,
        "provider": a.provider,
        "start_date": a.start_date.isoformat(),
        "end_date": a.end_date.isoformat(),
        "category": a.category.value,
        "credits": float(a.credits),
        "patient_safety_credits": float(a.patient_safety_credits),
        "plastic_surgery_credits": float(a.plastic_surgery_credits),
        "activity_type": a.activity_type.value,
        "city": a.city,
        "state": a.state,
        "country": a.country,
        "topics": sorted(a.topics),
    }


def _shown(reply: Reply) -> str:
    """The reply as the chat console shows it (files named, not written)."""
    lines = [reply.text] if reply.text else []
    lines.extend(f"[{f.content_type} file {f.filename}]" for f in reply.files)
    return "\n".join(lines)


async def replay_one(dialogue: dict[str, Any], base: Path, workdir: Path) -> dict[str, object]:
    turns: list[dict[str, Any]] = dialogue.get("turns") or []
    engine = make_engine(f"sqlite+aiosqlite:///{workdir / 'replay.sqlite3'}")
    await upgrade(engine)
    store = SqlStore(make_sessions(engine))
    try:
        member = await _member(store, dialogue.get("member") or {})
        first = datetime.fromisoformat(turns[0]["at"]).date() if turns else date.today()
        await _seed(store, member, dialogue.get("record") or [], first)
        email = (await store.identities_of(member.id))[0].key
        conversation = Conversation(store)
        out_turns: list[dict[str, str]] = []
        for number, turn in enumerate(turns):
            attachments: tuple[Attachment, ...] = ()
            if turn.get("file"):
                path = base / str(turn["file"])
                data = path.read_bytes()
                attachments = (Attachment(path.name, sniff(data) or "application/octet-stream", data),)
            inbound = Inbound(
                source="chat",
                sender=Identity("email", email, verified=True),
                text=str(turn.get("text") or ""),
                attachments=attachments,
                received_at=datetime.fromisoformat(turn["at"]),
                event_key=f"replay:{dialogue.get('id')}:{number}",
            )
            reply = await conversation.respond(inbound)
            out_turns.append({"kind": reply.kind.value, "text": _shown(reply)})
        record = await store.entries(member.id)
        record.sort(key=lambda e: e.number)
        pending = len(await store.open_drafts(member.id))
        return {
            "id": dialogue.get("id"),
            "turns": out_turns,
            "record": [_entry_json(e) for e in record],
            "pending": pending,
        }
    finally:
        store.close()
        await engine.dispose()


async def _run(path: Path) -> int:
    base = path.parent
    for dialogue in _lines(path):
        with tempfile.TemporaryDirectory(prefix="cmebot-replay-") as tmp:
            try:
                result = await replay_one(dialogue, base, Path(tmp))
            except (ValueError, KeyError, OSError) as exc:
                result = {
                    "id": dialogue.get("id"),
                    "error": str(exc),
                    "turns": [],
                    "record": [],
                    "pending": 0,
                }
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cmebot replay", description="Replay whole dialogues (DIALOGUES.md)."
    )
    parser.add_argument("--jsonl", required=True, help="dialogues, one JSON object a line")
    args = parser.parse_args(argv)
    return asyncio.run(_run(Path(args.jsonl)))
