"""The report's entries table, drawn straight onto the canvas.

The portal's columns (Course and Sponsor, Date, Cat 1, Cat 2, Plastic Surgery
Hours, Patient Safety Hours) plus the entry number members use in chat (#12),
a totals row, and marks on duplicate and auto-uploaded entries.

Why not platypus `Table`: a cycle can hold 1,000 entries and reportlab's Table
re-applies its style to every cell and rebuilds itself at every page break;
measured here, that bookkeeping was most of a long report's time (bench/report.py
times this table against a bare platypus Table). Rows are
measured once (`simpleSplit`), a page takes as many as fit (a bisect on the
running heights), and each page draws its shapes and then its text in one
text object. The header row is drawn again on every page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from bot.domain import FLAG_AUTO_UPLOADED, FLAG_DUPLICATE, ZERO, Category, RecordedActivity, format_credits
from bot.reports.fonts import Fonts
from bot.reports.theme import (
    ACCENT,
    AUTO_TAG,
    DUPLICATE_TAG,
    DUPLICATE_TINT,
    FRAME_W,
    INK,
    MUTED,
    RULE,
    STRIPE,
    WHITE,
)

COLUMNS: tuple[tuple[str, float], ...] = (
    ("#", 26.0),
    ("Course and Sponsor", 236.0),
    ("Date", 70.0),
    ("Cat 1", 40.0),
    ("Cat 2", 40.0),
    ("Plastic\nSurgery\nHours", 58.0),
    ("Patient\nSafety\nHours", 58.0),
)
HEADERS = [h for h, _ in COLUMNS]
WIDTHS = [w for _, w in COLUMNS]
LEFTS = [sum(WIDTHS[:i]) for i in range(len(WIDTHS))]
RIGHTS = [sum(WIDTHS[: i + 1]) for i in range(len(WIDTHS))]
assert abs(RIGHTS[-1] - FRAME_W) < 0.01, "columns must fill the frame"

PAD = 4.0
TITLE_SIZE, TITLE_LEAD = 8.5, 10.5
SPONSOR_SIZE, SPONSOR_LEAD = 7.5, 9.5
HEAD_SIZE, HEAD_LEAD = 7.5, 9.0
TAG_SIZE, TAG_H = 6.0, 8.5
MAX_TITLE_LINES = 6
MAX_SPONSOR_LINES = 3
HEADER_HEIGHT = 3 * HEAD_LEAD + 2 * PAD
TOTAL_HEIGHT = TITLE_LEAD + 2 * PAD + 2

TAG_DUPLICATE = "DUPLICATE"
TAG_AUTO = "AUTO-UPLOADED"


@dataclass(frozen=True, slots=True)
class Row:
    """One measured row: every string already split into the lines it will draw."""

    number: str
    title: list[str]
    sponsor: list[str]
    tags: tuple[str, ...]
    dates: tuple[str, ...]
    values: tuple[str, str, str, str]
    height: float
    total: bool = False


def tags(entry: RecordedActivity) -> tuple[str, ...]:
    out = []
    if FLAG_DUPLICATE in entry.flags:
        out.append(TAG_DUPLICATE)
    if FLAG_AUTO_UPLOADED in entry.flags:
        out.append(TAG_AUTO)
    return tuple(out)


def short_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with "…" when it is wider than `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def split_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """simpleSplit, plus hard breaks inside words too long for the column (URLs, codes)."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while len(line) > 1 and stringWidth(line, font, size) > width:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


@lru_cache(maxsize=4096)
def width(text: str, font: str, size: float) -> float:
    """Widths of the short strings a table repeats ("0", "1.5", tags), measured once."""
    return float(stringWidth(text, font, size))


def tag_width(fonts: Fonts, tag: str) -> float:
    return width(tag, fonts.bold, TAG_SIZE) + 6


def measure(entry: RecordedActivity, fonts: Fonts) -> Row:
    a = entry.activity
    width = WIDTHS[1] - 2 * PAD
    title = split_lines(fonts.clean(a.title), fonts.regular, TITLE_SIZE, width)
    if len(title) > MAX_TITLE_LINES:
        title = title[:MAX_TITLE_LINES]
        title[-1] = fit(title[-1] + "…", fonts.regular, TITLE_SIZE, width)
    marks = tags(entry)
    if a.category is Category.ONE and a.provider:
        sponsor_text = a.provider
    else:
        sponsor_text = f"{a.activity_type.label} · Category 2, no accredited provider"
    room = width - sum(tag_width(fonts, t) + 3 for t in marks)
    sponsor = split_lines(fonts.clean(sponsor_text), fonts.regular, SPONSOR_SIZE, room)[:MAX_SPONSOR_LINES]
    if a.end_date == a.start_date:
        dates: tuple[str, ...] = (short_date(a.start_date),)
    else:
        dates = (short_date(a.start_date), f"to {short_date(a.end_date)}")
    cat1 = a.credits if a.category is Category.ONE else ZERO
    cat2 = a.credits if a.category is Category.TWO else ZERO
    values = (cat1, cat2, a.plastic_surgery_credits, a.patient_safety_credits)
    text_h = len(title) * TITLE_LEAD + len(sponsor) * SPONSOR_LEAD
    return Row(
        number=str(entry.number),
        title=title,
        sponsor=sponsor,
        tags=marks,
        dates=dates,
        values=(
            format_credits(values[0]),
            format_credits(values[1]),
            format_credits(values[2]),
            format_credits(values[3]),
        ),
        height=max(text_h, len(dates) * TITLE_LEAD) + 2 * PAD,
    )


def totals(entries: Sequence[RecordedActivity]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Cat 1, Cat 2, plastic surgery, patient safety: the sums of the rows as printed."""
    c1 = c2 = pl = ps = ZERO
    for e in entries:
        a = e.activity
        if a.category is Category.ONE:
            c1 += a.credits
        else:
            c2 += a.credits
        pl += a.plastic_surgery_credits
        ps += a.patient_safety_credits
    return c1, c2, pl, ps


def build_rows(entries: Sequence[RecordedActivity], fonts: Fonts) -> list[Row]:
    rows = [measure(e, fonts) for e in entries]
    count = len(entries)
    label = (
        f"Totals ({count} {'entry' if count == 1 else 'entries'})"
        if count
        else "No activities in this period"
    )
    sums = totals(entries)
    rows.append(
        Row("", [label], [], (), (), tuple(format_credits(v) for v in sums), TOTAL_HEIGHT, total=True)  # type: ignore[arg-type]
    )
    return rows


class EntriesTable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Rows [start, stop) of the table; `split` hands the rest to the next page."""

    def __init__(
        self, rows: list[Row], fonts: Fonts, start: int = 0, stop: int | None = None,
        tops: list[float] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.rows, self.fonts = rows, fonts
        self.start, self.stop = start, len(rows) if stop is None else stop
        # tops[i] = height of rows[0:i]; shared by every part, computed once.
        self.tops = tops if tops is not None else [0.0, *accumulate(r.height for r in rows)]
        self.width = FRAME_W
        self.height = HEADER_HEIGHT + self.tops[self.stop] - self.tops[self.start]

    @classmethod
    def of(cls, entries: Sequence[RecordedActivity], fonts: Fonts) -> EntriesTable:
        return cls(build_rows(entries, fonts), fonts)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        room = ah - HEADER_HEIGHT
        if room <= 0:
            return []
        # How many rows fit: the last i with tops[i] - tops[start] <= room.
        fits = bisect_right(self.tops, self.tops[self.start] + room + 1e-6) - 1 - self.start
        fits = min(fits, self.stop - self.start)
        if fits <= 0:
            return []
        if fits == self.stop - self.start:
            return [self]
        cut = self.start + fits
        if cut == self.stop - 1 and self.rows[cut].total and fits > 1:
            cut -= 1  # never leave the totals row alone on a page
        return [
            EntriesTable(self.rows, self.fonts, self.start, cut, self.tops),
            EntriesTable(self.rows, self.fonts, cut, self.stop, self.tops),
        ]

    def draw(self) -> None:
        c, f = self.canv, self.fonts
        text = c.beginText()
        pen = _Pen(text)
        top = self.height
        # Header band.
        c.setFillColor(ACCENT)
        c.rect(0, top - HEADER_HEIGHT, self.width, HEADER_HEIGHT, stroke=0, fill=1)
        pen.font(f.bold, HEAD_SIZE, WHITE)
        for i, header in enumerate(HEADERS):
            lines = header.split("\n")
            y = top - HEADER_HEIGHT + PAD + 2 + (len(lines) - 1) * HEAD_LEAD
            for line in lines:
                x = LEFTS[i] + PAD if i < 3 else RIGHTS[i] - PAD - width(line, f.bold, HEAD_SIZE)
                pen.at(x, y, line)
                y -= HEAD_LEAD
        y = top - HEADER_HEIGHT
        rules: list[tuple[float, float, float, float]] = []
        for index in range(self.start, self.stop):
            row = self.rows[index]
            bottom = y - row.height
            if row.total:
                self._total(row, y, pen)
            else:
                self._shapes(row, index, y, bottom)
                self._text(row, y, pen)
                rules.append((0, bottom, self.width, bottom))
            y = bottom
        if rules:
            c.setStrokeColor(RULE)
            c.setLineWidth(0.25)
            c.lines(rules)
        c.drawText(text)

    def _shapes(self, row: Row, index: int, y: float, bottom: float) -> None:
        c = self.canv
        fill: Color | None = DUPLICATE_TINT if TAG_DUPLICATE in row.tags else STRIPE if index % 2 else None
        if fill is not None:
            c.setFillColor(fill)
            c.rect(0, bottom, self.width, row.height, stroke=0, fill=1)
        right = RIGHTS[1] - PAD
        tag_y = y - PAD - len(row.title) * TITLE_LEAD - SPONSOR_SIZE - 1.8
        for tag in reversed(row.tags):
            w = tag_width(self.fonts, tag)
            c.setFillColor(DUPLICATE_TAG if tag == TAG_DUPLICATE else AUTO_TAG)
            c.roundRect(right - w, tag_y, w, TAG_H, 2, stroke=0, fill=1)
            right -= w + 3

    def _text(self, row: Row, y: float, pen: _Pen) -> None:
        f = self.fonts
        first = y - PAD - TITLE_SIZE
        pen.font(f.numeric, TITLE_SIZE, MUTED)
        pen.at(LEFTS[0] + PAD, first, row.number)
        pen.font(f.regular, TITLE_SIZE, INK)
        line_y = first
        for line in row.title:
            pen.at(LEFTS[1] + PAD, line_y, line)
            line_y -= TITLE_LEAD
        line_y = y - PAD - len(row.title) * TITLE_LEAD - SPONSOR_SIZE
        sponsor_y = line_y
        pen.font(f.regular, SPONSOR_SIZE, MUTED)
        for line in row.sponsor:
            pen.at(LEFTS[1] + PAD, line_y, line)
            line_y -= SPONSOR_LEAD
        if row.tags:
            pen.font(f.bold, TAG_SIZE, WHITE)
            right = RIGHTS[1] - PAD
            for tag in reversed(row.tags):
                w = tag_width(f, tag)
                pen.at(right - w + 3, sponsor_y + 0.4, tag)
                right -= w + 3
        pen.font(f.numeric, TITLE_SIZE, INK)
        line_y = first
        for line in row.dates:
            pen.at(LEFTS[2] + PAD, line_y, line)
            line_y -= TITLE_LEAD
        for i, value in enumerate(row.values, start=3):
            pen.at(RIGHTS[i] - PAD - width(value, f.numeric, TITLE_SIZE), first, value)

    def _total(self, row: Row, y: float, pen: _Pen) -> None:
        c, f = self.canv, self.fonts
        c.setStrokeColor(INK)
        c.setLineWidth(1)
        c.line(0, y, self.width, y)
        base = y - PAD - TITLE_SIZE - 2
        pen.font(f.bold, TITLE_SIZE, INK)
        pen.at(LEFTS[1] + PAD, base, row.title[0])
        pen.font(f.numeric_bold, TITLE_SIZE, INK)
        for i, value in enumerate(row.values, start=3):
            pen.at(RIGHTS[i] - PAD - width(value, f.numeric_bold, TITLE_SIZE), base, value)


class _Pen:
    """Writes into one text object, changing font and colour only when they change."""

    def __init__(self, text: PDFTextObject) -> None:
        self.text = text
        self.current: tuple[str, float] | None = None
        self.color: Color | None = None

    def font(self, name: str, size: float, color: Color) -> None:
        if self.current != (name, size):
            self.text.setFont(name, size)
            self.current = (name, size)
        if self.color is not color:
            self.text.setFillColor(color)
            self.color = color

    def at(self, x: float, y: float, line: str) -> None:
        self.text.setTextOrigin(x, y)
        # `_textOut` is `textOut` without measuring the string to advance a cursor we never
        # use: a third of the cost of 10,000 strings in pure-Python reportlab.
        self.text._textOut(line)
