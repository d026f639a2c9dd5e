"""What a certificate file must be to be read: one set of limits, one wording, for every door.

Doors used to keep their own (20 MB in Slack, 40 pages and 40 megapixels in
e-mail, 25 MB and 20 pages in the reader, 40 megapixels again in OCR) and
their own sentence for a locked PDF, so the same file got different answers
by the way it came. `certificate_problem` is the one check: the reader runs
it before reading, and a door that vets files as they arrive (the e-mail
door, listing problems above its reply) runs the same one, through
`bot.envelope`. A door that streams a download stops at `MAX_FILE_BYTES` and
says `too_large`.
"""

from __future__ import annotations

import functools
import io
import warnings

from bot import filetypes
from bot.understanding import wording as say

MAX_FILE_MB = 25  # the e-mail door's default message size (CMEBOT_MAX_MESSAGE_BYTES) holds one
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_PDF_PAGES = 40  # a certificate has a few; the reader reads up to this many
MAX_MEGAPIXELS = 40  # a 12 MP phone photo is fine; 40 MP is the ceiling (also for rendered pages)
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000


def too_large(name: str, limit_mb: float = MAX_FILE_MB) -> str:
    return say.FILE_TOO_LARGE.format(name=name, limit_mb=limit_mb)


def empty(name: str) -> str:
    return say.FILE_EMPTY.format(name=name)


def unsupported(name: str) -> str:
    return say.FILE_UNSUPPORTED.format(name=name)


def encrypted(name: str) -> str:
    return say.FILE_ENCRYPTED.format(name=name)


def damaged_pdf(name: str) -> str:
    return say.FILE_DAMAGED_PDF.format(name=name)


def no_pages(name: str) -> str:
    return say.FILE_NO_PAGES.format(name=name)


def too_many_pages(name: str, pages: int) -> str:
    return say.FILE_TOO_MANY_PAGES.format(name=name, pages=pages)


def too_many_pixels(name: str) -> str:
    return say.FILE_TOO_MANY_PIXELS.format(name=name, megapixels=MAX_MEGAPIXELS)


def damaged_image(name: str) -> str:
    return say.FILE_DAMAGED_IMAGE.format(name=name)


def heic_unreadable(name: str) -> str:
    return say.FILE_HEIC.format(name=name)


@functools.cache
def heic_readable() -> bool:
    """iPhone photos (HEIC) open in Pillow once pillow-heif (libheif) registers its opener."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def certificate_problem(data: bytes, name: str) -> str | None:
    """Why this file can't be read as a certificate (a sentence for the member), or None when it can."""
    if not data:
        return empty(name)
    if len(data) > MAX_FILE_BYTES:
        return too_large(name)
    kind = filetypes.sniff(data)
    if kind is None:
        return unsupported(name)
    if kind == "application/pdf":
        return _pdf_problem(data, name)
    if kind == "image/heic" and not heic_readable():
        return heic_unreadable(name)
    return _image_problem(data, name)


def _pdf_problem(data: bytes, name: str) -> str | None:
    from bot.understanding.pdftext import PdfUnreadable, pdf_pages

    try:
        pages = pdf_pages(data)
    except PdfUnreadable as exc:
        return encrypted(name) if exc.encrypted else damaged_pdf(name)
    if pages == 0:
        return no_pages(name)
    if pages > MAX_PDF_PAGES:
        return too_many_pages(name, pages)
    return None


def _image_problem(data: bytes, name: str) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return too_many_pixels(name)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return too_many_pixels(name)
    except Exception:
        return damaged_image(name)
    return None
