"""The smaller things a hostile or unusual message showed (issue 11, item 22)."""

from __future__ import annotations

import asyncio
import smtplib

from handlers.email.parsing import MAX_ATTACHMENTS, parse
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import BOT, Sink, make_mail, raw
from tests.email.files import png


async def test_raw_utf8_headers_sent_with_smtputf8_come_back_readable(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN a member whose mail client sends raw UTF-8 headers (RFC 6532; we advertise SMTPUTF8)
    WHEN they ask for a summary
    THEN the reply's subject and To name read as they wrote them, not as mojibake."""
    await add_member(store, email="juergen@example.org", name="Jürgen Groß")
    message = (
        "From: Dr. Jürgen Groß <juergen@example.org>\r\n"
        f"To: {BOT}\r\n"
        "Subject: Übersicht für Dr. Groß\r\n"
        "Message-ID: <utf8-1@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "summary\r\n"
    ).encode()

    def go() -> None:
        with smtplib.SMTP("127.0.0.1", door.port, timeout=10) as client:
            client.ehlo()
            assert client.has_extn("smtputf8")
            client.sendmail("juergen@example.org", [BOT], message, mail_options=["SMTPUTF8", "BODY=8BITMIME"])

    await asyncio.to_thread(go)
    [reply] = await sink.wait(1)
    assert reply.message["Subject"] == "Re: Übersicht für Dr. Groß"
    assert reply.message["To"].addresses[0].display_name == "Dr. Jürgen Groß"


def test_too_many_attachments_are_mentioned_once() -> None:
    files = [(png(10 + i, 10), "image/png", f"p{i}.png") for i in range(MAX_ATTACHMENTS + 30)]
    parsed = parse(raw(make_mail("see attached", attachments=files)))
    assert len(parsed.attachments) == MAX_ATTACHMENTS
    assert parsed.problems == [f"I read the first {MAX_ATTACHMENTS} attachments only."]


def test_forwards_inside_forwards_are_read_only_so_deep() -> None:
    """GIVEN a certificate forwarded inside a forward, six deep
    WHEN it is read
    THEN the first MAX_DEPTH levels are read, the deeper ones not, and the reply says so."""
    from handlers.email.parsing import MAX_DEPTH

    inner = make_mail("level 6 text", subject="level 6")
    for level in range(5, -1, -1):
        outer = make_mail(f"level {level} text", subject=f"level {level}")
        outer.add_attachment(inner)
        inner = outer
    parsed = parse(raw(inner))
    assert "level 1 text" in parsed.text
    assert f"level {MAX_DEPTH} text" in parsed.text
    assert f"level {MAX_DEPTH + 1} text" not in parsed.text
    assert any("forwarded" in p for p in parsed.problems), parsed.problems


def test_a_zip_named_pdf_is_not_kept_as_a_pdf() -> None:
    """GIVEN a ZIP archive named certificate.pdf whose first entry is a PDF stored uncompressed
    (so "%PDF-" appears within its first 1024 bytes, where a PDF may have leading junk)
    WHEN the message is read
    THEN it is not taken for a PDF: the reply says it can't be read, and no file is kept."""
    import io
    import zipfile

    from tests.email.files import certificate_pdf

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("certificate.pdf", certificate_pdf())
    msg = make_mail("see attached", attachments=[(buf.getvalue(), "application/pdf", "certificate.pdf")])
    parsed = parse(raw(msg))
    assert parsed.attachments == []
    assert any("can't read" in p for p in parsed.problems), parsed.problems


async def test_a_reply_waiting_for_the_relay_is_retried_at_least_every_five_minutes(app) -> None:  # type: ignore[no-untyped-def]
    """Exponential back-off capped at an hour held replies up to an hour after the relay was back."""
    from datetime import timedelta

    from handlers.email.door import DoorOptions, start

    door = await start(app, DoorOptions(host="127.0.0.1", port=0, relay_url="smtp://127.0.0.1:9"))
    try:
        longest = max(door.sender.delay(attempts) for attempts in range(40))
        assert longest <= timedelta(minutes=5) * 1.2  # with its jitter
        # still retried for about a day before giving up
        total = sum((door.sender.delay(a) for a in range(door.sender.max_attempts)), timedelta())
        assert total >= timedelta(hours=20)
    finally:
        await door.stop()


class _StallingSink(Sink):
    """A relay that takes the first reply, then stalls on the second until released."""

    def __init__(self) -> None:
        super().__init__()
        self.second = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        if len(self.messages) == 1:
            self.second.set()
            await self.release.wait()
        return await super().handle_DATA(server, session, envelope)


async def test_each_reply_is_marked_sent_as_soon_as_the_relay_takes_it(app, store: SqlStore) -> None:  # type: ignore[no-untyped-def]
    """GIVEN three replies waiting for the relay, sent in one batch
    WHEN the relay has taken the first and the process would die during the second
    THEN the first is already marked sent (a restart resends at most the one in flight, not 19)."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from handlers.email.door import start
    from storage.mail_models import MailOutboxRow
    from tests.email.conftest import fast, free_port, send

    await add_member(store)
    dead = f"smtp://127.0.0.1:{free_port()}"
    first = await start(app, fast(relay_url=dead, outbox_backoff_base=3600, outbox_backoff_max=3600))
    try:
        for _ in range(3):
            await send(first.port, make_mail("summary"))
        await first.progress.wait_for(lambda c: c["send_retry"] >= 3)
    finally:
        await first.stop()
    async with app.engine.begin() as conn:  # due now: the three go out in one batch
        await conn.execute(update(MailOutboxRow).values(next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC)))
    sink = _StallingSink()
    await sink.start()
    second = await start(app, fast(listen=False, relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        async with asyncio.timeout(15):
            await sink.second.wait()
        assert len(await second.mail.outbox("sent")) == 1
    finally:
        sink.release.set()
        await second.stop()
        await sink.stop()
