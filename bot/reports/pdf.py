"""The CME report as a PDF: the portal's "CME Report for Cycle Ending in 2022", easier to read.

Page 1 shows who and which period, then the four ASPS requirements as bars
(earned / required, a check or what remains), then the portal's table
(Course and Sponsor, Date, Cat 1, Cat 2, Plastic Surgery Hours, Patient Safety
Hours) with a totals row. The header row repeats on every page, and every page
carries "Page n of N" and when the report was generated, because auditors
print these and pages get separated.

Speed: a cycle can hold 1,000 entries. Row heights are measured here with
`simpleSplit` and handed to the table, so reportlab never wraps a cell to size
a row (it would re-wrap every remaining row at each page break); the course
cell is a small flowable that only draws pre-split lines.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bot.domain import FLAG_AUTO_UPLOADED, FLAG_DUPLICATE, ZERO, Category, RecordedActivity, format_credits
from bot.reports.data import ReportData
from bot.reports.fonts import Fonts, report_fonts
from bot.requirements import Period, Standing, Summary

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

MARGIN = 42.0
PAGE_W, PAGE_H = LETTER
FRAME_W = PAGE_W - 2 * MARGIN

# Column widths sum to FRAME_W (528 pt on Letter).
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
PAD = 4.0
TITLE_SIZE, TITLE_LEAD = 8.5, 10.5
SPONSOR_SIZE, SPONSOR_LEAD = 7.5, 9.5
TAG_SIZE = 6.0
MAX_TITLE_LINES = 6
HEADER_HEIGHT = 3 * 9.0 + 2 * PAD

TAG_DUPLICATE = "DUPLICATE"
TAG_AUTO = "AUTO-UPLOADED"
LEGEND = {
    TAG_DUPLICATE: (
        "same title and start date as another entry. It counts in the totals as recorded; "
        "delete one copy if it was logged twice."
    ),
    TAG_AUTO: (
        "accredited by ASPS, CSPS, NWSPPS or SESPPRS. ASPS uploads these to your ASPS record "
        "itself, so do not submit them to ASPS again."
    ),
}


def render_pdf(report: ReportData, fonts: Fonts | None = None) -> bytes:
    fonts = fonts or report_fonts()
    buf = io.BytesIO()
    title = report_title(report.period)
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 14,
        title=title,
        author=report.member.name,
        subject="Continuing Medical Education record",
        creator="cmebot",
    )
    story: list[Flowable] = [
        Masthead(report, fonts),
        Spacer(1, 10),
        Bars(report.summary, fonts),
        Spacer(1, 14),
        entries_table(report.entries, fonts),
    ]
    story.extend(_notes(report, fonts))
    footer = _footer_text(report, fonts)
    doc.build(story, canvasmaker=_numbered_canvas(footer, fonts))
    return buf.getvalue()


# ---- words --------------------------------------------------------------------------


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def report_title(period: Period) -> str:
    """The portal's words for a cycle; the dates for any other range."""
    label = period.label.strip()
    if label.lower().startswith("cycle ending in"):
        return "CME Report for Cycle Ending in " + label[len("cycle ending in") :].strip()
    return f"CME Report for {long_date(period.start)} – {long_date(period.end)}"


def generated_text(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    zone = moment.tzname() or ""
    return f"{long_date(moment.date())}, {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'} {zone}".strip()


def member_line(report: ReportData) -> str:
    asps = f"ASPS ID# {report.member.asps_id}" if report.member.asps_id else "ASPS ID not on file"
    return f"{report.member.name} · {asps}"


def _footer_text(report: ReportData, fonts: Fonts) -> str:
    return fonts.clean(
        f"{member_line(report)} · {report_title(report.period)} · "
        f"Generated {generated_text(report.generated_at)}"
    )


# ---- page furniture -----------------------------------------------------------------


def _numbered_canvas(footer: str, fonts: Fonts) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page n of N"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            y = MARGIN - 6
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 10, PAGE_W - MARGIN, y + 10)
            self.setFillColor(MUTED)
            self.setFont(fonts.regular, 7)
            self.drawString(MARGIN, y, _fit(footer, fonts.regular, 7, FRAME_W - 70))
            self.setFont(fonts.bold, 7)
            self.drawRightString(PAGE_W - MARGIN, y, f"Page {number} of {total}")

    return NumberedCanvas


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class Masthead(Flowable):
    """Who and which period, the way the portal's report page opens."""

    def __init__(self, report: ReportData, fonts: Fonts) -> None:
        super().__init__()
        self.report, self.fonts = report, fonts
        self.height = 58.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        c, f, r = self.canv, self.fonts, self.report
        top = self.height
        c.setFillColor(ACCENT)
        c.rect(0, top - 4, self.width, 4, stroke=0, fill=1)
        name = _fit(f.clean(r.member.name), f.bold, 11, 190)
        email = _fit(f.clean(r.member.email or ""), f.regular, 8.5, 190)
        right = max(stringWidth(name, f.bold, 11), stringWidth(email, f.regular, 8.5), 90)
        c.setFillColor(INK)
        c.setFont(f.bold, 16)
        c.drawString(0, top - 26, _fit(f.clean(report_title(r.period)), f.bold, 16, self.width - right - 14))
        c.setFillColor(MUTED)
        c.setFont(f.regular, 9)
        span = f"{long_date(r.period.start)} – {long_date(r.period.end)}"
        c.drawString(0, top - 41, f.clean(f"{span} · {len(r.entries)} entries"))
        c.setFillColor(INK)
        c.setFont(f.bold, 11)
        c.drawRightString(self.width, top - 24, name)
        c.setFont(f.regular, 8.5)
        c.setFillColor(MUTED)
        asps = f"ASPS ID# {r.member.asps_id}" if r.member.asps_id else "ASPS ID not on file"
        c.drawRightString(self.width, top - 37, f.clean(asps))
        if email:
            c.drawRightString(self.width, top - 48, email)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(0, 2, self.width, 2)


class Bars(Flowable):
    """The four requirements as progress bars: earned / required, then a check or what remains."""

    ROW = 21.0
    LABEL_W = 128.0
    BAR_W = 230.0

    def __init__(self, summary: Summary, fonts: Fonts) -> None:
        super().__init__()
        self.summary, self.fonts = summary, fonts
        self.height = 22 + self.ROW * len(summary.standings)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        c, f, s = self.canv, self.fonts, self.summary
        met = sum(1 for st in s.standings if st.met)
        c.setFont(f.bold, 10)
        c.setFillColor(INK)
        c.drawString(0, self.height - 11, "Requirements")
        c.setFont(f.regular, 8.5)
        c.setFillColor(MET if s.all_met else MUTED)
        status = (
            f"All {len(s.standings)} requirements met"
            if s.all_met
            else f"{met} of {len(s.standings)} requirements met"
        )
        if s.days_left is not None:
            status += f" · {s.days_left} days left in this cycle"
        c.drawString(82, self.height - 11, f.clean(status))
        y = self.height - 22 - self.ROW + 6
        for standing in s.standings:
            self._row(standing, y)
            y -= self.ROW

    def _row(self, st: Standing, y: float) -> None:
        c, f = self.canv, self.fonts
        c.setFont(f.regular, 9)
        c.setFillColor(INK)
        c.drawString(0, y + 3, f.clean(st.metric.label))
        x0 = self.LABEL_W
        c.setFillColor(TRACK)
        c.roundRect(x0, y, self.BAR_W, 11, 3, stroke=0, fill=1)
        share = 1.0 if st.required <= ZERO else min(float(st.earned / st.required), 1.0)
        if share > 0:
            c.setFillColor(MET if st.met else SHORT)
            c.roundRect(x0, y, max(self.BAR_W * share, 6), 11, 3, stroke=0, fill=1)
        x = x0 + self.BAR_W + 10
        c.setFillColor(INK)
        c.setFont(f.bold, 9)
        earned = format_credits(st.earned)
        c.drawString(x, y + 2.5, earned)
        x += stringWidth(earned, f.bold, 9)
        c.setFont(f.regular, 9)
        c.setFillColor(MUTED)
        c.drawString(x, y + 2.5, f" / {format_credits(st.required)}")
        x = x0 + self.BAR_W + 82
        if st.met:
            _check(c, x, y + 1, MET)
            c.setFillColor(MET)
            c.setFont(f.bold, 9)
            c.drawString(x + 13, y + 2.5, "Met")
        else:
            c.setFillColor(SHORT)
            c.setFont(f.bold, 9)
            c.drawString(x, y + 2.5, f"{format_credits(st.remaining)} to go")


def _check(c: Canvas, x: float, y: float, color: colors.Color) -> None:
    """A drawn checkmark: the same in every font, Helvetica included."""
    c.saveState()
    c.setStrokeColor(color)
    c.setLineWidth(1.8)
    c.setLineCap(1)
    c.setLineJoin(1)
    path = c.beginPath()
    path.moveTo(x, y + 5)
    path.lineTo(x + 3.5, y + 1.5)
    path.lineTo(x + 10, y + 9)
    c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


# ---- the table ----------------------------------------------------------------------


def _split(text: str, font: str, size: float, width: float) -> list[str]:
    """simpleSplit, plus hard breaks inside words too long for the column (URLs, codes)."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut = max(1, cut * 3 // 4) if cut > 12 else cut - 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


class CourseCell(Flowable):
    """Title, then sponsor in grey with the entry's marks; lines are split before drawing."""

    def __init__(
        self, title: list[str], sponsor: list[str], tags: Sequence[str], fonts: Fonts, width: float
    ) -> None:
        super().__init__()
        self.title, self.sponsor, self.tags, self.fonts = title, sponsor, tags, fonts
        self.width = width
        self.height = len(title) * TITLE_LEAD + len(sponsor) * SPONSOR_LEAD

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, f = self.canv, self.fonts
        y = self.height - TITLE_SIZE
        c.setFillColor(INK)
        c.setFont(f.regular, TITLE_SIZE)
        for line in self.title:
            c.drawString(0, y, line)
            y -= TITLE_LEAD
        first_sponsor = self.height - len(self.title) * TITLE_LEAD - SPONSOR_SIZE
        y = first_sponsor
        c.setFillColor(MUTED)
        c.setFont(f.regular, SPONSOR_SIZE)
        for line in self.sponsor:
            c.drawString(0, y, line)
            y -= SPONSOR_LEAD
        x = self.width
        for tag in reversed(self.tags):
            x -= _tag(c, f, tag, x, first_sponsor - 1.8) + 3


def _tag_width(fonts: Fonts, tag: str) -> float:
    return stringWidth(tag, fonts.bold, TAG_SIZE) + 6


def _tag(c: Canvas, fonts: Fonts, tag: str, right: float, y: float) -> float:
    w = _tag_width(fonts, tag)
    c.setFillColor(DUPLICATE_TAG if tag == TAG_DUPLICATE else AUTO_TAG)
    c.roundRect(right - w, y, w, 8.5, 2, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(fonts.bold, TAG_SIZE)
    c.drawString(right - w + 3, y + 2.2, tag)
    return w


def tags(entry: RecordedActivity) -> list[str]:
    out = []
    if FLAG_DUPLICATE in entry.flags:
        out.append(TAG_DUPLICATE)
    if FLAG_AUTO_UPLOADED in entry.flags:
        out.append(TAG_AUTO)
    return out


def _date_text(entry: RecordedActivity) -> str:
    a = entry.activity
    if a.end_date == a.start_date:
        return short_date(a.start_date)
    return f"{short_date(a.start_date)}\nto {short_date(a.end_date)}"


def _course(entry: RecordedActivity, fonts: Fonts) -> CourseCell:
    a = entry.activity
    width = WIDTHS[1] - 2 * PAD
    title = _split(fonts.clean(a.title), fonts.regular, TITLE_SIZE, width)
    if len(title) > MAX_TITLE_LINES:
        title = title[:MAX_TITLE_LINES]
        title[-1] = _fit(title[-1] + "…", fonts.regular, TITLE_SIZE, width)
    marks = tags(entry)
    if a.category is Category.ONE and a.provider:
        sponsor_text = a.provider
    else:
        sponsor_text = f"{a.activity_type.label} · Category 2, no accredited provider"
    tag_room = sum(_tag_width(fonts, t) + 3 for t in marks)
    sponsor = _split(fonts.clean(sponsor_text), fonts.regular, SPONSOR_SIZE, width - tag_room)[:3]
    return CourseCell(title, sponsor, marks, fonts, width)


def _n(value: Decimal) -> str:
    return format_credits(value)


def entries_table(entries: Sequence[RecordedActivity], fonts: Fonts) -> Table:
    rows: list[list[Any]] = [list(HEADERS)]
    heights: list[float] = [HEADER_HEIGHT]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, TITLE_SIZE, TITLE_LEAD),
        ("FONT", (0, 0), (-1, 0), fonts.bold, 7.5, 9),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, STRIPE]),
    ]
    sums = [ZERO, ZERO, ZERO, ZERO]
    for i, entry in enumerate(entries, start=1):
        a = entry.activity
        cat1 = a.credits if a.category is Category.ONE else ZERO
        cat2 = a.credits if a.category is Category.TWO else ZERO
        values = (cat1, cat2, a.plastic_surgery_credits, a.patient_safety_credits)
        sums = [s + v for s, v in zip(sums, values, strict=True)]
        course = _course(entry, fonts)
        date_lines = 1 if a.end_date == a.start_date else 2
        heights.append(max(course.height, date_lines * TITLE_LEAD) + 2 * PAD)
        rows.append([str(entry.number), course, _date_text(entry), *(_n(v) for v in values)])
        if FLAG_DUPLICATE in entry.flags:
            style.append(("BACKGROUND", (0, i), (-1, i), DUPLICATE_TINT))
    count = len(entries)
    label = f"Totals ({count} {'entry' if count == 1 else 'entries'})" if count else "No activities in this period"
    rows.append(["", label, "", *(_n(v) for v in sums)])
    heights.append(TITLE_LEAD + 2 * PAD + 2)
    style += [
        ("FONT", (0, -1), (-1, -1), fonts.bold, TITLE_SIZE, TITLE_LEAD),
        ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
        ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
    ]
    return Table(rows, colWidths=WIDTHS, rowHeights=heights, repeatRows=1, style=TableStyle(style))


# ---- after the table ----------------------------------------------------------------


def _notes(report: ReportData, fonts: Fonts) -> list[Flowable]:
    style = ParagraphStyle("note", fontName=fonts.regular, fontSize=7.5, leading=10, textColor=MUTED)
    used = {t for e in report.entries for t in tags(e)}
    out: list[Flowable] = [Spacer(1, 8)]
    for tag in (TAG_DUPLICATE, TAG_AUTO):
        if tag in used:
            out.append(Paragraph(fonts.clean(f"<b>{tag}</b>: {LEGEND[tag]}"), style))
    kept = sum(len(e.document_ids) for e in report.entries)
    out.append(
        Paragraph(
            fonts.clean(
                f"Credits are AMA PRA Category 1 Credits™ and Category 2 Credits™ as recorded by the member; "
                f"plastic surgery and patient safety hours are parts of them. {kept} certificate "
                f"file{'s are' if kept != 1 else ' is'} kept with this record; verification may be "
                "requested for audits."
            ),
            style,
        )
    )
    return out
