"""E-mail test kit: a loopback sink SMTP server for replies, the door on port 0, a client.

Everything runs on the test's event loop; the blocking `smtplib` client runs
in a thread so the server can answer it.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import smtplib
import socket
import subprocess
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP

from handlers.app import App
from handlers.email.door import DoorOptions, EmailDoor, start

DOMAIN = "cme.localhost"
BOT = f"cme@{DOMAIN}"
# Mail is handled at the real time it arrives, and an activity older than the previous cycle is
# asked about before it is recorded: test activities are dated a few days back.
RECENT = date.today() - timedelta(days=3)
LOG_LINE = (
    'log 1.5 cat 1 "Flap Salvage" provider: Lakeshore University Hospital '
    f"{RECENT.month}/{RECENT.day}/{RECENT.year}"
)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Sink:
    """A loopback SMTP server standing in for the relay; it keeps every message it gets."""

    messages: list[Received] = field(default_factory=list)
    server: asyncio.Server | None = None
    port: int = 0
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        async with self._changed:
            self._changed.notify_all()
        return "250 2.0.0 OK"

    async def wait(self, count: int, timeout: float = 15.0) -> list[Received]:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.messages) >= count)
        return self.messages

    async def start(self, port: int = 0) -> None:
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(
            lambda: SMTP(self, hostname="sink.localhost", loop=loop), host="127.0.0.1", port=port
        )
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@pytest.fixture
async def sink() -> AsyncIterator[Sink]:
    s = Sink()
    await s.start()
    yield s
    await s.stop()


@pytest.fixture(scope="module")
def keypair() -> tuple[bytes, Callable[..., bytes]]:
    """An RSA key made with openssl, and a fake DNS that publishes it (RFC 6376 §3.6.2)."""
    private = subprocess.run(
        ["openssl", "genrsa", "-traditional", "1024"], check=True, capture_output=True
    ).stdout
    public_der = subprocess.run(
        ["openssl", "rsa", "-pubout", "-outform", "DER"], input=private, check=True, capture_output=True
    ).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public_der)

    def dnsfunc(name: bytes, timeout: int = 5) -> bytes:
        return record if name == b"sel._domainkey.example.org." else b""

    return private, dnsfunc


def fast(**kw: Any) -> DoorOptions:
    """Door options for tests: any free port, quick polls and retries."""
    base: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": 0,
        "poll": 0.2,
        "workers": 2,
        "inbox_backoff_base": 0.05,
        "outbox_backoff_base": 0.05,
        "outbox_backoff_max": 0.2,
    }
    base.update(kw)
    return DoorOptions(**base)


def with_settings(app: App, **changes: Any) -> App:
    return App(replace(app.settings, **changes), app.engine, app.store, app.conversation)


@pytest.fixture
async def door(app: App, sink: Sink) -> AsyncIterator[EmailDoor]:
    d = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    yield d
    await d.stop()


def make_mail(
    body: str = "summary",
    *,
    sender: str = "steve@example.org",
    name: str = "Steve Sample",
    subject: str = "CME",
    to: str = BOT,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[bytes, str, str]] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="example.org")
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    for data, ctype, filename in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def raw(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=email.policy.SMTP)


async def send(
    port: int,
    msg: EmailMessage | bytes,
    *,
    mail_from: str = "steve@example.org",
    to: Sequence[str] = (BOT,),
    lmtp: bool = False,
) -> dict[str, tuple[int, bytes]]:
    """Send one message with smtplib (in a thread); raises smtplib's errors on refusal."""
    data = msg if isinstance(msg, bytes) else raw(msg)

    def go() -> dict[str, tuple[int, bytes]]:
        client: smtplib.SMTP = (
            smtplib.LMTP("127.0.0.1", port, timeout=10)
            if lmtp
            else smtplib.SMTP("127.0.0.1", port, timeout=10)
        )
        with client:
            return client.sendmail(mail_from, list(to), data)

    return await asyncio.to_thread(go)


async def smtp_session(port: int, fn: Callable[[smtplib.SMTP], Any]) -> Any:
    def go() -> Any:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            return fn(client)

    return await asyncio.to_thread(go)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body_of(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content
