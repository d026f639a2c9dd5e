"""`cmebot doctor`: each check says ✓ or ✗ and what to do; any ✗ makes it exit 1."""

from __future__ import annotations

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller

from handlers.slack.door import SCOPES
from storage.engine import make_engine
from storage.migrate import heads, upgrade
from tests.ops.helpers import CMEBOT, ROOT, Serve, env_for, free_port, run
from tests.slack.fake_slack_api import BOT_TOKEN, FakeSlackApi

HAVE_TOOLS = all(shutil.which(tool) for tool in ("tesseract", "pdftoppm"))
[HEAD] = heads()  # this release's schema, whatever migration is newest


def doctor(env: dict[str, str]) -> tuple[int, list[str]]:
    done = run(env, "doctor")
    assert done.stderr == "", done.stderr
    return done.returncode, done.stdout.splitlines()


def failed(lines: list[str], words: str) -> str:
    [line] = [x for x in lines if x.startswith("✗") and words in x]
    return line


def advice(lines: list[str], line: str) -> str:
    """The '→ what to do' line under a ✗."""
    follows = lines[lines.index(line) + 1]
    assert follows.strip().startswith("→")
    return follows


@pytest.fixture
def ready(tmp_path: Path) -> dict[str, str]:
    """A data directory with a current database and free SMTP and HTTP ports."""
    env = env_for(tmp_path / "var", CMEBOT_SMTP_PORT=str(free_port()), CMEBOT_HTTP_PORT=str(free_port()))
    assert run(env, "db", "upgrade").returncode == 0
    return env


@pytest.mark.skipif(not HAVE_TOOLS, reason="Tesseract and Poppler are not installed")
def test_a_ready_machine_gets_only_ticks_and_exit_0(ready: dict[str, str]) -> None:
    code, lines = doctor(ready)
    assert code == 0, "\n".join(lines)
    checks = [x for x in lines if x[:1] in "✓✗"]
    assert all(x.startswith("✓") for x in checks)
    assert any(x.startswith("✓ Tesseract ") for x in checks)
    assert any(x.startswith("✓ Poppler ") for x in checks)
    assert f"✓ Database schema is current ({HEAD})" in checks
    assert lines[-1] == "All good."


def test_missing_tesseract_and_poppler_are_crosses_that_name_the_package(
    ready: dict[str, str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    code, lines = doctor({**ready, "PATH": str(empty)})
    assert code == 1
    assert "tesseract-ocr" in advice(lines, failed(lines, "Tesseract is not installed"))
    assert "poppler-utils" in advice(lines, failed(lines, "pdftoppm is not installed"))
    assert lines[-1] == "2 problems found."


def test_an_unreadable_font_is_a_cross(ready: dict[str, str], tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        (fonts / name).write_bytes(b"\x00\x01\x00\x00truncated")
    code, lines = doctor({**ready, "CMEBOT_FONT_DIR": str(fonts)})
    assert code == 1
    assert "fonts-dejavu-core" in advice(lines, failed(lines, "Fonts: DejaVu Sans not found or unreadable"))


def test_a_database_not_yet_created_is_a_cross(tmp_path: Path) -> None:
    code, lines = doctor(env_for(tmp_path / "var", CMEBOT_SMTP_PORT=str(free_port())))
    assert code == 1
    assert "cmebot db upgrade" in advice(lines, failed(lines, "does not exist yet"))
    assert not (tmp_path / "var" / "cmebot.sqlite3").exists()  # doctor changes nothing


def test_an_unreachable_database_is_a_cross(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test"
    env = env_for(tmp_path / "var", CMEBOT_SMTP_PORT=str(free_port()), CMEBOT_DATABASE_URL=url)
    code, lines = doctor(env)
    assert code == 1
    assert "CMEBOT_DATABASE_URL" in advice(lines, failed(lines, "does not answer"))


async def test_a_schema_behind_this_release_is_a_cross(tmp_path: Path) -> None:
    data = tmp_path / "var"
    engine = make_engine(f"sqlite+aiosqlite:///{data / 'cmebot.sqlite3'}")
    await upgrade(engine, "0002")
    await engine.dispose()
    done = await asyncio.to_thread(doctor, env_for(data, CMEBOT_SMTP_PORT=str(free_port())))
    code, lines = done
    assert code == 1
    line = failed(lines, f"Database schema is at 0002, this release needs {HEAD}")
    assert "cmebot db upgrade" in advice(lines, line)


def test_an_smtp_port_taken_by_another_program_is_a_cross(ready: dict[str, str]) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        code, lines = doctor({**ready, "CMEBOT_SMTP_PORT": str(port)})
    assert code == 1
    assert "CMEBOT_SMTP_PORT" in advice(
        lines, failed(lines, f"SMTP port 127.0.0.1:{port} is taken by another")
    )


def test_an_http_port_taken_by_another_program_is_a_cross(ready: dict[str, str]) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        code, lines = doctor({**ready, "CMEBOT_HTTP_PORT": str(port)})
    assert code == 1
    line = failed(lines, f"HTTP port 127.0.0.1:{port} is taken by another program")
    assert "CMEBOT_HTTP_PORT" in advice(lines, line)


def test_ports_held_by_a_running_serve_are_fine(ready: dict[str, str], tmp_path: Path) -> None:
    serve = Serve(ready, tmp_path / "serve.log")
    try:
        serve.wait_line("cmebot is running")
        _, lines = doctor(ready)
    finally:
        serve.stop()
    assert f"✓ SMTP port 127.0.0.1:{ready['CMEBOT_SMTP_PORT']} is served by a running cmebot" in lines
    assert f"✓ HTTP port 127.0.0.1:{ready['CMEBOT_HTTP_PORT']} is served by a running cmebot" in lines
    assert not [x for x in lines if x.startswith(("✗ SMTP", "✗ HTTP"))]


class _Sink:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


def test_the_relay_is_checked_when_set(ready: dict[str, str]) -> None:
    code, lines = doctor({**ready, "CMEBOT_RELAY_URL": f"smtp://127.0.0.1:{free_port()}"})
    assert code == 1
    assert "CMEBOT_RELAY_URL" in advice(lines, failed(lines, "refused or unreachable"))
    relay = Controller(_Sink(), hostname="127.0.0.1", port=free_port())
    relay.start()
    try:
        _, lines = doctor({**ready, "CMEBOT_RELAY_URL": f"smtp://127.0.0.1:{relay.port}"})
    finally:
        relay.stop()
    assert f"✓ Relay 127.0.0.1:{relay.port} answers" in lines


class ScopedSlack(FakeSlackApi):
    """The loopback Slack, saying in `x-oauth-scopes` which scopes the token has (as Slack does)."""

    scopes: tuple[str, ...] = SCOPES

    async def _api(self, request: web.Request) -> web.Response:
        response = await super()._api(request)
        response.headers["x-oauth-scopes"] = ",".join(self.scopes)
        return response


@pytest.fixture
async def scoped_slack() -> AsyncIterator[ScopedSlack]:
    fake = ScopedSlack()
    await fake.start()
    yield fake
    await fake.stop()


async def _doctor_async(env: dict[str, str]) -> tuple[int, list[str]]:
    """doctor as a process while this loop keeps serving the loopback Slack."""
    proc = await asyncio.create_subprocess_exec(
        str(CMEBOT),
        "doctor",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert err == b"", err.decode()
    assert proc.returncode is not None
    return proc.returncode, out.decode().splitlines()


def _slack_env(ready: dict[str, str], fake: FakeSlackApi, token: str) -> dict[str, str]:
    return {
        **ready,
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": "s3cr3t",
        "SLACK_API_URL": fake.api_url,
    }


async def test_a_refused_slack_token_is_a_cross(ready: dict[str, str], scoped_slack: ScopedSlack) -> None:
    code, lines = await _doctor_async(_slack_env(ready, scoped_slack, "xoxb-wrong"))
    assert code == 1
    assert "xoxb" in advice(lines, failed(lines, "Slack refused SLACK_BOT_TOKEN (invalid_auth)"))


async def test_missing_slack_scopes_are_a_cross_naming_them(
    ready: dict[str, str], scoped_slack: ScopedSlack
) -> None:
    scoped_slack.scopes = tuple(s for s in SCOPES if s not in ("files:read", "users:read.email"))
    code, lines = await _doctor_async(_slack_env(ready, scoped_slack, BOT_TOKEN))
    assert code == 1
    assert "✓ Slack bot token works (team CME Test, bot cmebot)" in lines
    failed(lines, "Slack token lacks scopes manifest.yml asks for: files:read, users:read.email")


async def test_a_good_slack_token_with_every_scope_is_a_tick(
    ready: dict[str, str], scoped_slack: ScopedSlack
) -> None:
    _, lines = await _doctor_async(_slack_env(ready, scoped_slack, BOT_TOKEN))
    assert "✓ Slack token has every scope manifest.yml asks for" in lines
    assert [scoped_slack.of("auth.test")[0].headers["authorization"]] == [f"Bearer {BOT_TOKEN}"]


def test_too_little_free_disk_is_a_cross(ready: dict[str, str]) -> None:
    code, lines = doctor({**ready, "CMEBOT_MIN_FREE_DISK_MB": str(10**12)})
    assert code == 1
    assert "CMEBOT_DATA_DIR" in advice(lines, failed(lines, "Disk: only"))
