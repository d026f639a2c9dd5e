"""One member's summary sums over 1,000,000 rows: our store vs raw SQL, in the same run.

    .venv/bin/python bench/summary.py [--members 10000] [--per-member 100] [--queries 2000]

Builds a SQLite file with the real migrations, bulk-loads members x activities
(a third of them carrying topics), then times two summaries:

- one set (ASPS): `SqlStore.totals`, the code path every ASPS summary takes,
  against the same aggregate as one raw statement on the same driver (aiosqlite).
  Target: p50 <= 1 ms, within 2x of raw.
- four sets (ASPS, Texas, Florida, DEA MATE): `SqlStore.aggregates` with the
  sums those sets' verdicts read (`bot.requirement_sets.evaluation.plan`: the
  windows and sums are printed), against the same sums as one hand-written
  raw statement on aiosqlite. Target: p50 <=
  2 ms, within 3x of raw. The same sums as one raw statement per window are
  timed on sync sqlite3 next to the single statement, which is why the store
  asks for all windows in one statement.

The synchronous sqlite3 figures are the floor no async driver reaches (each
aiosqlite call is a hop to its thread and back). Prints p50/p99 of each and
the ratio to the same-driver baseline.
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
from collections.abc import Awaitable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import aiosqlite

from bot.entry_topics import topic_mask
from bot.ports import Member
from bot.requirement_sets.evaluation import plan
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import Aggregate, HeldSet, Measure, Profile
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

# A member holding ASPS, a Texas and a Florida licence and a DEA registration, on a day mid-cycle:
# the sums their verdicts read are what helper "sets"'s planner asks the store for.
TODAY = date(2022, 6, 1)
FOUR_SETS_PROFILE = Profile(
    sets=(
        HeldSet("asps"),
        HeldSet("texas", renews_on=date(2023, 8, 31)),
        HeldSet("florida", renews_on=date(2024, 1, 31)),
        HeldSet("dea_mate", renews_on=date(2024, 2, 29)),
    ),
    dea_registered=True,
    prescribes_opioids=True,
)
FOUR_SETS = plan(
    requirement_sets(),
    FOUR_SETS_PROFILE,
    Member(1, "Bench", None, "America/Chicago", cycle_end_year=2022),
    TODAY,
)
COLUMNS = {
    Measure.CREDITS: ("credits", ""),
    Measure.CATEGORY1: ("credits", "category = '1'"),
    Measure.CATEGORY2: ("credits", "category != '1'"),
    Measure.PATIENT_SAFETY: ("patient_safety_credits", ""),
    Measure.PLASTIC_SURGERY: ("plastic_surgery_credits", ""),
}
TOPICAL = (
    "ethics",
    "professional_responsibility",
    "opioids",
    "substance_use",
    "controlled_substances",
    "pain_management",
    "medical_errors",
    "domestic_violence",
    "human_trafficking",
    "tops",
)
# Two thirds of entries carry no topic; the rest one, or two at once (counted once by a sum over both).
TOPIC_MASKS = [0] * 20 + [topic_mask([code]) for code in TOPICAL] + [topic_mask(["ethics", "opioids"])]


def raw_sum(aggregate: Aggregate, window: str) -> str:
    """One sum, written by hand: what the store's statement should cost no more than."""
    column, measure = COLUMNS[aggregate.measure]
    tests = [t for t in (window, measure) if t]
    if aggregate.topic:
        tests.append(f"(topics & {topic_mask(aggregate.topic.split('|'))}) != 0")
    if not tests:
        return f"COALESCE(SUM({column}), 0)"
    return f"COALESCE(SUM(CASE WHEN {' AND '.join(tests)} THEN {column} END), 0)"


def raw_four_sets() -> tuple[str, list[str]]:
    """The four sets' sums as one statement over the windows' union, and as one per window."""
    where = "WHERE member_id = ? AND start_date >= ? AND start_date <= ? AND deleted_at IS NULL"
    sums = [
        raw_sum(a, f"start_date >= '{w.start}' AND start_date <= '{w.end}'")
        for w, aggs in FOUR_SETS.items()
        for a in aggs
    ]
    union = f"SELECT {', '.join(sums)} FROM activities {where}"
    per_window = [
        f"SELECT {', '.join(raw_sum(a, '') for a in aggs)} FROM activities {where}"
        for aggs in FOUR_SETS.values()
    ]
    return union, per_window


ACTIVITY_COLUMNS = (
    "member_id, number, title, title_key, start_date, end_date, activity_type, category, provider,"
    " credits, patient_safety_credits, plastic_surgery_credits, flags, source, topics"
)


def activity_rows(members: int, per_member: int) -> Iterator[tuple[object, ...]]:
    """The same members x activities on every database: dates 2015-2021, a third with topics."""
    rng = random.Random(7)
    first = date(2015, 1, 1)
    for m in range(1, members + 1):
        for n in range(1, per_member + 1):
            day = first + timedelta(days=rng.randrange(0, 2555))
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
                rng.choice(TOPIC_MASKS),
            )


def populate(path: Path, members: int, per_member: int) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany(
        "INSERT INTO members (id, name, timezone, next_number, cycle_end_year) VALUES (?, ?, 'UTC', ?, 2022)",
        ((m, f"Member {m}", per_member) for m in range(1, members + 1)),
    )
    con.executemany(
        f"INSERT INTO activities ({ACTIVITY_COLUMNS}) VALUES ({', '.join('?' * 15)})",
        (
            tuple(v.isoformat() if isinstance(v, date) else v for v in row)
            for row in activity_rows(members, per_member)
        ),
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

        start, end = date(2020, 1, 1), date(2022, 12, 31)
        lo, hi = min(w.start for w in FOUR_SETS).isoformat(), max(w.end for w in FOUR_SETS).isoformat()
        union, per_window = raw_four_sets()
        rng = random.Random(11)
        ids = [rng.randrange(1, args.members + 1) for _ in range(args.queries)]

        engine = make_engine(url)
        store = SqlStore(make_sessions(engine))
        for member_id in ids[:50]:  # warm the pool and caches
            await store.totals(member_id, start, end)
            await store.aggregates(member_id, FOUR_SETS)
        ours: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            await store.totals(member_id, start, end)
            ours.append((time.perf_counter() - t) * 1000)
        sets: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            await store.aggregates(member_id, FOUR_SETS)
            sets.append((time.perf_counter() - t) * 1000)
        checked = {m: await store.aggregates(m, FOUR_SETS) for m in ids[:20]}
        store.close()
        await engine.dispose()

        db = await aiosqlite.connect(path)
        raw: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            async with db.execute(RAW, (member_id, start.isoformat(), end.isoformat())) as cursor:
                await cursor.fetchone()
            raw.append((time.perf_counter() - t) * 1000)
        raw_sets: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            async with db.execute(union, (member_id, lo, hi)) as cursor:
                await cursor.fetchone()
            raw_sets.append((time.perf_counter() - t) * 1000)
        await db.close()

        con = sqlite3.connect(path)
        sync: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            con.execute(RAW, (member_id, start.isoformat(), end.isoformat())).fetchone()
            sync.append((time.perf_counter() - t) * 1000)
        sync_union: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            con.execute(union, (member_id, lo, hi)).fetchone()
            sync_union.append((time.perf_counter() - t) * 1000)
        sync_windows: list[float] = []
        for member_id in ids:
            t = time.perf_counter()
            for (window, _), statement in zip(FOUR_SETS.items(), per_window, strict=True):
                con.execute(
                    statement, (member_id, window.start.isoformat(), window.end.isoformat())
                ).fetchone()
            sync_windows.append((time.perf_counter() - t) * 1000)
        for member_id, sums in checked.items():  # the store's sums are the raw statement's
            expected = iter(con.execute(union, (member_id, lo, hi)).fetchone())
            for window, aggs in FOUR_SETS.items():
                for aggregate in aggs:
                    assert sums[window][aggregate] * 100 == next(expected), (member_id, window, aggregate)
        con.close()

    n = args.queries
    print(f"one set (ASPS), {n} queries:")
    report("SqlStore.totals (async)", ours)
    report("raw SQL, same driver (aiosqlite)", raw)
    report("raw SQL, sync sqlite3 (floor)", sync)
    ratio(ours, raw, "p50 <= 1 ms, <= 2x")
    sums = sum(len(a) for a in FOUR_SETS.values())
    topical = sum(1 for aggs in FOUR_SETS.values() for a in aggs if a.topic)
    print(
        f"four sets (ASPS, Texas, Florida, DEA MATE: {len(FOUR_SETS)} windows, {sums} sums,"
        f" {topical} over topics), {n} queries:"
    )
    report("SqlStore.aggregates (async)", sets)
    report("raw SQL, same driver (aiosqlite)", raw_sets)
    report("raw SQL, sync sqlite3 (floor)", sync_union)
    report("raw SQL, sync, one per window", sync_windows)
    ratio(sets, raw_sets, "p50 <= 2 ms, <= 3x")


def report(label: str, samples: list[float]) -> None:
    p50, p99 = percentiles(samples)
    print(f"  {label:<34} p50 {p50:.3f} ms  p99 {p99:.3f} ms")


def ratio(ours: list[float], raw: list[float], target: str, driver: str = "aiosqlite") -> None:
    o50, o99 = percentiles(ours)
    r50, r99 = percentiles(raw)
    label = f"ratio ours / raw {driver}"
    print(f"  {label:<34} p50 {o50 / r50:.2f}x  p99 {o99 / r99:.2f}x   (target {target})")


async def run_postgres(args: argparse.Namespace) -> None:
    """The four-set sums on PostgreSQL, in a schema of their own dropped afterwards."""
    import asyncpg

    dsn = args.postgres
    schema = f"bench_{random.randrange(16**8):08x}"
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
        engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
        await upgrade(engine)
        con = await asyncpg.connect(dsn, server_settings={"search_path": schema})
        t0 = time.perf_counter()
        await con.executemany(
            "INSERT INTO members (id, name, timezone, next_number, cycle_end_year)"
            " VALUES ($1, $2, 'UTC', $3, 2022)",
            [(m, f"Member {m}", args.per_member) for m in range(1, args.members + 1)],
        )
        await con.copy_records_to_table(
            "activities",
            records=activity_rows(args.members, args.per_member),
            columns=[c.strip() for c in ACTIVITY_COLUMNS.split(",")],
        )
        await con.execute("ANALYZE activities")
        loaded = time.perf_counter() - t0
        print(f"PostgreSQL: loaded {args.members * args.per_member:,} activities in {loaded:.1f} s")

        union, per_window = raw_four_sets()
        union = dollars(union)
        per_window = [dollars(sql) for sql in per_window]
        lo, hi = min(w.start for w in FOUR_SETS), max(w.end for w in FOUR_SETS)
        rng = random.Random(11)
        ids = [rng.randrange(1, args.members + 1) for _ in range(args.queries)]
        store = SqlStore(make_sessions(engine))
        for member_id in ids[:50]:
            await store.aggregates(member_id, FOUR_SETS)
        ours = [await timed(store.aggregates(m, FOUR_SETS)) for m in ids]
        store.close()
        await engine.dispose()
        raw = [await timed(con.fetchrow(union, m, lo, hi)) for m in ids]

        async def windows(member_id: int) -> None:
            async with con.transaction(readonly=True):
                for window, statement in zip(FOUR_SETS, per_window, strict=True):
                    await con.fetchrow(statement, member_id, window.start, window.end)

        one_per_window = [await timed(windows(m)) for m in ids]
        await con.close()
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
    print(f"four sets on PostgreSQL, {args.queries} queries:")
    report("SqlStore.aggregates (async)", ours)
    report("raw SQL, asyncpg", raw)
    report("raw SQL, asyncpg, one per window", one_per_window)
    ratio(ours, raw, "none set: the figures above are for SQLite", "asyncpg")


async def timed(work: Awaitable[object]) -> float:
    t = time.perf_counter()
    await work
    return (time.perf_counter() - t) * 1000


def dollars(sql: str) -> str:
    """`?` placeholders as asyncpg's `$1, $2, ...`."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--per-member", type=int, default=100)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--postgres",
        metavar="DSN",
        help="also time the four sets there (postgresql://postgres@127.0.0.1:5432/test)",
    )
    args = parser.parse_args()
    asyncio.run(run(args))
    if args.postgres:
        asyncio.run(run_postgres(args))


if __name__ == "__main__":
    main()
