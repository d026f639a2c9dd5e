"""One member's current-cycle totals over 1,000,000 rows: our store vs one raw SQL statement.

    .venv/bin/python bench/summary.py [--members 10000] [--per-member 100] [--queries 2000]

Builds a SQLite file with the real migrations, bulk-loads members x activities,
then times `SqlStore.totals` (the code path every summary takes) and the same
aggregate as one raw statement on the same driver (aiosqlite), in the same
run; the synchronous sqlite3 figure is printed as the floor no async driver
reaches (each aiosqlite call is a hop to its thread and back). Prints p50/p99
of each and the ratio to the same-driver baseline. Target: p50 <= 1 ms, within 2x of raw.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import aiosqlite

from storage.engine import make_engine, make_sessions
from storage.migrate import upgrade
from storage.store import SqlStore

RAW = """
SELECT COALESCE(SUM(CASE WHEN category = '1' THEN credits ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN category = '1' THEN 0 ELSE credits END), 0),
       COALESCE(SUM(plastic_surgery_credits), 0),
       COALESCE(SUM(patient_safety_credits), 0),
       COUNT(*)
FROM activities
WHERE member_id = ? AND start_date >= ? AND start_date <= ? AND deleted_at IS NULL
"""


def populate(path: Path, members: int, per_member: int) -> None:
    rng = random.Random(7)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany(
        "INSERT INTO members (id, name, timezone, next_number, cycle_end_year) VALUES (?, ?, 'UTC', ?, 2022)",
        ((m, f"Member {m}", per_member) for m in range(1, members + 1)),
    )
    first = date(2015, 1, 1)

    def rows():  # type: ignore[no-untyped-def]
        for m in range(1, members + 1):
            for n in range(1, per_member + 1):
                day = (first + timedelta(days=rng.randrange(0, 2555))).isoformat()
                yield (
                    m,
                    n,
                    f"Activity {n}",
                    f"activity {n}",
                    day,
                    day,
                    "live",
                    rng.choice("12"),
                    "P",
                    rng.randrange(25, 1200, 25),
                    rng.randrange(0, 25, 25),
                    rng.randrange(0, 25, 25),
                    "",
                    "bench",
                )

    con.executemany(
        "INSERT INTO activities (member_id, number, title, title_key, start_date, end_date, activity_type,"
        " category, provider, credits, patient_safety_credits, plastic_surgery_credits, flags, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        engine = make_engine(url)
        await upgrade(engine)
        await engine.dispose()
        t0 = time.perf_counter()
        populate(path, args.members, args.per_member)
        print(f"loaded {args.members * args.per_member:,} activities in {time.perf_counter() - t0:.1f} s")

        engine = make_engine(url)
        store = SqlStore(make_sessions(engine))
        start, end = date(2020, 1, 1), date(2022, 12, 31)
        rng = random.Random(11)
        ids = [rng.randrange(1, args.members + 1) for _ in range(args.queries)]
        for member_id in ids[:50]:  # warm the pool and caches
            await store.totals(member_id, start, end)
        ours: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            await store.totals(member_id, start, end)
            ours.append((time.perf_counter() - t) * 1000)
        await engine.dispose()

        db = await aiosqlite.connect(path)
        raw: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            async with db.execute(RAW, (member_id, start.isoformat(), end.isoformat())) as cursor:
                await cursor.fetchone()
            raw.append((time.perf_counter() - t) * 1000)
        await db.close()

        con = sqlite3.connect(path)
        sync: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            con.execute(RAW, (member_id, start.isoformat(), end.isoformat())).fetchone()
            sync.append((time.perf_counter() - t) * 1000)
        con.close()

    o50, o99 = percentiles(ours)
    r50, r99 = percentiles(raw)
    s50, s99 = percentiles(sync)
    print(f"SqlStore.totals (async ORM)      p50 {o50:.3f} ms  p99 {o99:.3f} ms  ({args.queries} queries)")
    print(f"raw SQL, same driver (aiosqlite) p50 {r50:.3f} ms  p99 {r99:.3f} ms")
    print(f"raw SQL, sync sqlite3 (floor)    p50 {s50:.3f} ms  p99 {s99:.3f} ms")
    ratio = f"p50 {o50 / r50:.2f}x  p99 {o99 / r99:.2f}x"
    print(f"ratio ours / raw aiosqlite       {ratio}   (target p50 <= 1 ms, <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--per-member", type=int, default=100)
    parser.add_argument("--queries", type=int, default=2000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
