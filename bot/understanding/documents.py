"""Text of a certificate file: a PDF's text layer, or OCR for photos and scans.

The file type is sniffed from its first bytes (phones and mail clients name
files carelessly); every failure becomes a `CertificateUnreadable` whose
message a physician can act on.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bot import filetypes
from bot.understanding import admit
from bot.understanding import wording as say
from bot.understanding.admit import MAX_PDF_PAGES, certificate_problem

MIN_TEXT_CHARS = 40  # less than this on a PDF means a scan without a text layer
SCAN_DPI = 200.0  # a scanned page's resolution for OCR, unless its size calls for less
SCAN_PAGES = 3  # a certificate is on its first page or so


class CertificateUnreadable(ValueError):
    """A certificate file that cannot be read, with the reason for the physician."""


def sniff(data: bytes) -> str | None:
    """ "pdf", "image" or "heic": how the file must be read, judged by its bytes."""
    content_type = filetypes.sniff(data)
    if content_type is None:
        return None
    if content_type == "application/pdf":
        return "pdf"
    return "heic" if content_type == "image/heic" else "image"


def read_certificate(data: bytes, filename: str) -> str:
    """The certificate's text; raises CertificateUnreadable with a physician-readable reason.

    A file first passes the one check every door's files pass (`admit`): size,
    type, pages, megapixels, a password.
    """
    problem = certificate_problem(data, filename)
    if problem is not None:
        raise CertificateUnreadable(problem)
    if sniff(data) == "pdf":
        return _pdf(data, filename)
    return _image(data, filename)  # a photo, HEIC included (admitted only when it can be opened)


def _pdf(data: bytes, filename: str) -> str:
    from bot.understanding.pdftext import PdfUnreadable, pdf_text

    try:
        text = pdf_text(data, MAX_PDF_PAGES).text
    except PdfUnreadable as exc:
        why = admit.encrypted(filename) if exc.encrypted else admit.damaged_pdf(filename)
        raise CertificateUnreadable(why) from exc
    if len(text.strip()) >= MIN_TEXT_CHARS:
        return text
    scanned = _ocr_pdf(data)
    if scanned is None:
        raise CertificateUnreadable(
            f"{filename!r} is a scanned PDF without text and I couldn't read it; "
            "please send a photo or a clearer copy."
        )
    return scanned


def render_dpi(width_pt: float, height_pt: float) -> float:
    """The resolution to rasterise a page at: 200 dpi, less when that would pass the photo ceiling.

    A PDF says how big its pages are, up to 200 inches a side (PDF 1.7 §C.2:
    14,400 units); at a fixed 200 dpi three blank pages of that size took
    pdftoppm 3 GB and a minute, and one 4,000-point page made a 123-megapixel
    image. Sizing each page's resolution from its size keeps every rendered page
    within the same megapixels as a photo (admit.MAX_PIXELS).
    """
    square_inches = max(width_pt, 1.0) * max(height_pt, 1.0) / 72 / 72
    ceiling: float = (admit.MAX_PIXELS / square_inches) ** 0.5 * 0.99
    return min(SCAN_DPI, ceiling)


def _page_sizes(data: bytes, pages: int) -> list[tuple[float, float]]:
    """(width, height) in points of the first `pages` pages, from PDFium."""
    from bot.understanding.pdftext import _PDFIUM, _open

    with _PDFIUM:
        document = _open(data)
        try:
            sizes = [document[i].get_size() for i in range(min(len(document), pages))]
            return [(float(w), float(h)) for w, h in sizes]
        finally:
            document.close()


def rasterise(data: bytes, directory: Path, pages: int = SCAN_PAGES) -> list[Path]:
    """The first pages as grayscale PNGs in `directory`, each within the photo pixel ceiling."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    src = directory / "in.pdf"
    src.write_bytes(data)
    out: list[Path] = []
    for number, (width, height) in enumerate(_page_sizes(data, pages), start=1):
        dpi = f"{render_dpi(width, height):.2f}"
        stem = directory / f"p{number:03d}"
        try:
            subprocess.run(
                [exe, "-r", dpi, "-gray", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                 str(src), str(stem)],
                capture_output=True,
                timeout=60,
                check=True,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError):
            return out
        out.append(stem.with_suffix(".png"))
    return out


def _ocr_pdf(data: bytes) -> str | None:
    """OCR of a scanned PDF's first pages, rasterised by poppler's pdftoppm."""
    from bot.understanding.ocr import OcrUnavailable, ocr_image, open_image
    from bot.understanding.pdftext import PdfUnreadable

    with tempfile.TemporaryDirectory() as tmp:
        try:
            pages = rasterise(data, Path(tmp))
        except PdfUnreadable:
            return None
        texts = []
        for page in pages:
            try:
                # the photo route's checks too: a rendered page is a picture like any other
                texts.append(ocr_image(open_image(page.read_bytes())))
            except (OcrUnavailable, ValueError):
                return None
    text = "\n".join(texts)
    return text if text.strip() else None


def _image(data: bytes, filename: str) -> str:
    from PIL import UnidentifiedImageError

    from bot.understanding.ocr import OcrUnavailable, ocr_image, open_image

    try:
        gray = open_image(data)
    except ValueError as exc:
        raise CertificateUnreadable(admit.too_many_pixels(filename)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise CertificateUnreadable(admit.damaged_image(filename)) from exc
    try:
        text = ocr_image(gray)
    except OcrUnavailable as exc:
        raise CertificateUnreadable(say.OCR_UNAVAILABLE) from exc
    except subprocess.TimeoutExpired as exc:
        raise CertificateUnreadable(say.OCR_TOO_SLOW.format(filename=filename)) from exc
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise CertificateUnreadable(say.OCR_NO_TEXT.format(filename=filename))
    return text
