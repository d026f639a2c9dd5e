"""A PDF's page count and text layer, read with PDFium (pypdfium2).

Why PDFium rather than pypdf: it is Chrome's PDF engine, in C++ and fuzzed
for hostile files; it reads a certificate's text several times faster than
pypdf did, when that read was the largest single cost of processing a
certificate mail (bench/parse.py times a PDF, bench/email.py a whole mail),
and it keeps what separates words and fields ("Center • Austin, Texas")
the way the page prints them. PDFium is not thread-safe and certificates are
read off the event loop, on several threads: every call holds one lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2 as pdfium

_PDFIUM = threading.Lock()
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


class PdfUnreadable(ValueError):
    """The file can't be opened as a PDF; `encrypted` when a password is the reason."""

    def __init__(self, message: str, *, encrypted: bool) -> None:
        super().__init__(message)
        self.encrypted = encrypted


@dataclass(frozen=True, slots=True)
class PdfText:
    pages: int
    text: str  # the first pages' text, "\n" line ends


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        encrypted = getattr(exc, "err_code", None) == _PASSWORD_ERROR
        raise PdfUnreadable(str(exc), encrypted=encrypted) from exc


def pdf_pages(data: bytes) -> int:
    """How many pages; raises PdfUnreadable."""
    with _PDFIUM:
        document = _open(data)
        try:
            return len(document)
        finally:
            document.close()


def pdf_text(data: bytes, max_pages: int) -> PdfText:
    """The text of the first `max_pages` pages; raises PdfUnreadable."""
    with _PDFIUM:
        document = _open(data)
        try:
            texts = []
            for index in range(min(len(document), max_pages)):
                page = document[index]
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
                    page.close()
            pages = len(document)
        except pdfium.PdfiumError as exc:
            raise PdfUnreadable(str(exc), encrypted=False) from exc
        finally:
            document.close()
    return PdfText(pages, "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n"))
