"""Benchmark the Slack door's ack: signed `/cme summary` at 1 and 32 concurrent clients.

Run from the repository root:  .venv/bin/python bench/slack.py [--requests 2000] [--rounds 3]

Each server runs in a child process of its own (as in production, where the
app has its own process and Slack is elsewhere); this process plays Slack:
it signs and sends the requests and serves the Web API stand-in that
receives the replies (`chat.postEphemeral`). Measured, in one run on one
machine:

- bare:   a Bolt AsyncApp that only acks (`process_before_response=True`,
          the fastest Bolt can ack), served by the same aiohttp adapter;
- bare-default: the same with Bolt's default settings (its 10 ms poll);
- cmebot: the real door on a real SQLite database, answering each command
          with the member's summary after the ack.

Figures: p50/p99 time to the ack and requests/s; for cmebot also the time
until the reply reached the Web API and replies/s (the work after the ack
must keep up, not pile up). Target: cmebot p99 <= 100 ms at 32 concurrent
and >= 50% of the bare app's throughput.

Every wait is bounded, so the bench finishes or fails with a message: past
its backlog limit the door turns requests away (a 503 for events, a "busy"
ack for /cme), and those are counted, not waited for; replies that do not
arrive within REPLY_WAIT_SECONDS are counted as missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from urllib.parse import urlencode

import aiohttp

from tests.slack.fake_slack_api import BOT_TOKEN, TEAM, Call, FakeSlackApi

SECRET = "bench-signing-secret"
START_WAIT_SECONDS = 120  # a server child that has not said its port by then has failed
REQUEST_TIMEOUT_SECONDS = 30
REPLY_WAIT_SECONDS = 120  # after the last ack, for the replies still owed


# ---- the servers (child processes) ------------------------------------------------------------


async def _serve_bare(api_url: str, default: bool, conn: Connection) -> None:
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url, session=session)
        bolt = AsyncApp(client=client, signing_secret=SECRET, process_before_response=not default)

        @bolt.command("/cme")
        async def only_ack(ack: AsyncAck) -> None:
            await ack()

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

        app = web.Application()
        app.router.add_post("/slack/events", events)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        conn.send(runner.addresses[0][1])
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        await runner.cleanup()


async def _serve_cmebot(api_url: str, database_url: str | None, conn: Connection) -> None:
    from handlers.app import build_app
    from handlers.settings import load
    from handlers.slack.door import start

    with tempfile.TemporaryDirectory() as tmp:
        settings = load(
            {
                "CMEBOT_DATA_DIR": tmp,
                "CMEBOT_HTTP_PORT": "0",
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": api_url,
                **({"CMEBOT_DATABASE_URL": database_url} if database_url else {}),
            }
        )
        app = await build_app(settings)
        door = await start(app)
        conn.send(door.port)
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        await door.stop()
        await app.close()


def _child(kind: str, api_url: str, database_url: str | None, conn: Connection) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    if kind == "cmebot":
        asyncio.run(_serve_cmebot(api_url, database_url, conn))
    else:
        asyncio.run(_serve_bare(api_url, kind == "bare-default", conn))


# ---- the load (this process) --------------------------------------------------------------------


@dataclass
class Load:
    """One load phase: ack times, when each request was sent, which were accepted, what was refused."""

    acks: list[float]
    sent_at: dict[int, float]
    accepted: list[int]
    busy: int  # 200 with the door's "busy" text (a /cme it had no room for)
    statuses: dict[int, int]  # any other status (503 for events, 5xx, …) -> count
    seconds: float


@dataclass
class Figures:
    name: str
    clients: int
    requests: int
    acks: list[float]
    seconds: float
    replies: list[float] | None = None
    reply_seconds: float | None = None
    turned_away: int = 0
    missing: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _body(n: int) -> str:
    return urlencode(
        {
            "token": "x",
            "team_id": TEAM,
            "team_domain": "bench",
            "channel_id": f"C{n}",
            "channel_name": "bench",
            "user_id": "U1",
            "user_name": "u1",
            "command": "/cme",
            "text": "summary",
            "api_app_id": "A0CME",
            "response_url": f"http://127.0.0.1:1/response/{n}",
            "trigger_id": f"{n}.1.bench",
        }
    )


def _headers(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + signature,
    }


async def _load(url: str, first: int, requests: int, clients: int) -> Load:
    load = Load([], {}, [], 0, {}, 0.0)
    numbers = iter(range(first, first + requests))
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def client() -> None:
            for n in numbers:
                body = _body(n)
                started = time.perf_counter()
                load.sent_at[n] = started
                async with session.post(url, data=body.encode(), headers=_headers(body)) as resp:
                    text = await resp.text()
                load.acks.append(time.perf_counter() - started)
                if resp.status != 200:
                    load.statuses[resp.status] = load.statuses.get(resp.status, 0) + 1
                elif text:
                    load.busy += 1  # the ack carries the door's "busy, send it again" text
                else:
                    load.accepted.append(n)

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        load.seconds = time.perf_counter() - began
        return load


async def _replies(fake: FakeSlackApi, numbers: list[int], received: dict[int, float]) -> int:
    """Wait (bounded) for the replies to accepted requests; how many never came."""
    owed = set(numbers)
    with contextlib.suppress(TimeoutError):
        await fake.wait_for("chat.postEphemeral", len(owed), where=_among(owed), timeout=REPLY_WAIT_SECONDS)
    return len(owed - received.keys())


async def _measure(
    kind: str, fake: FakeSlackApi, requests: int, warmup: int, database_url: str | None
) -> list[Figures]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(kind, fake.api_url, database_url, child), daemon=True)
    proc.start()
    child.close()  # so a child that dies ends the wait for its port instead of blocking it
    loop = asyncio.get_running_loop()
    if not await loop.run_in_executor(None, parent.poll, START_WAIT_SECONDS):
        proc.kill()
        raise BenchError(f"the {kind} server did not start within {START_WAIT_SECONDS} s")
    try:
        port = parent.recv()
    except EOFError:
        raise BenchError(f"the {kind} server stopped while starting (exit code {proc.exitcode})") from None
    url = f"http://127.0.0.1:{port}/slack/events"
    out: list[Figures] = []
    first = 1
    try:
        received: dict[int, float] = {}
        fake.received = received  # type: ignore[attr-defined]
        warm = await _load(url, first, warmup, 4)
        first += warmup
        if kind == "cmebot":
            await _replies(fake, warm.accepted, received)
        for clients, count in ((1, max(100, requests // 8)), (32, requests)):
            received = {}
            fake.received = received  # type: ignore[attr-defined]
            load = await _load(url, first, count, clients)
            figures = Figures(kind, clients, count, load.acks, load.seconds)
            figures.turned_away = load.busy + sum(load.statuses.values())
            if kind == "cmebot" and load.accepted:
                figures.missing = await _replies(fake, load.accepted, received)
                arrived = [n for n in load.accepted if n in received]
                if arrived:
                    figures.replies = [received[n] - load.sent_at[n] for n in arrived]
                    figures.reply_seconds = max(received[n] for n in arrived) - min(load.sent_at.values())
            out.append(figures)
            first += count
    finally:
        parent.send("stop")
        await loop.run_in_executor(None, proc.join, 30)
        if proc.is_alive():
            proc.kill()
    return out


class BenchError(Exception):
    """The bench cannot go on; its message says why."""


async def _empty(database_url: str, *, check_only: bool = False) -> int:
    """Drop what a cmebot round created in the scratch database, so the next round starts alike.

    With `check_only`, count the tables instead: the bench refuses a database that is not empty.
    """
    from sqlalchemy import MetaData

    from storage.engine import make_engine

    engine = make_engine(database_url.replace("postgresql://", "postgresql+asyncpg://", 1))
    async with engine.begin() as conn:
        meta = MetaData()
        await conn.run_sync(meta.reflect)
        count = len(meta.tables)
        if not check_only:
            await conn.run_sync(meta.drop_all)
    await engine.dispose()
    return count


def _among(numbers: set[int]) -> Callable[[Call], bool]:
    return lambda call: int(str(call.args.get("channel", "C0"))[1:]) in numbers


class TimedFake(FakeSlackApi):
    """The stand-in, noting when each reply for request n arrived."""

    received: dict[int, float]

    async def _record(self, call: Call) -> None:
        if call.method == "chat.postEphemeral":
            self.received[int(str(call.args.get("channel", "C0"))[1:])] = time.perf_counter()
        await super()._record(call)


async def main(requests: int, rounds: int, database_url: str | None) -> int:
    """Alternate bare and cmebot for `rounds` rounds: a shared machine's noise hits both alike."""
    if database_url and await _empty(database_url, check_only=True):
        print("--database-url must name an empty scratch database (its tables are dropped)", file=sys.stderr)
        return 2
    fake = TimedFake()
    fake.received = {}
    await fake.start()
    results: list[Figures] = []
    try:
        plan = [k for _ in range(rounds) for k in ("bare", "cmebot")] + ["bare-default"]
        for kind in plan:
            results.extend(await _measure(kind, fake, requests, 50, database_url))
            if database_url and kind == "cmebot":
                await _empty(database_url)
            fake.calls.clear()
    except BenchError as exc:
        print(f"bench/slack.py: {exc}", file=sys.stderr)
        return 2
    finally:
        await fake.stop()
    header = f"{'server':<14}{'clients':>8}{'requests':>10}{'ack p50 ms':>12}{'ack p99 ms':>12}{'req/s':>9}"
    print(header + f"{'away':>6}  after the ack")
    for f in sorted(results, key=lambda f: (f.name, f.clients)):
        after = ""
        if f.replies and f.reply_seconds:
            after = (
                f"reply p50 {_pct(f.replies, 0.5):.1f} ms, p99 {_pct(f.replies, 0.99):.1f} ms, "
                f"{len(f.replies) / f.reply_seconds:.0f} replies/s"
            )
        if f.missing:
            after += f", {f.missing} replies never came"
        print(
            f"{f.name:<14}{f.clients:>8}{f.requests:>10}{_pct(f.acks, 0.5):>12.1f}"
            f"{_pct(f.acks, 0.99):>12.1f}{f.rps:>9.0f}{f.turned_away:>6}  {after}"
        )

    def median(name: str, clients: int, figure: Callable[[Figures], float]) -> float:
        return statistics.median(figure(f) for f in results if (f.name, f.clients) == (name, clients))

    p99 = median("cmebot", 32, lambda f: _pct(f.acks, 0.99))
    shares = [
        ours.rps / bare.rps
        for ours, bare in zip(
            [f for f in results if (f.name, f.clients) == ("cmebot", 32)],
            [f for f in results if (f.name, f.clients) == ("bare", 32)],
            strict=True,
        )
    ]
    share = statistics.median(shares)
    print(
        f"\ncmebot at 32 clients, median of {rounds} rounds: ack p99 {p99:.1f} ms (target <= 100), "
        f"{share:.0%} of the bare app's requests/s in the same round (target >= 50%; rounds: "
        f"{', '.join(f'{x:.0%}' for x in shares)}); one client: ack p50 "
        f"{median('cmebot', 1, lambda f: _pct(f.acks, 0.5)):.1f} ms vs bare "
        f"{median('bare', 1, lambda f: _pct(f.acks, 0.5)):.1f} ms"
    )
    away = sum(f.turned_away for f in results if f.name == "cmebot")
    missing = sum(f.missing for f in results)
    if away or missing:
        print(
            f"cmebot turned {away} requests away (its post-ack backlog was full) and owed "
            f"{missing} replies that never came: the work after the ack does not keep up at this rate"
        )
    return 0 if p99 <= 100 and share >= 0.5 and not away and not missing else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests at 32 clients")
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare/cmebot rounds")
    parser.add_argument(
        "--database-url",
        help="an EMPTY scratch database for cmebot (default: SQLite in a temporary folder); "
        "its tables are dropped after each round",
    )
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.requests, args.rounds, args.database_url)))
