"""`cmebot backup` while the record is being written, then `cmebot restore`: every entry and certificate."""

from __future__ import annotations

import asyncio
import hashlib
import os
from datetime import date, timedelta
from pathlib import Path

from bot.domain import Activity
from bot.ports import NewDocument, NewEntry
from storage.engine import make_engine, make_sessions
from storage.migrate import upgrade
from storage.store import SqlStore
from tests.conftest import add_member
from tests.ops.helpers import CMEBOT, ROOT, env_for, run
from tests.reports.records import activity

CERTIFICATE_BYTES = 64 * 1024


async def _cmebot(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        str(CMEBOT), *args, env=env, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def _write_one(store: SqlStore, member_id: int, n: int) -> None:
    day = date(2021, 1, 1) + timedelta(days=n % 90)
    certificate = NewDocument(f"certificate-{n}.pdf", "application/pdf", os.urandom(CERTIFICATE_BYTES))
    await store.record(
        member_id, [NewEntry(activity(f"Grand rounds {n}", day, "1.00"))], documents=[certificate]
    )


async def _record(store: SqlStore, member_id: int) -> dict[int, tuple[Activity, tuple[str, ...]]]:
    """Every entry with the hashes of its certificates, by entry number."""
    entries = await store.entries(member_id, date(2000, 1, 1), date(2100, 1, 1))
    out = {}
    for entry in entries:
        hashes = []
        for doc_id in entry.document_ids:
            data = await store.document_data(member_id, doc_id)
            assert data is not None
            hashes.append(hashlib.sha256(data).hexdigest())
        out[entry.number] = (entry.activity, tuple(hashes))
    return out


async def test_a_backup_taken_under_write_load_restores_every_entry_and_certificate(tmp_path: Path) -> None:
    """GIVEN a SQLite record with certificates, being written to without pause
    WHEN `cmebot backup` runs meanwhile and the file is restored into an empty data directory
    THEN the restored record is the source as it was at one instant: every entry it holds is
    identical to the source's, with byte-identical certificates, and none is half there."""
    source_dir = tmp_path / "source"
    engine = make_engine(f"sqlite+aiosqlite:///{source_dir / 'cmebot.sqlite3'}")
    await upgrade(engine)
    store = SqlStore(make_sessions(engine))
    member = await add_member(store)
    for n in range(40):
        await _write_one(store, member.id, n)
    written_before = 40

    stop = asyncio.Event()
    written = [written_before]

    async def load() -> None:
        while not stop.is_set():
            await _write_one(store, member.id, written[0])
            written[0] += 1

    writer = asyncio.create_task(load())
    try:
        while written[0] < written_before + 5:  # the load is running before the backup starts
            await asyncio.sleep(0.01)
        backup_file = tmp_path / "cmebot-backup.sqlite3"
        started = written[0]
        code, out, err = await _cmebot(env_for(source_dir), "backup", str(backup_file))
        during = written[0]
    finally:
        stop.set()
        await writer
    assert code == 0, err
    assert out.startswith(f"Backed up to {backup_file}") and err == ""
    assert during > started  # entries were written while the backup ran

    restored_dir = tmp_path / "restored"
    code, out, err = await _cmebot(env_for(restored_dir), "restore", str(backup_file))
    assert code == 0, err
    assert out.startswith(f"Restored {backup_file} into {restored_dir}")

    restored_engine = make_engine(f"sqlite+aiosqlite:///{restored_dir / 'cmebot.sqlite3'}")
    restored_store = SqlStore(make_sessions(restored_engine))
    try:
        [(restored_member, _)] = [await restored_store.member_by_identity("email", "steve@example.org")]  # type: ignore[misc]
        assert restored_member.id == member.id
        original = await _record(store, member.id)
        copy = await _record(restored_store, member.id)
    finally:
        restored_store.close()
        store.close()
        await restored_engine.dispose()
        await engine.dispose()
    assert started <= len(copy) <= during + 1
    assert sorted(copy) == list(range(1, len(copy) + 1))  # a prefix: no entry missing in between
    for number, entry in copy.items():
        assert entry == original[number]
        assert len(entry[1]) == 1  # its certificate came with it
    assert f"{len(copy)} entries, {len(copy)} certificates" in out


def test_restore_refuses_a_data_directory_that_is_not_empty(tmp_path: Path) -> None:
    source = env_for(tmp_path / "source")
    assert run(source, "member", "add", "--email", "steve@example.org", "--name", "Steve").returncode == 0
    backup_file = tmp_path / "b.sqlite3"
    assert run(source, "backup", str(backup_file)).returncode == 0
    again = run(source, "backup", str(backup_file))
    assert again.returncode == 2 and "never overwrites" in again.stderr
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("someone's file")
    refused = run(env_for(busy), "restore", str(backup_file))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "is not empty" in refused.stderr
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


def test_restore_refuses_a_file_that_is_not_a_cmebot_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    refused = run(env_for(tmp_path / "new"), "restore", str(junk))
    assert refused.returncode == 2
    assert "not a SQLite database" in refused.stderr
    assert not (tmp_path / "new" / "cmebot.sqlite3").exists()


def test_backup_on_postgresql_explains_pg_dump(tmp_path: Path) -> None:
    env = env_for(tmp_path / "var", CMEBOT_DATABASE_URL="postgresql://cme:hunter2@db.example.org/cmebot")
    done = run(env, "backup", str(tmp_path / "b"))
    assert done.returncode == 2
    assert "pg_dump --format=custom" in done.stderr and "pg_restore" in done.stderr
    assert "hunter2" not in done.stderr
