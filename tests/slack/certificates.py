"""Certificate files the size phones and scanners make, for the download tests."""

from __future__ import annotations

import io
import random
import struct

from tests.email.files import CERTIFICATE_TEXT


def scanned_pdf(noise_side: int = 1000) -> bytes:
    """The test certificate with a scanned letterhead: a noise image makes it megabytes, as scans are."""
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rnd = random.Random(7)
    noise = Image.frombytes("RGB", (noise_side, noise_side), rnd.randbytes(noise_side * noise_side * 3))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, pageCompression=0)
    c.drawImage(ImageReader(noise), 72, 720, width=200, height=40)
    y = 680
    for line in CERTIFICATE_TEXT:
        c.drawString(72, y, line)
        y -= 24
    c.showPage()
    c.save()
    return buf.getvalue()


def phone_jpeg(megabytes: float = 3.0) -> bytes:
    """A photo of the certificate carrying a phone's worth of metadata (APP segments), megabytes long."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 600), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(CERTIFICATE_TEXT):
        draw.text((20, 30 + 40 * i), line, fill="black")
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90)
    plain = buf.getvalue()
    rnd = random.Random(11)
    segments = bytearray()
    while len(segments) < megabytes * 1024 * 1024:
        payload = rnd.randbytes(65_000)
        segments += b"\xff\xef" + struct.pack(">H", len(payload) + 2) + payload  # APP15
    return plain[:2] + bytes(segments) + plain[2:]
