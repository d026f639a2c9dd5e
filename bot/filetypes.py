"""What a file really is, and a name safe to keep it under.

Phones, mail clients and Slack all name and type files carelessly, and a
sender can lie; the bytes decide (paperless-ngx `mail.py`). Every door and
the certificate reader use this one sniffer, so they agree on what a
certificate file is.
"""

from __future__ import annotations

import re
import unicodedata

EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/heic": ".heic",
    "image/gif": ".gif",
    "image/tiff": ".tiff",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
)
# Formats that may carry a PDF inside (uncompressed) but are not one.
_OTHER_FORMATS = (
    b"PK\x03\x04",  # ZIP (and .docx, .odt, .jar)
    b"PK\x05\x06",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",  # OLE2 (.doc, .msg)
    b"MZ",  # Windows executable
    b"\x7fELF",
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
_UNSAFE = re.compile(r"[^A-Za-z0-9._() -]+")


def sniff(data: bytes) -> str | None:
    """The content type the bytes show, for the formats a certificate comes in; None otherwise.

    A PDF may carry junk before its header (PDF 1.7 §7.5.2 lets readers look
    in the first 1024 bytes), so it is searched for there.
    """
    head = data[:32]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(_OTHER_FORMATS):  # a ZIP holding a PDF shows "%PDF-" early too
        return None
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def safe_filename(name: str | None, content_type: str, index: int = 1) -> str:
    """A short ASCII name with no path, whose extension matches the sniffed type."""
    base = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    base = re.split(r"[\\/]", base)[-1]
    base = _UNSAFE.sub("_", base).strip(" ._-")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:80].strip(" ._-") or f"attachment-{index}"
    return stem + EXTENSIONS.get(content_type, ".bin")
