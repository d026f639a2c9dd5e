"""`cmebot doctor`: is this machine ready to run cmebot? One line per check, ✓ or ✗ and what to do.

Checks what the first member's first certificate would otherwise find out:
the OCR and PDF tools, the report's fonts, the database and its schema, the
SMTP port, the relay, the Slack token and its scopes, and disk space. It
changes nothing (no migration, no listening socket kept), so it is safe
beside a running `serve`. Exits 1 when any check fails.
"""

from __future__ import annotations

import asyncio
import errno
import json
import shutil
import smtplib
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import aiohttp

from handlers.settings import Settings

TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.what}"
        return f"✗ {self.what}" + (f"\n    → {self.fix}" if self.fix else "")


def _run(*cmd: str) -> str | None:
    """A tool's output (stdout, else stderr: poppler prints its version there), or None when absent."""
    exe = shutil.which(cmd[0])
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (done.stdout or done.stderr).strip()


def tesseract() -> Check:
    version = _run("tesseract", "--version")
    if version is None:
        return Check(
            False,
            "Tesseract is not installed",
            "apt-get install tesseract-ocr (reads photos of certificates)",
        )
    first = version.splitlines()[0] if version else "tesseract"
    langs = set((_run("tesseract", "--list-langs") or "").split())
    missing = {"eng", "osd"} - langs
    if missing:
        return Check(
            False,
            f"{first}, but without the {', '.join(sorted(missing))} language data",
            "apt-get install tesseract-ocr-eng tesseract-ocr-osd",
        )
    return Check(True, f"{first.replace('tesseract', 'Tesseract', 1)} (eng, osd)")


def poppler() -> Check:
    version = _run("pdftoppm", "-v")
    if version is None:
        return Check(
            False, "Poppler's pdftoppm is not installed", "apt-get install poppler-utils (reads scanned PDFs)"
        )
    return Check(True, f"Poppler {version.splitlines()[0].removeprefix('pdftoppm version ')}")


def fonts() -> Check:
    from bot.reports.fonts import report_fonts

    if report_fonts().unicode:
        return Check(True, "Fonts: DejaVu Sans for the PDF report")
    return Check(
        False,
        "Fonts: DejaVu Sans not found or unreadable; reports fall back to Helvetica (no ™, — or accents)",
        "apt-get install fonts-dejavu-core, or point CMEBOT_FONT_DIR at a folder with DejaVuSans.ttf "
        "and DejaVuSans-Bold.ttf",
    )


async def database(settings: Settings) -> list[Check]:
    from sqlalchemy.engine import make_url

    from storage.engine import make_engine
    from storage.migrate import current, heads

    where = make_url(settings.database_url).render_as_string(hide_password=True)
    if settings.database_url.startswith("sqlite") and not _sqlite_exists(settings.database_url):
        return [
            Check(
                False,
                f"Database {where} does not exist yet",
                "run `cmebot db upgrade` (or start `cmebot serve`) to create it",
            )
        ]
    engine = make_engine(settings.database_url)
    try:
        async with asyncio.timeout(TIMEOUT), engine.connect() as conn:
            have = await conn.run_sync(current)
    except Exception as exc:
        return [Check(False, f"Database {where} does not answer: {_why(exc)}", "check CMEBOT_DATABASE_URL")]
    finally:
        await engine.dispose()
    want = heads()
    reached = Check(True, f"Database {where} answers")
    if have == want:
        return [reached, Check(True, f"Database schema is current ({', '.join(sorted(want))})")]
    return [
        reached,
        Check(
            False,
            f"Database schema is at {', '.join(sorted(have)) or 'nothing'}, this release needs "
            f"{', '.join(sorted(want))}",
            "run `cmebot db upgrade` (serve also upgrades on start)",
        ),
    ]


def _sqlite_exists(url: str) -> bool:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    return not name or name == ":memory:" or Path(name).exists()


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _port(what: str, host: str, port: int, variable: str, ours: Callable[[], bool]) -> Check:
    """Free to bind, or held by a running cmebot (`ours` asks it), or a ✗ naming the problem."""
    where = f"{host}:{port}"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return Check(True, f"{what} port {where} is free for `cmebot serve`")
        except OSError as exc:
            if exc.errno == errno.EACCES:
                return Check(
                    False,
                    f"{what} port {where} needs privileges",
                    f"use a port above 1023 ({variable}) or grant CAP_NET_BIND_SERVICE "
                    "(commented lines in deploy/systemd/cmebot.service)",
                )
            if exc.errno != errno.EADDRINUSE:
                why = exc.strerror or str(exc)
                return Check(False, f"{what} port {where} cannot be used: {why}", f"check {variable}")
    if ours():
        return Check(True, f"{what} port {where} is served by a running cmebot")
    return Check(
        False, f"{what} port {where} is taken by another program", f"stop it, or choose another {variable}"
    )


def smtp_port(settings: Settings) -> Check:
    def ours() -> bool:
        return "cmebot" in _banner(settings.smtp_host, settings.smtp_port)

    return _port("SMTP", settings.smtp_host, settings.smtp_port, "CMEBOT_SMTP_PORT", ours)


def http_port(settings: Settings) -> Check:
    """serve always listens here (/healthz, /metrics, and Slack's events when Slack is on)."""

    def ours() -> bool:
        host = f"[{settings.http_host}]" if ":" in settings.http_host else settings.http_host
        try:
            with urllib.request.urlopen(f"http://{host}:{settings.http_port}/healthz", timeout=3) as resp:
                body = json.loads(resp.read())
        except urllib.error.HTTPError as exc:  # 503 is still our answer
            with exc:
                body = json.loads(exc.read() or b"{}")
        except (OSError, ValueError):
            return False
        return isinstance(body, dict) and "ok" in body

    return _port("HTTP", settings.http_host, settings.http_port, "CMEBOT_HTTP_PORT", ours)


def _banner(host: str, port: int) -> str:
    try:
        with socket.create_connection((host, port), timeout=3) as conn:
            return conn.recv(200).decode("ascii", "replace").strip()
    except OSError:
        return ""


def relay(settings: Settings) -> Check | None:
    from handlers.email.outbox import _connect, parse_relay

    target = parse_relay(settings.relay_url)
    if target is None:
        return None
    where = f"{target.host}:{target.port}"
    try:
        client = _connect(target, TIMEOUT)
    except Exception as exc:  # refused, unreachable, TLS or login trouble: all the same to an admin
        return Check(False, f"Relay {where} refused or unreachable: {_why(exc)}", "check CMEBOT_RELAY_URL")
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
    login = " (logged in)" if target.username else ""
    return Check(True, f"Relay {where} answers{login}")


async def slack(settings: Settings) -> list[Check]:
    if settings.slack_bot_token is None:
        if settings.slack_client_id:
            return [
                Check(True, "Slack: many workspaces; each installation's token is checked when it is used")
            ]
        return []
    # SCOPES mirrors manifest.yml (tests/slack/test_manifest.py holds them equal).
    from handlers.slack.door import SCOPES, api_base_url

    url = api_base_url(settings) + "auth.test"
    headers = {"Authorization": f"Bearer {settings.slack_bot_token.value}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session,
            session.post(url, headers=headers) as resp,
        ):
            body = await resp.json(content_type=None)
            granted = {s.strip() for s in resp.headers.get("x-oauth-scopes", "").split(",") if s.strip()}
    except Exception as exc:
        return [
            Check(False, f"Slack API at {url} unreachable: {_why(exc)}", "check the network or SLACK_API_URL")
        ]
    if not body.get("ok"):
        return [
            Check(
                False,
                f"Slack refused SLACK_BOT_TOKEN ({body.get('error', 'no reason given')})",
                "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page",
            )
        ]
    token = Check(True, f"Slack bot token works (team {body.get('team', '?')}, bot {body.get('user', '?')})")
    missing = set(SCOPES) - granted
    if not missing:
        return [token, Check(True, "Slack token has every scope manifest.yml asks for")]
    return [
        token,
        Check(
            False,
            f"Slack token lacks scopes manifest.yml asks for: {', '.join(sorted(missing))}",
            "add them under OAuth & Permissions (or update the app from manifest.yml) and reinstall the app",
        ),
    ]


def disk(settings: Settings) -> Check:
    folder = settings.data_dir
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free // (1024 * 1024)
    need = settings.min_free_disk_mb
    if free_mb >= need:
        return Check(True, f"Disk: {free_mb:,} MB free under {folder}")
    return Check(
        False,
        f"Disk: only {free_mb:,} MB free under {folder} (CMEBOT_MIN_FREE_DISK_MB is {need:,})",
        "free some space or move CMEBOT_DATA_DIR: certificates and the database grow there",
    )


async def run_checks(settings: Settings) -> list[Check]:
    checks: list[Check] = []
    blocking: list[Callable[[], Check | None]] = [tesseract, poppler, fonts]
    for check in blocking:
        found = await asyncio.to_thread(check)
        if found is not None:
            checks.append(found)
    checks += await database(settings)
    checks.append(await asyncio.to_thread(smtp_port, settings))
    checks.append(await asyncio.to_thread(http_port, settings))
    relayed = await asyncio.to_thread(relay, settings)
    if relayed is not None:
        checks.append(relayed)
    checks += await slack(settings)
    checks.append(disk(settings))
    return checks


async def doctor(settings: Settings, out: TextIO) -> int:
    checks = await run_checks(settings)
    for check in checks:
        print(check.line(), file=out)
    failed = sum(not c.ok for c in checks)
    print(f"{failed} problem{'s' if failed != 1 else ''} found." if failed else "All good.", file=out)
    return 1 if failed else 0
