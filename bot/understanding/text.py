"""Repairs applied before reading: mojibake, OCR confusions, broken lines.

Certificates arrive through copy-paste from PDFs and through OCR of phone
photos, so "â„¢", "Medica1", "1.O", "Cred- its" and "Rhino-\\nplasty" are
normal input; the labelled corpus expects the repaired values.
"""

from __future__ import annotations

import re

# UTF-8 read as Windows-1252, as seen in pasted certificate text.
MOJIBAKE: dict[str, str] = {
    "â€“": "–",
    "â€”": "—",
    "â„¢": "™",
    "â€™": "’",
    "â€˜": "‘",
    "â€œ": "“",
    "â€\x9d": "”",
    "â€¢": "•",
    "â€¦": "…",
    "Ã©": "é",
    "Ã¨": "è",
    "Ã¼": "ü",
    "Ã¶": "ö",
    "Ã¤": "ä",
    "Ã±": "ñ",
    "Â®": "®",
    "Â©": "©",
    "Â ": " ",
    "Â": "",
}
TRADEMARKS = re.compile(r"\s*(?:\(TM\)|\(tm\)|™|®|\(R\))", re.I)
_LETTERISH = re.compile(r"^[A-Za-z][A-Za-z01|]*[A-Za-z01]$|^[A-Za-z01]*[A-Za-z][A-Za-z]$")
_NUMBERISH = re.compile(r"^[0-9lIO|o]+(?:[.,/][0-9lIO|o]+)*$")
_TO_DIGITS = str.maketrans("lI|Oo", "11100")
_KEEP = re.compile(r"^(?:cat|pgy|m|pg|q)\d+$", re.I)
_TOKEN = re.compile(r"[A-Za-z0-9|]+(?:[.,/][A-Za-z0-9|]+)*")


def fix_mojibake(text: str) -> str:
    for bad, good in MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def _fix_token(tok: str) -> str:
    has_digit = any(c.isdigit() for c in tok)
    has_alpha = any(c.isalpha() for c in tok)
    if not (has_digit and has_alpha) and "|" not in tok:
        return tok
    letters = sum(c.isalpha() for c in tok)
    digits = sum(c.isdigit() for c in tok)
    if _NUMBERISH.match(tok) and digits >= letters:
        return tok.translate(_TO_DIGITS)
    wordish = letters > digits or (letters == digits and tok[0].isupper() and tok[1].islower())
    if wordish and "/" not in tok and "." not in tok and _LETTERISH.match(tok) and not _KEEP.match(tok):
        out = []
        for i, c in enumerate(tok):
            if c == "1" or c == "|":
                upper = i > 0 and tok[i - 1].isupper() and (i + 1 >= len(tok) or tok[i + 1].isupper())
                out.append("I" if upper else "l")
            elif c == "0":
                upper = i == 0 or (tok[i - 1].isupper() and (i + 1 >= len(tok) or tok[i + 1].isupper()))
                out.append("O" if upper else "o")
            else:
                out.append(c)
        return "".join(out)
    return tok


def fix_ocr(text: str) -> str:
    """Undo the l/1, O/0 and | confusions OCR makes inside words and numbers."""
    text = re.sub(r"(?<=\d)/ (?=\d)", "/", text)
    text = re.sub(r"\b(Category|CATEGORY|Cat)\s+[l|I](?=\s|$|\W)", r"\1 1", text)
    text = re.sub(r"\b[l|](?=\d)", "1", text)
    return _TOKEN.sub(lambda m: _fix_token(m.group(0)), text)


def join_broken_lines(text: str) -> str:
    """Rejoin words hyphenated across line ends ("Rhino-\\nplasty", "Cred- its")."""
    text = re.sub(r"([a-z]{2,})-\s*\n\s*([a-z]{2,})", r"\1\2", text)
    text = re.sub(r"([a-z]{2,})- ([a-z]{2,})\b", r"\1\2", text)
    return text


def normalise_certificate(text: str) -> str:
    text = fix_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = fix_ocr(text)
    text = join_broken_lines(text)
    return TRADEMARKS.sub("", text)


def normalise_message(text: str) -> str:
    text = fix_mojibake(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return TRADEMARKS.sub("", text)
