"""Colours and page geometry shared by the PDF's parts, so they stay in step."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER

INK = colors.HexColor("#1B2A33")
MUTED = colors.HexColor("#5B6B75")
ACCENT = colors.HexColor("#1F5C70")
TRACK = colors.HexColor("#E4E9EC")
STRIPE = colors.HexColor("#F4F7F8")
RULE = colors.HexColor("#C9D3D8")
MET = colors.HexColor("#2E7D4F")
SHORT = colors.HexColor("#C26A00")
DUPLICATE_TINT = colors.HexColor("#FFF1DC")
DUPLICATE_TAG = colors.HexColor("#B45F00")
AUTO_TAG = colors.HexColor("#2D6E8E")
WHITE = colors.white

# US Letter: the members are US physicians and print on Letter.
PAGE_W, PAGE_H = LETTER
MARGIN = 42.0
FRAME_W = PAGE_W - 2 * MARGIN
