"""File names for reports and the certificates in an audit pack.

Names are built from our own data (entry number, date, title), never from the
name a sender gave an attachment, and reduced to ASCII letters, digits and
dashes so they survive every file system and zip tool (paperless-ngx
sanitises mail attachment names the same way).
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain import RecordedActivity
from bot.ports import StoredDocument
from bot.requirements import Period

_CYCLE = re.compile(r"cycle ending in (\d{4})", re.IGNORECASE)

# Magic numbers first: the declared type and name of an attachment are not trusted.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)
# A sender's extension is kept only when it names a document type; "evil.exe" becomes ".bin".
SAFE_EXTENSIONS = frozenset(
    {"pdf", "png", "jpg", "jpeg", "gif", "tif", "tiff", "heic", "webp", "txt", "doc", "docx", "eml"}
)
_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/heic": ".heic",
    "image/webp": ".webp",
    "text/plain": ".txt",
}


def slug(text: str, limit: int = 60) -> str:
    """'Société française — Rhinoplasty™' -> 'societe-francaise-rhinoplasty'."""
    marks_removed = re.sub(r"[™®©]", " ", text)  # NFKD would turn "™" into "TM"
    ascii_text = unicodedata.normalize("NFKD", marks_removed).encode("ascii", "ignore").decode()
    out = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        joined = f"{out}-{word}" if out else word
        if len(joined) > limit:
            out = out or word[:limit]  # whole words only, unless the first is already too long
            break
        out = joined
    return out or "untitled"


def period_stem(period: Period) -> str:
    """`cycle-2022` for a cycle, `2021-01-01-to-2021-06-30` for a date range."""
    found = _CYCLE.fullmatch(period.label.strip())
    if found:
        return f"cycle-{found.group(1)}"
    return f"{period.start.isoformat()}-to-{period.end.isoformat()}"


def report_filename(period: Period, ext: str) -> str:
    return f"cme-report-{period_stem(period)}.{ext}"


def pack_filename(period: Period) -> str:
    return f"cme-audit-pack-{period_stem(period)}.zip"


def extension(doc: StoredDocument, data: bytes) -> str:
    for magic, ext in _MAGIC:
        if data.startswith(magic):
            return ext
    if data[4:8] == b"ftyp":
        return ".heic" if data[8:12] in (b"heic", b"heix", b"mif1") else ".mp4"
    if doc.content_type in _TYPES:
        return _TYPES[doc.content_type]
    found = re.search(r"\.([A-Za-z0-9]{1,5})$", doc.filename)
    ext = found.group(1).lower() if found else ""
    return f".{ext}" if ext in SAFE_EXTENSIONS else ".bin"


def certificate_filename(entry: RecordedActivity, doc: StoredDocument, data: bytes, index: int = 0) -> str:
    """`012-2021-03-20-spring-meeting-2021.pdf`: sorts by entry number, reads at a glance."""
    suffix = f"-{index + 1}" if index else ""
    activity = entry.activity
    return (
        f"{entry.number:03d}-{activity.start_date.isoformat()}-{slug(activity.title)}"
        f"{suffix}{extension(doc, data)}"
    )
