"""Issue 13: one check, one set of limits and one wording for a certificate file, whatever door.

The reader (`read_certificate`, which every door's files reach) and a door that
vets files as they arrive (`bot.envelope.certificate_problem`) refuse the same
files with the same sentence; the doors' own limits are the core's.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.envelope import MAX_FILE_BYTES, certificate_problem
from bot.understanding import CertificateUnreadable, admit, ocr, read_certificate
from handlers.slack.files import MAX_BYTES as SLACK_MAX_BYTES
from tests.email.files import certificate_pdf, encrypted_pdf
from tests.limits_files import long_pdf


def _huge_png() -> bytes:
    buf = io.BytesIO()
    Image.new("1", (9000, 6000), 1).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (encrypted_pdf(), "locked.pdf", admit.encrypted("locked.pdf")),
        (long_pdf(41), "proceedings.pdf", admit.too_many_pages("proceedings.pdf", 41)),
        (_huge_png(), "huge.png", admit.too_many_pixels("huge.png")),
        (b"%PDF-1.4\n" + b"\x00garbage" * 50, "broken.pdf", admit.damaged_pdf("broken.pdf")),
        (b"", "empty.pdf", admit.empty("empty.pdf")),
    ],
    ids=["encrypted", "pages", "megapixels", "damaged", "empty"],
)
def test_the_reader_and_a_door_refuse_a_file_with_the_same_sentence(
    data: bytes, name: str, said: str
) -> None:
    assert certificate_problem(data, name) == said
    with pytest.raises(CertificateUnreadable) as refused:
        read_certificate(data, name)
    assert str(refused.value) == said


def test_a_certificate_within_the_limits_passes_the_check() -> None:
    assert certificate_problem(certificate_pdf(), "certificate.pdf") is None
    assert certificate_problem(long_pdf(admit.MAX_PDF_PAGES), "forty.pdf") is None


def test_the_doors_and_the_ocr_use_the_cores_limits() -> None:
    assert SLACK_MAX_BYTES == MAX_FILE_BYTES == admit.MAX_FILE_BYTES
    assert ocr.MAX_PIXELS == admit.MAX_PIXELS
    assert admit.too_large("big.pdf") == "big.pdf is larger than 25 MB; please send a smaller PDF or photo."
