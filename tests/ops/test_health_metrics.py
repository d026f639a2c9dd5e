"""GET /healthz and GET /metrics: on the HTTP port, from a real server, against a real database."""

from __future__ import annotations

import shutil
import smtplib
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.conversation import Conversation
from handlers.app import App
from handlers.email.door import DoorOptions, start
from handlers.ops_http import OpsHttp
from handlers.settings import load
from storage.engine import make_engine, make_sessions
from storage.migrate import upgrade
from storage.store import SqlStore
from tests.conftest import PG_URL, _create_schema, _drop_schema
from tests.ops.helpers import Serve, env_for, free_port, run
from tests.ops.tcp_proxy import TcpProxy


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_serve_answers_healthz_and_metrics_counts_a_handled_message(tmp_path: Path) -> None:
    """GIVEN `cmebot serve` without Slack (so it runs the HTTP port itself)
    WHEN a member e-mails and Prometheus scrapes /metrics from this machine
    THEN the message is counted by door and outcome, its latency observed, the queues reported;
    a client behind a proxy is refused; /healthz says all is well."""
    smtp, http = free_port(), free_port()
    env = env_for(tmp_path / "var", CMEBOT_SMTP_PORT=str(smtp), CMEBOT_HTTP_PORT=str(http))
    assert run(env, "member", "add", "--email", "steve@example.org", "--name", "Steve").returncode == 0
    serve = Serve(env, tmp_path / "serve.log")
    try:
        serve.wait_line("/metrics on")
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "steve@example.org", "cme@cme.localhost", "standing"
        mail.set_content("where do I stand")
        with smtplib.SMTP("127.0.0.1", smtp, timeout=30) as client:
            client.send_message(mail)
        serve.wait_line("message door=email")
        status, body = _get(f"http://127.0.0.1:{http}/metrics")
        assert status == 200
        samples = _samples(body)
        assert samples[("cmebot_messages_total", (("door", "email"), ("outcome", "summary")))] == 1
        assert samples[("cmebot_reply_seconds_count", (("door", "email"),))] == 1
        assert ("cmebot_mail_inbox_messages", (("state", "new"),)) in samples
        assert ("cmebot_mail_inbox_oldest_waiting_seconds", ()) in samples
        assert ("cmebot_mail_outbox_messages", ()) in samples
        assert samples[("cmebot_drafts_waiting", ())] == 0
        proxied, _ = _get(f"http://127.0.0.1:{http}/metrics", {"X-Forwarded-For": "203.0.113.9"})
        assert proxied == 403
        health, answer = _get(f"http://127.0.0.1:{http}/healthz")
        assert health == 200 and '"ok": true' in answer
    finally:
        assert serve.stop() == 0


def test_messages_handled_by_the_mail_worker_process_are_counted_in_serves_metrics(tmp_path: Path) -> None:
    """GIVEN serve with CMEBOT_MAIL_WORKER_PROCESS=1 (mail is processed in a child process)
    WHEN a member e-mails THEN serve's /metrics counts that message, and /healthz sees the worker."""
    smtp, http = free_port(), free_port()
    env = env_for(
        tmp_path / "var",
        CMEBOT_SMTP_PORT=str(smtp),
        CMEBOT_HTTP_PORT=str(http),
        CMEBOT_MAIL_WORKER_PROCESS="1",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    assert run(env, "member", "add", "--email", "steve@example.org", "--name", "Steve").returncode == 0
    serve = Serve(env, tmp_path / "serve.log")
    try:
        serve.wait_line("processing in worker process")
        serve.wait_line("/metrics on")
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "steve@example.org", "cme@cme.localhost", "standing"
        mail.set_content("where do I stand")
        with smtplib.SMTP("127.0.0.1", smtp, timeout=30) as client:
            client.send_message(mail)
        serve.wait_line("message door=email")
        status, body = _get(f"http://127.0.0.1:{http}/metrics")
        assert status == 200
        samples = _samples(body)
        assert samples[("cmebot_messages_total", (("door", "email"), ("outcome", "summary")))] == 1
        assert samples[("cmebot_reply_seconds_count", (("door", "email"),))] == 1
        assert samples[("cmebot_drafts_waiting", ())] == 0
        health, _ = _get(f"http://127.0.0.1:{http}/healthz")
        assert health == 200
    finally:
        assert serve.stop() == 0
    assert not list(Path("/tmp").glob(f"cmebot-metrics-*/*_{serve.proc.pid}.db"))  # serve tidied up


def test_metrics_open_to_everyone_with_cmebot_metrics_public(tmp_path: Path) -> None:
    http = free_port()
    env = env_for(
        tmp_path / "var",
        CMEBOT_SMTP_PORT=str(free_port()),
        CMEBOT_HTTP_PORT=str(http),
        CMEBOT_METRICS_PUBLIC="1",
    )
    serve = Serve(env, tmp_path / "serve.log")
    try:
        serve.wait_line("/metrics on")
        status, body = _get(f"http://127.0.0.1:{http}/metrics", {"X-Forwarded-For": "203.0.113.9"})
        assert status == 200 and "cmebot_drafts_waiting" in body
    finally:
        assert serve.stop() == 0


@dataclass
class Running:
    app: App
    ops: OpsHttp
    port: int
    gone: Callable[[], Awaitable[None]]


Step = Callable[[], Awaitable[None]]


async def _engine(kind: str, tmp_path: Path) -> tuple[AsyncEngine, Step, Step]:
    """An engine, a way to make its database disappear, and the clean-up."""
    if kind == "sqlite":
        data = tmp_path / "db"
        engine = make_engine(f"sqlite+aiosqlite:///{data / 'cmebot.sqlite3'}")

        async def gone_sqlite() -> None:  # the disk under the data directory is gone
            await engine.dispose()
            shutil.rmtree(data)

        async def nothing() -> None:
            pass

        return engine, gone_sqlite, nothing
    schema_url = f"{PG_URL}#schema=t_ops_{tmp_path.name[-8:].lower().replace('-', '_')}"
    await _create_schema(schema_url)
    proxy = await TcpProxy(make_url(PG_URL).host or "127.0.0.1", make_url(PG_URL).port or 5432).start()
    url = make_url(PG_URL).set(port=proxy.port).render_as_string(hide_password=False)
    schema = schema_url.split("#schema=")[1]
    engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})

    async def cleanup() -> None:
        await proxy.close()
        await _drop_schema(schema_url)

    return engine, proxy.close, cleanup


@pytest.fixture(params=["sqlite", "postgresql"])
async def running(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Running]:
    engine, gone, cleanup = await _engine(request.param, tmp_path)
    await upgrade(engine)
    settings = load({"CMEBOT_DATA_DIR": str(tmp_path / "var"), "CMEBOT_HTTP_PORT": "0"})
    store = SqlStore(make_sessions(engine))
    app = App(settings, engine, store, Conversation(store))
    ops = OpsHttp(app)
    port = await ops.start()
    door = await start(app, DoorOptions(port=0, poll=0.05))
    ops.mail = door
    yield Running(app, ops, port, gone)
    await door.stop(grace=2)
    await ops.stop()
    store.close()
    await engine.dispose()
    await cleanup()


async def _health(port: int) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/healthz") as resp:
        return resp.status, await resp.json()


async def test_healthz_turns_503_when_the_database_is_gone(running: Running) -> None:
    status, body = await _health(running.port)
    assert (status, body) == (200, {"ok": True, "database": "ok", "mail_worker": "ok"})
    await running.gone()
    status, body = await _health(running.port)
    assert status == 503
    assert body["ok"] is False and body["database"].startswith("not answering")
    assert body["mail_worker"] == "ok"


async def test_healthz_turns_503_when_the_mail_worker_stops(running: Running) -> None:
    assert running.ops.mail is not None
    await running.ops.mail.stop()  # type: ignore[attr-defined]
    status, body = await _health(running.port)
    assert status == 503
    assert body == {"ok": False, "database": "ok", "mail_worker": "not running"}


async def test_with_slack_on_healthz_and_metrics_share_the_slack_server(
    tmp_path: Path, app: App, engine: AsyncEngine
) -> None:
    """GIVEN Slack in HTTP mode (its server owns the HTTP port) WHEN serve's routes are mounted
    THEN /metrics and serve's /healthz answer on that port beside /slack/events."""
    from handlers.slack.door import start as start_slack
    from tests.slack.fake_slack_api import BOT_TOKEN, FakeSlackApi

    fake = await FakeSlackApi().start()
    settings = load(
        {
            "CMEBOT_DATA_DIR": str(tmp_path / "var"),
            "CMEBOT_HTTP_PORT": "0",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": "s3cr3t",
            "SLACK_API_URL": fake.api_url,
        }
    )
    slack_app = App(settings, engine, app.store, app.conversation)
    ops = OpsHttp(slack_app)
    slack_app.http_routes.extend(ops.routes())
    door = await start_slack(slack_app)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{door.port}/metrics") as resp:
                assert resp.status == 200
                assert "cmebot_drafts_waiting 0.0" in await resp.text()
            async with session.get(f"http://127.0.0.1:{door.port}/healthz") as resp:
                assert resp.status == 503  # no mail door in this process
                assert (await resp.json())["mail_worker"] == "not running"
    finally:
        await door.stop()
        await fake.stop()
