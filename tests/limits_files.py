"""Certificate files that break the core's one set of limits, shared by the door tests."""

from __future__ import annotations

import io


def long_pdf(pages: int = 41) -> bytes:
    """A PDF of more pages than a certificate has (the core's MAX_PDF_PAGES is 40)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for n in range(pages):
        c.drawString(72, 720, f"Proceedings, page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()
