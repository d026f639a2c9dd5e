"""The report's typeface: DejaVu Sans when the system has it, Helvetica otherwise.

Certificates and titles carry "AMA PRA Category 1 Credit™", em dashes and
accented names ("Société française…"); reportlab's built-in Helvetica only
knows WinAnsi, so a TrueType font with those glyphs is registered when one is
found (Debian's `fonts-dejavu-core` puts it in /usr/share/fonts). Without it
the report still renders: `clean` rewrites what Helvetica cannot show.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Searched in order; CMEBOT_FONT_DIR lets a deployment point at its own copy.
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)

# What Helvetica (WinAnsi) cannot show, in readable ASCII. "™", "—", "é" and
# curly quotes are in WinAnsi, so they stay as they are.
_FALLBACK = str.maketrans(
    {
        "✓": "OK",
        "✔": "OK",
        "≥": ">=",
        "≤": "<=",
        "→": "->",
        "−": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    unicode: bool  # True: every glyph we use exists; False: run text through `clean`
    # Entry numbers, dates and credit figures: ASCII only, so a built-in font does.
    # A TrueType font is subset string by string, which is most of a 1,000-row
    # report's time; the built-in Helvetica costs nothing to embed.
    numeric: str = "Helvetica"
    numeric_bold: str = "Helvetica-Bold"

    def clean(self, text: str) -> str:
        """Text as the font can draw it; a no-op with a Unicode font."""
        if self.unicode:
            return text
        text = text.translate(_FALLBACK)
        try:
            text.encode("cp1252")
            return text
        except UnicodeEncodeError:
            pass
        out = []
        for ch in text:
            try:
                ch.encode("cp1252")
                out.append(ch)
            except UnicodeEncodeError:
                base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
                out.append(base or "?")
        return "".join(out)


def _find(name: str, dirs: tuple[str, ...]) -> Path | None:
    for folder in dirs:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return None


@cache
def report_fonts() -> Fonts:
    """Register DejaVu Sans once per process: parsing the TTF is the cold render's extra cost.

    bench/report.py prints the cold first render apart from the warm ones.
    """
    extra = os.environ.get("CMEBOT_FONT_DIR")
    dirs = ((extra,) if extra else ()) + FONT_DIRS
    regular, bold = _find("DejaVuSans.ttf", dirs), _find("DejaVuSans-Bold.ttf", dirs)
    if regular is None or bold is None:
        return Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    try:
        pdfmetrics.registerFont(TTFont("CmeSans", str(regular)))
        pdfmetrics.registerFont(TTFont("CmeSans-Bold", str(bold)))
    except Exception:  # a truncated or unreadable font file must not cost the member their report
        return Fonts("Helvetica", "Helvetica-Bold", unicode=False)
    return Fonts("CmeSans", "CmeSans-Bold", unicode=True)


HELVETICA = Fonts("Helvetica", "Helvetica-Bold", unicode=False)
