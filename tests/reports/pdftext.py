"""Reading a PDF back: the text of each page, as a reader would copy it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def fonts(data: bytes) -> set[str]:
    found: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object().get("/BaseFont")))
    return found
