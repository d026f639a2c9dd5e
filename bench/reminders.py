"""Reminders at scale: 100,000 members with mixed sets and time zones.

    .venv/bin/python bench/reminders.py [--members 100000] [--compose 10000] [--scans 200]
    .venv/bin/python bench/reminders.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

Builds the database with the real migrations (SQLite in a temporary folder,
or a private schema on PostgreSQL, dropped afterwards), bulk-loads members
(ASPS for all; some also hold Texas, Florida or DEA MATE with their own
renewal dates; eleven time zones), identities and three entries each, then:

- plans every member with the scheduler's own planning (`ReminderRunner.plan`);
- times the due-scan one tick runs (`ReminderQueue.due_ids`: pending rows due
  by now, oldest first, on the (status, due_at) index), p50 and p99.
  Target: p50 <= 50 ms on both databases;
- times composing and queueing the first `--compose` reminders sent
  (`ReminderRunner.send_due`: claim, re-read settings and quiet hours, compose
  from `standings`, mark sent with the e-mail in the outbox, one transaction
  each). Target: 10,000 in <= 10 s. Reminders due in a member's night are
  put back to the morning on the way, and counted apart.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.reminders.clock import SetClock
from handlers.reminders_runner import ReminderRunner, RunnerOptions
from storage.engine import make_engine
from storage.mail_models import MailOutboxRow
from storage.migrate import upgrade
from storage.models import ActivityRow, IdentityRow, MemberRow, MemberSetRow
from storage.reminder_models import PENDING, ReminderRow
from storage.reminders import ReminderQueue
from storage.store import SqlStore

ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
BATCH = 500  # rows a tick claims at once (RunnerOptions.batch); --batch changes it
# 1 Dec 2026, 17:00 UTC: noon in New York, night in Tokyo and Sydney.
NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)


def load(s: Session, members: int, rng: random.Random) -> None:
    chunk = 5000
    for first in range(1, members + 1, chunk):
        ids = range(first, min(first + chunk, members + 1))
        s.execute(
            insert(MemberRow),
            [
                {
                    "id": i,
                    "name": f"Member {i}",
                    "timezone": ZONES[i % len(ZONES)],
                    "cycle_end_year": 2026 + i % 3,
                    "next_number": 3,
                    "next_draft": 0,
                    "dea_registered": i % 5 == 0,
                }
                for i in ids
            ],
        )
        s.execute(
            insert(IdentityRow),
            [{"member_id": i, "kind": "email", "key": f"m{i}@example.org", "verified": True} for i in ids],
        )
        sets = []
        for i in ids:
            if i % 3 == 0:
                sets.append(
                    {"member_id": i, "code": "texas", "renews_on": date(2027, 1 + i % 12, 1), "position": 1}
                )
            if i % 7 == 0:
                sets.append(
                    {"member_id": i, "code": "florida", "renews_on": date(2027, 1, 31), "position": 2}
                )
            if i % 5 == 0:
                sets.append(
                    {
                        "member_id": i,
                        "code": "dea_mate",
                        "renews_on": date(2027, 2 + i % 10, 15),
                        "position": 3,
                    }
                )
        if sets:
            asps = [
                {"member_id": m, "code": "asps", "renews_on": None, "position": 0}
                for m in {r["member_id"] for r in sets}
            ]
            s.execute(insert(MemberSetRow), asps + sets)
        entries = []
        for i in ids:
            for n in range(1, 4):
                day = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
                credits = Decimal(rng.choice(("1", "1.5", "2", "4", "8")))
                entries.append(
                    {
                        "member_id": i,
                        "number": n,
                        "title": f"Course {n}",
                        "title_key": f"course {n}",
                        "start_date": day,
                        "end_date": day,
                        "activity_type": "live",
                        "category": "1",
                        "provider": "Lakeshore University Hospital",
                        "credits": credits,
                        "patient_safety_credits": Decimal("0.5") if n == 1 else Decimal(0),
                        "plastic_surgery_credits": Decimal(0),
                        "flags": "",
                        "source": "chat",
                        "topics": 0,
                    }
                )
        s.execute(insert(ActivityRow), entries)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(
    url: str, members: int, compose: int, scans: int, connect_args: dict[str, object], *, fresh: bool = True
) -> None:
    engine = make_engine(url, connect_args=connect_args) if connect_args else make_engine(url)
    await upgrade(engine)
    store = SqlStore(engine)
    queue = ReminderQueue(store.database)
    rng = random.Random(15)
    started = time.perf_counter()
    if fresh:
        await store.database.write(lambda s: load(s, members, rng))
        print(f"loaded {members:,} members, {3 * members:,} entries in {time.perf_counter() - started:.1f} s")

    clock = SetClock(NOW)
    counts: Counter[str] = Counter()
    runner = ReminderRunner(
        queue,
        store,
        mail_domain="cme.bench",
        clock=clock,
        options=RunnerOptions(batch=BATCH),
        on_change=counts.update,
    )
    runner.on_change = lambda what: counts.update([what])
    started = time.perf_counter()
    if fresh:
        await runner.plan(everyone=True)
    if store.database.dialect == "postgresql":  # what autovacuum does after a bulk load, now
        async with engine.begin() as conn:
            await conn.exec_driver_sql("ANALYZE")
    planned = await store.database.read(
        lambda s: s.execute(select(func.count()).select_from(ReminderRow)).scalar_one()
    )
    due = await store.database.read(
        lambda s: s.execute(
            select(func.count())
            .select_from(ReminderRow)
            .where(ReminderRow.status == PENDING, ReminderRow.due_at <= NOW)
        ).scalar_one()
    )
    print(f"planned {planned:,} reminder rows ({due:,} due now) in {time.perf_counter() - started:.1f} s")

    times = []
    for _ in range(scans):
        t0 = time.perf_counter()
        found = await queue.due_ids(NOW, BATCH)
        times.append((time.perf_counter() - t0) * 1000)
    assert len(found) == min(BATCH, due)
    p50, p99 = statistics.median(times), pct(times, 0.99)
    print(f"due-scan (one tick's batch of {BATCH}): p50 {p50:.2f} ms, p99 {p99:.2f} ms")

    before = await store.database.read(
        lambda s: s.execute(select(func.count()).select_from(MailOutboxRow)).scalar_one()
    )
    sending = putting_back = 0.0
    while counts["sent"] < compose:
        sent_before = counts["sent"]
        started = time.perf_counter()
        if not await runner.send_due(limit=BATCH):
            break
        # A batch that sent nothing held only reminders due in their member's night: timed apart.
        if counts["sent"] > sent_before:
            sending += time.perf_counter() - started
        else:
            putting_back += time.perf_counter() - started
    elapsed = sending
    queued = await store.database.read(
        lambda s: s.execute(select(func.count()).select_from(MailOutboxRow)).scalar_one()
    )
    print(
        f"composed and queued {counts['sent']:,} reminders in {elapsed:.2f} s "
        f"({elapsed / max(counts['sent'], 1) * 1000:.2f} ms each; outbox {queued - before:,}); "
        f"{counts['rescheduled']:,} due in their member's night put back to the morning "
        f"(batches of only those: {putting_back:.2f} s), {counts['skipped']:,} with nothing to say"
    )
    assert queued - before == counts["sent"]
    store.close()
    await engine.dispose()


async def main() -> None:
    global BATCH
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--compose", type=int, default=10_000)
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL; a private schema is made and dropped")
    parser.add_argument(
        "--db", type=Path, help="a SQLite file to keep: loaded and planned once, reused after"
    )
    parser.add_argument("--batch", type=int, default=BATCH)
    args = parser.parse_args()
    BATCH = args.batch
    if args.db is not None:
        fresh = not args.db.exists()
        url = f"sqlite+aiosqlite:///{args.db.resolve()}"
        await run(url, args.members, args.compose, args.scans, {}, fresh=fresh)
        return
    if args.postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            print("SQLite")
            await run(
                f"sqlite+aiosqlite:///{folder}/bench.sqlite3", args.members, args.compose, args.scans, {}
            )
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.postgres)
    async with admin.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        print("PostgreSQL")
        await run(
            args.postgres,
            args.members,
            args.compose,
            args.scans,
            {"server_settings": {"search_path": schema}},
        )
    finally:
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
