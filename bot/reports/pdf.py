"""The CME report as a PDF: the portal's "CME Report for Cycle Ending in 2022", easier to read.

Page 1 shows who and which period, then the four ASPS requirements as bars
(earned / required, a check or what remains), then the portal's table
(Course and Sponsor, Date, Cat 1, Cat 2, Plastic Surgery Hours, Patient Safety
Hours) with a totals row. The header row repeats on every page, and every page
carries "Page n of N" and when the report was generated, because auditors
print these and pages get separated.

The table itself is `bot.reports.table` (drawn directly, for speed).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from bot.domain import ZERO, format_credits
from bot.reports.data import ReportData
from bot.reports.fonts import Fonts, report_fonts
from bot.reports.set_pages import set_pages, sets_template
from bot.reports.table import TAG_AUTO, TAG_DUPLICATE, EntriesTable, fit, tags
from bot.reports.theme import ACCENT, FRAME_W, INK, MARGIN, MET, MUTED, PAGE_H, PAGE_W, RULE, SHORT, TRACK
from bot.requirements import Period, Standing, Summary

# ASCII85 wraps every compressed page stream in text, 25% bigger and, without
# reportlab's optional C accelerator, a fifth of the render time. Every PDF
# reader since 1.2 reads plain Flate streams.
rl_config.useA85 = 0

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
    doc = BaseDocTemplate(
        buf,
        pagesize=LETTER,
        title=title,
        author=report.member.name,
        subject="Continuing Medical Education record",
        creator="cmebot",
    )
    # No frame padding: the table and the masthead span exactly FRAME_W.
    frame = Frame(MARGIN, MARGIN + 14, FRAME_W, PAGE_H - 2 * MARGIN - 14, 0, 0, 0, 0, id="body")
    templates = [PageTemplate("page", [frame]), sets_template(fonts)]
    doc.addPageTemplates(templates[::-1] if report.only else templates)  # "my Texas report": sets' first
    story: list[Flowable] = []
    if report.only is None:
        story = [
            Masthead(report, fonts),
            Spacer(1, 10),
            Bars(report.summary, fonts),
            Spacer(1, 14),
            EntriesTable.of(report.entries, fonts),
        ]
        story.extend(_notes(report, fonts))
    # Issue 14: a page per set held beyond ASPS, or only the set asked for ("my Texas report").
    shown = tuple(
        v for v in report.sets if (v.set.code == report.only if report.only else v.set.code != "asps")
    )
    story.extend(set_pages(shown, report.set_entries, fonts, first_break=report.only is None))
    footer = _footer_text(report, fonts)
    doc.build(story, canvasmaker=_numbered_canvas(footer, fonts))
    return buf.getvalue()


# ---- words --------------------------------------------------------------------------


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def report_title(period: Period) -> str:
    """The portal's words for a cycle; the dates for any other range."""
    label = period.label.strip()
    if label.lower().startswith("cycle ending in"):
        return "CME Report for Cycle Ending in " + label[len("cycle ending in") :].strip()
    return f"CME Report for {long_date(period.start)} – {long_date(period.end)}"


def generated_text(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    zone = moment.tzname() or ""
    return (
        f"{long_date(moment.date())}, {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'} {zone}".strip()
    )


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

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
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
            self.drawString(MARGIN, y, fit(footer, fonts.regular, 7, FRAME_W - 70))
            self.setFont(fonts.bold, 7)
            self.drawRightString(PAGE_W - MARGIN, y, f"Page {number} of {total}")

    return NumberedCanvas


class Masthead(Flowable):  # type: ignore[misc]
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
        name = fit(f.clean(r.member.name), f.bold, 11, 190)
        email = fit(f.clean(r.member.email or ""), f.regular, 8.5, 190)
        right = max(stringWidth(name, f.bold, 11), stringWidth(email, f.regular, 8.5), 90)
        c.setFillColor(INK)
        c.setFont(f.bold, 16)
        c.drawString(0, top - 26, fit(f.clean(report_title(r.period)), f.bold, 16, self.width - right - 14))
        c.setFillColor(MUTED)
        c.setFont(f.regular, 9)
        span = f"{long_date(r.period.start)} – {long_date(r.period.end)}"
        count = len(r.entries)
        c.drawString(0, top - 41, f.clean(f"{span} · {count} {'entry' if count == 1 else 'entries'}"))
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


class Bars(Flowable):  # type: ignore[misc]
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


def _check(c: Canvas, x: float, y: float, color: Color) -> None:
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


# ---- after the table ----------------------------------------------------------------


def _notes(report: ReportData, fonts: Fonts) -> list[Flowable]:
    style = ParagraphStyle("note", fontName=fonts.regular, fontSize=7.5, leading=10, textColor=MUTED)
    used = {t for e in report.entries for t in tags(e)}
    out: list[Flowable] = [Spacer(1, 8)]
    for tag in (TAG_DUPLICATE, TAG_AUTO):
        if tag in used:
            out.append(
                Paragraph(fonts.clean(f'<font name="{fonts.bold}">{tag}</font>: {LEGEND[tag]}'), style)
            )
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
