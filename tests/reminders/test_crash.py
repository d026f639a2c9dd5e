"""Exactly once across kill -9: real processes, killed at the boundary a real part holds them at."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.reminders.clock import SetClock
from storage.reminder_models import SENDING, SENT
from storage.store import SqlStore
from tests.reminders.conftest import mails, new_member, runner_for
from tests.reminders.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
# 11:00 in Los Angeles on 20 June 2027: the 12-month nudge of a cycle ending 31 Dec 2027 is due.
T = datetime(2027, 6, 20, 18, tzinfo=UTC)


async def spawn(db_url: str, now: datetime, *extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.reminders.tick_process",
        db_url,
        now.isoformat(),
        *extra,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


async def kill(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGKILL)
    assert await proc.wait() == -signal.SIGKILL


async def test_slack_crash_after_slack_has_it_and_before_the_mark_does_not_duplicate(
    store: SqlStore, db_url: str, standin: SlackStandIn
) -> None:
    member = await new_member(store, slack_user="U0PAT")
    clock = SetClock(T)
    runner = runner_for(store, clock, standin)
    await runner.plan(everyone=True)
    standin.hold = True  # Slack keeps the message, then the answer never comes
    proc = await spawn(db_url, T, "--slack", standin.api_url)
    await standin.wait_for("chat.postMessage")
    await kill(proc)
    standin.hold = False
    [row] = [r for r in await runner.queue.rows(member.id) if r.threshold == "12m"]
    assert row.status == SENDING and row.message is not None

    clock.advance(timedelta(minutes=4))  # within the dead process's lease: nobody touches it
    await runner.send_due()
    clock.advance(timedelta(minutes=2))  # the lease is over: taken over, Slack's history asked first
    await runner.send_due()
    await runner.tick()
    assert len(standin.posts) == 1
    assert standin.calls.count("conversations.history") == 1
    [row] = [r for r in await runner.queue.rows(member.id) if r.threshold == "12m"]
    assert row.status == SENT
    assert await mails(store) == []  # a Slack member's nudge is a DM, not an e-mail too


async def test_slack_crash_before_the_post_sends_once_after_restart(
    store: SqlStore, db_url: str, standin: SlackStandIn
) -> None:
    member = await new_member(store, slack_user="U0PAT")
    clock = SetClock(T)
    runner = runner_for(store, clock, standin)
    await runner.plan(everyone=True)
    standin.hold_open = True  # the process dies while opening the DM: nothing posted yet
    proc = await spawn(db_url, T, "--slack", standin.api_url)
    await standin.wait_for("conversations.open")
    await kill(proc)
    standin.hold_open = False
    assert standin.posts == []

    clock.advance(timedelta(minutes=6))
    await runner.send_due()
    await runner.tick()
    assert len(standin.posts) == 1
    post = standin.posts[0]
    assert post["channel"] == "DU0PAT"
    assert "patient safety credits to go" in post["text"] and "stop reminders" in post["text"]
    assert (
        post["metadata"]["event_payload"]["key"]
        == f"reminder-{post_row_id(await runner.queue.rows(member.id))}"
    )


def post_row_id(rows) -> int:  # type: ignore[no-untyped-def]
    [row] = [r for r in rows if r.status == SENT]
    return int(row.id)


async def test_email_crash_after_the_claim_sends_once_after_restart(store: SqlStore, db_url: str) -> None:
    member = await new_member(store)
    clock = SetClock(T)
    runner = runner_for(store, clock)
    await runner.plan(everyone=True)
    proc = await spawn(db_url, T, "--crash-after-claim")
    assert await proc.wait() == -signal.SIGKILL
    [row] = [r for r in await runner.queue.rows(member.id) if r.threshold == "12m"]
    assert row.status == SENDING and row.claimed_by != runner.worker

    clock.advance(timedelta(minutes=1))
    await runner.send_due()
    assert await mails(store) == []  # still the dead process's lease
    clock.advance(timedelta(minutes=5))
    await runner.send_due()
    await runner.tick()
    sent = await mails(store)
    assert len(sent) == 1 and "patient safety" in sent[0][1].get_content()


async def test_two_processes_on_postgresql_send_each_reminder_once(
    store: SqlStore, db_url: str, tmp_path: Path
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several serve processes share PostgreSQL; SQLite is served by one")
    members = [
        await new_member(store, f"m{i}@example.org", tz=("Europe/Berlin", "America/Chicago")[i % 2])
        for i in range(120)
    ]
    clock = SetClock(T)
    await runner_for(store, clock).plan(everyone=True)
    go = tmp_path / "go"
    procs = [
        await spawn(db_url, T, "--batch", "5", "--worker", f"proc-{n}", "--go", str(go)) for n in range(2)
    ]
    for proc in procs:  # both started and connected: then both claim at once
        assert proc.stdout is not None
        assert (await proc.stdout.readline()).strip() == b"ready"
    go.touch()
    outputs = [await p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode()[-2000:] for o in outputs]
    sent = await mails(store)
    recipients = [m["To"].addresses[0].addr_spec for _, m in sent]
    assert len(recipients) == len(members) and len(set(recipients)) == len(members)
    rows = [r for r in await runner_for(store, clock).queue.rows() if r.status == SENT]
    assert len(rows) == len(members)
    assert {r.claimed_by for r in rows} == {"proc-0", "proc-1"}  # both worked, neither twice
