"""Real clients from outside: swaks forwarding a certificate; `cmebot serve` killed with -9."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import LOG_LINE, Sink, body_of, free_port, make_mail, send
from tests.email.files import RECENT_CERTIFICATE_TEXT, certificate_pdf

ROOT = Path(__file__).resolve().parents[2]
CMEBOT = Path(sys.executable).parent / "cmebot"


@pytest.mark.skipif(shutil.which("swaks") is None, reason="swaks is not installed")
async def test_swaks_forwards_a_certificate_pdf_and_it_is_kept_with_a_reply(
    store: SqlStore,
    door,
    sink: Sink,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    member = await add_member(store)
    pdf = tmp_path / "Certificate of Attendance.pdf"
    pdf.write_bytes(certificate_pdf(RECENT_CERTIFICATE_TEXT))
    body = tmp_path / "body.txt"
    body.write_text(
        "---------- Forwarded message ---------\n" + "\n".join(RECENT_CERTIFICATE_TEXT) + "\n" + LOG_LINE
    )
    proc = await asyncio.create_subprocess_exec(
        "swaks", "--server", "127.0.0.1", "--port", str(door.port),
        "--from", "steve@example.org", "--to", "cme@cme.localhost",
        "--header", "Subject: Fwd: Your certificate",
        "--body", str(body),
        "--attach-type", "application/octet-stream",  # a lying type: we sniff
        "--attach", str(pdf),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, out.decode()
    assert b"250 2.0.0 Message accepted" in out
    [reply] = await sink.wait(1)
    text = body_of(reply.message)
    assert "Recorded #1" in text or "I haven't recorded this yet" in text
    [document] = await store.documents(member.id)
    assert document.content_type == "application/pdf"
    assert document.filename == "Certificate of Attendance.pdf"


def _serve(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(CMEBOT), "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
        )


def _wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Bounded wait for the child's listening socket (another process: nothing to await)."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "cmebot serve exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"cmebot serve did not listen on {port}")


def _wait_files(folder: Path, count: int, timeout: float = 30) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        if len(files) >= count:
            return files
        time.sleep(0.05)
    raise TimeoutError(f"{count} reply file(s) did not appear in {folder}")


@pytest.mark.parametrize("what", ["text", "certificate"])
async def test_kill_9_after_250_loses_nothing_and_does_nothing_twice(what: str, tmp_path: Path) -> None:
    """GIVEN `cmebot serve` (SQLite, replies as .eml files)
    WHEN it accepts a message and is killed with SIGKILL straight after the 250, then restarted
    THEN the message is recorded exactly once and answered exactly once."""
    port = free_port()
    data = tmp_path / "var"
    env = {
        **os.environ,
        "CMEBOT_DATA_DIR": str(data),
        "CMEBOT_SMTP_PORT": str(port),
        "CMEBOT_HTTP_PORT": str(free_port()),
    }
    env.pop("CMEBOT_RELAY_URL", None)
    env.pop("CMEBOT_DATABASE_URL", None)
    subprocess.run(
        [str(CMEBOT), "member", "add", "--email", "steve@example.org", "--name", "Steve",
         "--cycle-end", "2022"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    log = tmp_path / "serve.log"
    first = _serve(env, log)
    try:
        await asyncio.to_thread(_wait_listening, port, first)
        attachments = (
            [(certificate_pdf(RECENT_CERTIFICATE_TEXT, padding=40_000), "application/pdf", "cert.pdf")]
            if what == "certificate"
            else []
        )
        await send(port, make_mail(LOG_LINE, attachments=attachments))
        first.send_signal(signal.SIGKILL)
    finally:
        first.kill()
        first.wait(10)
    second = _serve(env, log)
    try:
        await asyncio.to_thread(_wait_listening, port, second)
        files = await asyncio.to_thread(_wait_files, data / "outbox", 1)
        # a second reply, if any were coming, would be queued by now: ask the server to finish its work
        await send(port, make_mail("summary"))
        files = await asyncio.to_thread(_wait_files, data / "outbox", 2)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
    assert len(files) == 2, [f.name for f in files]
    with sqlite3.connect(data / "cmebot.sqlite3") as db:
        entries = db.execute("SELECT count(*) FROM activities WHERE deleted_at IS NULL").fetchone()[0]
        states = dict(db.execute("SELECT state, count(*) FROM mail_inbox GROUP BY state").fetchall())
    assert entries == 1, log.read_text()[-3000:]
    assert states == {"done": 2}


async def test_a_separate_mail_worker_process_answers_and_stops_with_serve(tmp_path: Path) -> None:
    """GIVEN `cmebot serve` with CMEBOT_MAIL_WORKER_PROCESS=1 (processing in `cmebot mail-worker`)
    WHEN a member's message arrives over SMTP
    THEN the worker process records it and writes the reply; a worker that dies is replaced;
    and SIGTERM to serve stops both."""
    port = free_port()
    data = tmp_path / "var"
    env = {
        **os.environ,
        "CMEBOT_DATA_DIR": str(data),
        "CMEBOT_SMTP_PORT": str(port),
        "CMEBOT_HTTP_PORT": str(free_port()),  # serve's /healthz: never the default, maybe taken
        "CMEBOT_MAIL_WORKER_PROCESS": "1",
    }
    env.pop("CMEBOT_RELAY_URL", None)
    env.pop("CMEBOT_DATABASE_URL", None)
    subprocess.run(
        [str(CMEBOT), "member", "add", "--email", "steve@example.org", "--name", "Steve"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    log = tmp_path / "serve.log"
    server = _serve(env, log)
    try:
        await asyncio.to_thread(_wait_listening, port, server)
        await send(port, make_mail(LOG_LINE))
        [reply] = await asyncio.to_thread(_wait_files, data / "outbox", 1)
        subprocess.run(["pkill", "-KILL", "-f", "mail-worker"], check=True)
        await send(port, make_mail("summary"))
        files = await asyncio.to_thread(_wait_files, data / "outbox", 2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    assert "Recorded #1" in reply.read_text()
    assert len(files) == 2
    assert "starting another" in log.read_text()
    leftover = subprocess.run(["pgrep", "-f", "mail-worker"], capture_output=True, text=True).stdout.split()
    assert leftover == [], "the mail worker outlived cmebot serve"


async def test_a_mail_worker_process_stops_when_serve_is_killed_with_9(tmp_path: Path) -> None:
    """GIVEN `cmebot serve` with its mail-worker process (nicer than serve: the 250s come first)
    WHEN serve is killed with SIGKILL (no chance to stop its child)
    THEN the worker notices its parent is gone and exits instead of lingering as an orphan."""
    port = free_port()
    env = {
        **os.environ,
        "CMEBOT_DATA_DIR": str(tmp_path / "var"),
        "CMEBOT_SMTP_PORT": str(port),
        "CMEBOT_HTTP_PORT": str(free_port()),  # serve's /healthz: never the default, maybe taken
        "CMEBOT_MAIL_WORKER_PROCESS": "1",
    }
    env.pop("CMEBOT_DATABASE_URL", None)
    server = _serve(env, tmp_path / "serve.log")
    try:
        await asyncio.to_thread(_wait_listening, port, server)
        worker = ""
        deadline = time.monotonic() + 30
        while not worker and time.monotonic() < deadline:
            found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
            worker = found.stdout.strip()
            await asyncio.sleep(0.05)
        assert worker, "serve started no mail-worker"
        nicer = False  # once it has started up
        while not nicer and time.monotonic() < deadline:
            nicer = os.getpriority(os.PRIO_PROCESS, int(worker)) > os.getpriority(os.PRIO_PROCESS, server.pid)
            await asyncio.sleep(0.05)
        assert nicer, "the mail worker competes with serve's SMTP door at the same priority"
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        gone = False
        deadline = time.monotonic() + 15
        while not gone and time.monotonic() < deadline:
            gone = not Path(f"/proc/{worker}").exists() or "Z" in _state(worker)
            await asyncio.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()
    assert gone, "the mail worker outlived a killed cmebot serve"


def _state(pid: str) -> str:
    """The process state letter from /proc (Z: exited, waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"
