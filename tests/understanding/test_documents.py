"""Certificate files: PDF text layer, OCR of photos, and refusals with reasons."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bot.understanding import CertificateUnreadable, read_certificate
from bot.understanding.documents import sniff

CERT_LINES = [
    "HARBOR SURGICAL SOCIETY",
    "CERTIFICATE OF ATTENDANCE",
    "Pediatric Hand Surgery Update",
    "May 6, 2020",
    "Harbor Surgical Society designates this live activity for a maximum of",
    "6.5 AMA PRA Category 1 Credits.",
    "Credits claimed: 6.5",
]


def _pdf(lines: list[str] = CERT_LINES, password: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 16)
    for i, line in enumerate(lines):
        c.drawString(60, 700 - 28 * i, line)
    c.save()
    data = buf.getvalue()
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
        writer.encrypt(password)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def test_pdf_text_layer() -> None:
    text = read_certificate(_pdf(), "cert.pdf")
    assert "Pediatric Hand Surgery Update" in text
    assert "6.5" in text


def test_type_is_sniffed_not_taken_from_the_name() -> None:
    assert "Pediatric" in read_certificate(_pdf(), "photo.jpg")
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image"
    assert sniff(b"\xff\xd8\xff\xe0") == "image"


def test_encrypted_pdf_is_refused_with_a_reason() -> None:
    with pytest.raises(CertificateUnreadable, match="password"):
        read_certificate(_pdf(password="secret"), "locked.pdf")


def test_broken_pdf_is_refused() -> None:
    with pytest.raises(CertificateUnreadable, match=r"damaged|scanned"):
        read_certificate(b"%PDF-1.4\n" + b"\x00garbage" * 50, "broken.pdf")


@pytest.mark.parametrize("data", [b"", b"hello, this is not a certificate", b"PK\x03\x04zip"])
def test_unsupported_files_are_refused(data: bytes) -> None:
    with pytest.raises(CertificateUnreadable):
        read_certificate(data, "file.bin")


def test_unreadable_is_a_value_error() -> None:
    assert issubclass(CertificateUnreadable, ValueError)


def test_huge_image_is_refused_without_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (9000, 6000), 1).save(buf, format="PNG")
    with pytest.raises(CertificateUnreadable, match="too large"):
        read_certificate(buf.getvalue(), "huge.png")


needs_ocr = pytest.mark.skipif(
    not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason="tesseract/poppler not installed"
)


def _page_png(tmp_path: Path) -> Path:
    """The test certificate as a 150 dpi picture: what a phone or a scanner makes of it."""
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(_pdf())
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "c")], check=True
    )
    return tmp_path / "c.png"


@needs_ocr
def test_rotated_photo_is_deskewed_and_read(tmp_path: Path) -> None:
    png = _page_png(tmp_path)
    with Image.open(png) as page:
        photo = page.convert("L").rotate(2.0, expand=True, fillcolor=255)
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", quality=85)
    text = read_certificate(buf.getvalue(), "IMG_0001.jpg")
    assert "Pediatric Hand Surgery Update" in text
    assert "6.5" in text


@needs_ocr
def test_scanned_pdf_without_text_layer_is_ocred(tmp_path: Path) -> None:
    png = _page_png(tmp_path)
    buf = io.BytesIO()
    with Image.open(png) as page:
        page.convert("RGB").save(buf, format="PDF", resolution=150)
    text = read_certificate(buf.getvalue(), "scan.pdf")
    assert "Pediatric Hand Surgery Update" in text


@needs_ocr
def test_sideways_photo_is_turned_upright(tmp_path: Path) -> None:
    png = _page_png(tmp_path)
    buf = io.BytesIO()
    with Image.open(png) as page:
        page.convert("L").rotate(90, expand=True).save(buf, format="PNG")
    text = read_certificate(buf.getvalue(), "sideways.png")
    assert "Pediatric Hand Surgery Update" in text


def test_certificates_read_on_many_threads_at_once_each_get_their_own_text() -> None:
    """PDFium is not thread-safe; the doors read certificates on several threads."""
    from concurrent.futures import ThreadPoolExecutor

    files = [_pdf([f"Activity number {i}", *CERT_LINES[1:]]) for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(lambda i: read_certificate(files[i % 8], "c.pdf"), range(64)))
    assert all(f"Activity number {i % 8}" in text for i, text in enumerate(texts))


def test_an_owner_password_alone_does_not_lock_the_text() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-only")
    out = io.BytesIO()
    writer.write(out)
    assert "Pediatric Hand Surgery Update" in read_certificate(out.getvalue(), "c.pdf")


@needs_ocr
def test_an_iphone_heic_photo_is_read(tmp_path: Path) -> None:
    import pillow_heif

    png = _page_png(tmp_path)
    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    with Image.open(png) as page:
        page.convert("RGB").save(buf, format="HEIF", quality=90)
    assert sniff(buf.getvalue()) == "heic"
    text = read_certificate(buf.getvalue(), "IMG_0001.HEIC")
    assert "Pediatric Hand Surgery Update" in text
