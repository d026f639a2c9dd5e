"""Understanding: text and certificates in, an `Understanding` out.

Public surface used by the conversation core and `cmebot parse`:
`understand(text, now=..., kind=...)` and `read_certificate(data, filename)`.
"""

from __future__ import annotations

from bot.understanding.contract import Fields, FieldValue, Intent, Understanding
from bot.understanding.stub import read_certificate, understand

__all__ = ["FieldValue", "Fields", "Intent", "Understanding", "read_certificate", "understand"]
