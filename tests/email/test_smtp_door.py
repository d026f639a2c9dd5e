"""The door over real SMTP on loopback: codes, replies, threading."""

from __future__ import annotations

import smtplib

import pytest

from handlers.email import wording
from handlers.email.door import EmailDoor
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import BOT, LOG_LINE, Sink, body_of, make_mail, send


async def test_a_member_asking_for_a_summary_gets_a_threaded_auto_reply(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    await add_member(store)
    msg = make_mail("summary", subject="Where do I stand?", message_id="<q1@example.org>")
    await send(door.port, msg)
    [reply] = await sink.wait(1)
    assert reply.mail_from == "<>"  # RFC 3834 §3.3: null return path
    assert reply.rcpt_tos == ["steve@example.org"]
    m = reply.message
    assert m["Subject"] == "Re: Where do I stand?"
    assert m["In-Reply-To"] == "<q1@example.org>"
    assert "<q1@example.org>" in m["References"]
    assert m["Auto-Submitted"] == "auto-replied"
    assert m["From"].addresses[0].addr_spec == BOT
    assert wording.SIGNATURE in body_of(m)


async def test_a_logged_activity_is_recorded_and_undone_by_replying_undo(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    member = await add_member(store)
    await send(door.port, make_mail(LOG_LINE, subject="Flap course", message_id="<log1@example.org>"))
    [first] = await sink.wait(1)
    text = body_of(first.message)
    assert "Recorded #1" in text
    assert len(await store.entries(member.id)) == 1
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    answer = make_mail(
        f"undo\n\nOn Wed, Apr 7, 2021 at 11:00 AM CME bot <{BOT}> wrote:\n{quoted}\n",
        subject=first.message["Subject"],
        headers={"In-Reply-To": first.message["Message-ID"]},
    )
    await send(door.port, answer)
    replies = await sink.wait(2)
    assert "Deleted #1" in body_of(replies[1].message)
    assert await store.entries(member.id) == []


async def test_unknown_recipients_are_refused_with_550_5_1_1(store: SqlStore, door: EmailDoor) -> None:
    await add_member(store)
    for rcpt in ("someone@cme.localhost", "cme@elsewhere.example", "cme+nosuchtoken@cme.localhost"):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            await send(door.port, make_mail(), to=[rcpt])
        code, text = refused.value.recipients[rcpt]
        assert code == 550
        assert b"5.1.1" in text


async def test_the_members_secret_address_is_accepted(store: SqlStore, door: EmailDoor, sink: Sink) -> None:
    member = await add_member(store)
    assert member.mail_token
    await send(door.port, make_mail("summary"), to=[f"cme+{member.mail_token}@cme.localhost"])
    [reply] = await sink.wait(1)
    assert reply.message["Reply-To"] == f"cme+{member.mail_token}@cme.localhost"


async def test_a_duplicate_message_id_is_processed_once(store: SqlStore, door: EmailDoor, sink: Sink) -> None:
    member = await add_member(store)
    msg = make_mail(LOG_LINE, message_id="<same@example.org>")
    assert await send(door.port, msg) == {}
    assert await send(door.port, msg) == {}  # still 250: we have it
    await sink.wait(1)
    await door.progress.wait_for(lambda c: c["answered"] >= 1)
    assert len(await store.entries(member.id)) == 1
    assert await door.mail.inbox_states() == {"done": 1}
    assert await door.mail.outbox_count() == 1


async def test_a_report_request_comes_back_as_a_pdf_attachment(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    await add_member(store)
    await send(door.port, make_mail(LOG_LINE))
    await send(door.port, make_mail("report this cycle pdf", subject="My report"))
    replies = await sink.wait(2)
    report = next(r.message for r in replies if r.message["Subject"] == "Re: My report")
    [attachment] = list(report.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")


async def test_a_certificate_photographed_on_an_iphone_heic_is_recorded(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    import io
    import shutil

    import pillow_heif
    from PIL import Image, ImageDraw, ImageFont

    from tests.email.files import RECENT_CERTIFICATE_TEXT

    if not shutil.which("tesseract"):
        pytest.skip("tesseract not installed")
    member = await add_member(store)
    page = Image.new("RGB", (1700, 1000), "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(RECENT_CERTIFICATE_TEXT):
        draw.text((60, 80 + 70 * i), line, fill="black", font=font)
    pillow_heif.register_heif_opener()
    photo = io.BytesIO()
    page.save(photo, format="HEIF", quality=90)
    mail = make_mail(
        "", subject="Fwd: certificate", attachments=[(photo.getvalue(), "image/heic", "IMG_0042.HEIC")]
    )
    await send(door.port, mail)
    [reply] = await sink.wait(1)
    text = body_of(reply.message)
    assert "Flap Salvage" in text, text
    [document] = await store.documents(member.id)
    assert document.content_type == "image/heic"
