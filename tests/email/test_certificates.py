"""Certificates by e-mail: each file kept with its own entry, read as what its bytes are."""

from __future__ import annotations

import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import Sink, body_of, make_mail, send
from tests.email.files import CERTIFICATE_TEXT, certificate_pdf


def _certificate(title: str, day: str) -> bytes:
    lines = list(CERTIFICATE_TEXT)
    lines[2], lines[3] = f'participated in the live activity "{title}"', f"held on {day} in Chicago, IL"
    return certificate_pdf(lines)


def _day(days_ago: int) -> str:
    day = date.today() - timedelta(days=days_ago)
    return f"{day:%B} {day.day}, {day.year}"


async def _two_certificates(door, sink: Sink, first_day: str, second_day: str) -> str:  # type: ignore[no-untyped-def]
    first = _certificate("Flap Salvage", first_day)
    second = _certificate("Breast Reconstruction", second_day)
    attachments = [(first, "application/pdf", "flap.pdf"), (second, "application/pdf", "breast.pdf")]
    await send(door.port, make_mail("", subject="Fwd: certificates", attachments=attachments))
    [reply] = await sink.wait(1)
    return body_of(reply.message)


async def _files_by_title(store: SqlStore, member_id: int) -> dict[str, list[str]]:
    kept = {d.id: d for d in await store.documents(member_id)}
    return {
        e.activity.title: [kept[i].filename for i in e.document_ids] for e in await store.entries(member_id)
    }


async def test_several_certificates_in_one_mail_are_each_kept_with_their_own_entry(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN a member who forwards two certificates in one mail
    WHEN both are recorded
    THEN entry #1 keeps the first file and entry #2 the second, not #1 both."""
    member = await add_member(store)
    body = await _two_certificates(door, sink, _day(3), _day(5))
    assert "Recorded" in body, body
    files = await _files_by_title(store, member.id)
    assert files == {"Flap Salvage": ["flap.pdf"], "Breast Reconstruction": ["breast.pdf"]}


async def test_several_certificates_that_wait_as_a_draft_keep_their_own_files_once_confirmed(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN two certificates in one mail, old enough to be asked about first (a draft)
    WHEN the member answers "yes"
    THEN each entry keeps its own file, as when they are recorded at once."""
    member = await add_member(store)
    body = await _two_certificates(door, sink, "March 17, 2015", "March 3, 2015")
    assert "draft" in body, body
    await send(door.port, make_mail("yes", subject="Re: Fwd: certificates"))
    replies = await sink.wait(2)
    assert "Recorded" in body_of(replies[-1].message), body_of(replies[-1].message)
    files = await _files_by_title(store, member.id)
    assert files == {"Flap Salvage": ["flap.pdf"], "Breast Reconstruction": ["breast.pdf"]}


def _blank_pdf(*sizes: tuple[float, float]) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for size in sizes:
        c.setPageSize(size)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler (pdftoppm) not installed")
def test_a_text_less_pdf_with_huge_pages_is_rendered_within_the_photo_pixel_ceiling(tmp_path: Path) -> None:
    """GIVEN a scanned-looking PDF (no text) whose pages are 4,000 and 14,400 points a side
    WHEN its pages are rendered for OCR
    THEN no page image is larger than a photo may be (at 200 dpi they were 123 and 1,600 MP),
    while an ordinary letter page is still rendered at 200 dpi."""
    from PIL import Image

    from bot.understanding.documents import rasterise
    from bot.understanding.ocr import MAX_PIXELS

    pages = rasterise(_blank_pdf((4000, 4000), (14400, 14400), (612, 792)), tmp_path)
    sizes = []
    for page in pages:
        with Image.open(page) as im:
            sizes.append(im.size)
    assert len(sizes) == 3
    assert all(w * h <= MAX_PIXELS for w, h in sizes), sizes
    assert sizes[2] == (1700, 2200)  # 8.5 x 11 in at 200 dpi
