"""Certificate files for tests and the benchmark, made on the spot."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta


def certificate_text(day: date) -> list[str]:
    return [
        "Lakeshore University Hospital",
        "This certifies that Steve Sample, MD",
        'participated in the live activity "Flap Salvage"',
        f"held on {day:%B} {day.day}, {day.year} in Chicago, IL",
        "and is awarded 1.5 AMA PRA Category 1 Credits™.",
        "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical education.",
    ]


# For the core's tests, whose clock is 2021-04-07.
CERTIFICATE_TEXT = certificate_text(date(2021, 3, 17))
# Mail is handled at the real time it arrives, and a certificate older than the previous
# cycle is asked about before it is recorded: the doors' tests send a recent one.
RECENT = date.today() - timedelta(days=3)
RECENT_CERTIFICATE_TEXT = certificate_text(RECENT)


def certificate_pdf(lines: list[str] | None = None, *, padding: int = 0) -> bytes:
    """A one-page certificate; `padding` adds that many bytes of incompressible noise (size tests)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, pageCompression=0)
    y = 700
    for line in lines or CERTIFICATE_TEXT:
        c.drawString(72, y, line)
        y -= 24
    if padding:
        import random

        rnd = random.Random(42)
        chunk = "".join(
            rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(90)
        )
        c.setFont("Helvetica", 2)
        for i in range(padding // 90):
            c.drawString(10, 10 + (i % 300) * 2, chunk)
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(certificate_pdf())).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(width: int = 20, height: int = 10) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims huge dimensions (a decompression-bomb shape)."""
    data = bytearray(png(1, 1))
    ihdr = bytearray(data[16:29])
    ihdr[0:4] = struct.pack(">I", width)
    ihdr[4:8] = struct.pack(">I", height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)
