"""Losing nothing: storage down, relay down, crashes mid-way, several processes, hostile mail."""

from __future__ import annotations

import asyncio
import smtplib
from datetime import date, timedelta
from typing import Any

import pytest

from bot.conversation import Conversation
from bot.envelope import Inbound, Reply
from handlers.app import App
from handlers.email import wording
from handlers.email.door import start
from handlers.email.smtp_handler import TEMPORARY, accept_message
from storage.engine import make_engine, make_sessions
from storage.mail_store import MailStore
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import (
    LOG_LINE,
    Sink,
    body_of,
    fast,
    free_port,
    make_mail,
    raw,
    send,
    smtp_session,
    with_settings,
)
from tests.email.files import encrypted_pdf, png_claiming


async def test_storage_trouble_answers_451_so_the_sender_retries(
    app: App, store: SqlStore, door, sink: Sink
) -> None:  # type: ignore[no-untyped-def]
    await add_member(store)
    async with app.engine.begin() as conn:
        await conn.exec_driver_sql("DROP TABLE mail_inbox")
    with pytest.raises(smtplib.SMTPDataError) as refused:
        await send(door.port, make_mail("summary"))
    assert refused.value.smtp_code == 451
    assert b"4.3.0" in refused.value.smtp_error


async def test_an_unreachable_database_answers_451() -> None:
    engine = make_engine("postgresql+asyncpg://postgres@127.0.0.1:1/test", pool_pre_ping=False)
    try:
        status = await accept_message(
            MailStore(make_sessions(engine), "postgresql"),
            "a@example.org",
            ["cme@cme.localhost"],
            raw(make_mail()),
        )
    finally:
        await engine.dispose()
    assert status == TEMPORARY
    assert status.startswith("451 4.3.0")


async def test_replies_wait_while_the_relay_is_down_and_go_once_it_is_back(app: App, store: SqlStore) -> None:
    await add_member(store)
    port = free_port()  # nothing listens here yet
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{port}"))
    sink = Sink()
    try:
        await send(door.port, make_mail("summary"))
        await door.progress.wait_for(lambda c: c["send_retry"] >= 2)
        assert await door.mail.outbox_count("pending") == 1
        await sink.start(port)
        [reply] = await sink.wait(1)
        await door.progress.wait_for(lambda c: c["sent"] >= 1)
        assert reply.rcpt_tos == ["steve@example.org"]
        assert await door.mail.outbox_count("sent") == 1
    finally:
        await door.stop()
        await sink.stop()


async def test_oversize_mail_is_refused_with_552(app: App, store: SqlStore) -> None:
    door = await start(app.__class__(*_with_limit(app, 20_000)), fast())
    big = make_mail("x" * 30_000)
    try:
        with pytest.raises(smtplib.SMTPSenderRefused) as at_mail:  # SIZE declared at MAIL FROM
            await send(door.port, big)
        assert at_mail.value.smtp_code == 552

        def undeclared(client: smtplib.SMTP) -> tuple[int, bytes]:
            client.ehlo()
            client.mail("steve@example.org")  # no SIZE: refused at the end of DATA
            client.rcpt("cme@cme.localhost")
            return client.data(raw(big))

        code, _ = await smtp_session(door.port, undeclared)
        assert code == 552
        assert await door.mail.inbox_states() == {}
    finally:
        await door.stop()


def _with_limit(app: App, limit: int) -> tuple[Any, ...]:
    from dataclasses import replace

    return (replace(app.settings, max_message_bytes=limit), app.engine, app.store, app.conversation)


async def test_lmtp_mode_answers_once_per_recipient(app: App, store: SqlStore, sink: Sink) -> None:
    member = await add_member(store)
    app = with_settings(app, trusted_authserv_id="mx.cme.localhost")
    door = await start(app, fast(lmtp=True, relay_url=f"smtp://127.0.0.1:{sink.port}"))
    passed = "mx.cme.localhost; dkim=pass header.d=example.org"
    try:
        to = ["cme@cme.localhost", f"cme+{member.mail_token}@cme.localhost"]

        def deliver() -> list[tuple[int, bytes]]:
            # smtplib's LMTP reads one reply after DATA; RFC 2033 §4.2 sends one per recipient.
            with smtplib.LMTP("127.0.0.1", door.port, timeout=10) as client:
                client.ehlo_or_helo_if_needed()
                client.mail("steve@example.org")
                for rcpt in to:
                    client.rcpt(rcpt)
                msg = make_mail("summary", headers={"Authentication-Results": passed})
                return [client.data(raw(msg)), client.getreply()]

        replies = await asyncio.to_thread(deliver)
        assert [code for code, _ in replies] == [250, 250]
        await sink.wait(1)
        await door.progress.wait_for(lambda c: c["answered"] >= 1)
        assert await door.mail.inbox_states() == {"done": 1}
    finally:
        await door.stop()


class CrashAfterRecording(Conversation):
    """The core records, then the process 'dies' before the inbox row is finished."""

    def __init__(self, inner: Conversation) -> None:
        super().__init__(inner.store)
        self.inner = inner
        self.recorded = asyncio.Event()

    async def handle(self, inbound: Inbound) -> Reply:
        await self.inner.handle(inbound)
        self.recorded.set()
        await asyncio.Event().wait()  # hangs until the door is stopped (cancelled)
        raise AssertionError("unreachable")


async def test_a_crash_after_recording_gives_exactly_one_entry_and_one_reply_after_restart(
    app: App, store: SqlStore, sink: Sink
) -> None:
    """GIVEN a message whose entry was committed when the process died
    WHEN the door starts again
    THEN the message is finished without a second entry, and one reply says where the member stands."""
    member = await add_member(store)
    crashing = CrashAfterRecording(app.conversation)
    relay = f"smtp://127.0.0.1:{sink.port}"
    first = await start(App(app.settings, app.engine, app.store, crashing), fast(relay_url=relay))
    await send(first.port, make_mail(LOG_LINE))
    await asyncio.wait_for(crashing.recorded.wait(), 10)
    await first.stop(grace=0.2)
    assert len(await store.entries(member.id)) == 1
    assert sink.messages == []

    second = await start(app, fast(relay_url=relay))
    try:
        [reply] = await sink.wait(1)
        await second.progress.wait_for(lambda c: c["answered"] >= 1)
        assert wording.ALREADY_HANDLED in body_of(reply.message)
        assert len(await store.entries(member.id)) == 1
        assert await second.mail.inbox_states() == {"done": 1}
        assert await second.mail.outbox_count() == 1
    finally:
        await second.stop()


async def test_several_doors_on_one_postgresql_share_the_work_without_doing_it_twice(
    app: App, store: SqlStore, sink: Sink, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("sharing one database between processes needs PostgreSQL (SKIP LOCKED)")
    member = await add_member(store)
    relay = f"smtp://127.0.0.1:{sink.port}"
    doors = [await start(app, fast(relay_url=relay, workers=3)) for _ in range(3)]
    try:
        n = 24
        for i in range(n):
            day = date.today() - timedelta(days=i + 2)
            text = (
                f'log 1 cat 1 "Grand Rounds {i}" provider: Lakeshore University Hospital '
                f"{day.month}/{day.day}/{day.year}, 1 plastics"
            )
            await send(doors[i % 3].port, make_mail(text))
        await sink.wait(n, timeout=60)
        assert len(await store.entries(member.id)) == n
        assert await doors[0].mail.outbox_count() == n
        assert sum(d.progress.counts["answered"] for d in doors) == n
    finally:
        for d in doors:
            await d.stop()


async def test_hostile_attachments_get_a_clear_reply_and_the_server_keeps_serving(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    member = await add_member(store)
    attachments = [
        (encrypted_pdf(), "application/pdf", "locked.pdf"),
        (b"%PDF-1.7\n1 0 obj garbage", "application/pdf", "../../etc/passwd.pdf"),
        (png_claiming(30000, 30000), "image/jpeg", "bomb.jpg"),
    ]
    await send(door.port, make_mail("", subject="Fwd: certificates", attachments=attachments))
    [reply] = await sink.wait(1)
    text = body_of(reply.message)
    assert "locked.pdf is password-protected" in text
    assert "passwd.pdf is not a readable PDF" in text
    assert "bomb.png is too large to read" in text  # named by what it is, not what it claimed
    assert await store.entries(member.id) == []
    broken = (
        b'From: Steve <steve@example.org>\r\nContent-Type: multipart/mixed; boundary="x\r\n\r\n--x\r\nsummary'
    )
    await send(door.port, broken)
    await send(door.port, make_mail("summary"))
    await sink.wait(3)


async def test_an_overlong_pdf_gets_the_cores_one_sentence_as_it_would_in_slack(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """Issue 13: the e-mail door vets attachments with the core's one check (tests/slack/test_files.py)."""
    from bot.understanding import admit
    from tests.limits_files import long_pdf

    member = await add_member(store)
    attachments = [(long_pdf(41), "application/pdf", "proceedings.pdf")]
    await send(door.port, make_mail("", subject="Fwd: certificate", attachments=attachments))
    [reply] = await sink.wait(1)
    assert admit.too_many_pages("proceedings.pdf", 41) in body_of(reply.message)
    assert await store.entries(member.id) == []
