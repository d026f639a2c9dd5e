"""Understanding: text and certificates in, an `Understanding` out.

Public surface used by the conversation core and `cmebot parse`:
`understand(text, now=..., kind=...)` and `read_certificate(data, filename)`.
"""

from __future__ import annotations

from bot.understanding.contract import Fields, FieldValue, Intent, Understanding
from bot.understanding.documents import CertificateUnreadable, read_certificate
from bot.understanding.reading import understand

__all__ = [
    "CertificateUnreadable",
    "FieldValue",
    "Fields",
    "Intent",
    "Understanding",
    "read_certificate",
    "understand",
]
