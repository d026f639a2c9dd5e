"""One page per requirement set a member holds beyond ASPS: its rules, the entries it counts, its sources.

A licence board's auditor reads only its own page, so each set's page stands
alone: the set's name and period, every rule with what the record has toward
it (and when it does not apply, or the member's own word on it), the entries
inside the period that count, and at the foot the source each rule was read
from with the day it was checked, flagged when it is not the board's own page.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bot import set_messages as say
from bot.domain import RecordedActivity, format_credits
from bot.reports.fonts import Fonts
from bot.reports.table import fit
from bot.reports.theme import ACCENT, FRAME_W, INK, MARGIN, MET, MUTED, PAGE_H, RULE, SHORT, STRIPE
from bot.requirement_sets.model import RuleVerdict, SetVerdict
from bot.set_answers import period_text
from bot.set_entries import counted_entries

SOURCES_HEADING = "Sources"
RULES_HEADING = "Requirements"
ENTRIES_HEADING = "Entries that count toward {name} ({count})"
NO_ENTRIES = "No entry in this period counts toward it yet."
RULE_COLUMNS = ("Requirement", "Required", "Recorded", "Status")
ENTRY_COLUMNS = ("#", "Date", "Title", "Category", "Credits")


def _styles(fonts: Fonts) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("t", fontName=fonts.bold, fontSize=15, leading=19, textColor=INK),
        "sub": ParagraphStyle("s", fontName=fonts.regular, fontSize=9, leading=12, textColor=MUTED),
        "head": ParagraphStyle("h", fontName=fonts.bold, fontSize=10, leading=13, textColor=INK),
        "cell": ParagraphStyle("c", fontName=fonts.regular, fontSize=8, leading=10, textColor=INK),
        "note": ParagraphStyle("n", fontName=fonts.regular, fontSize=7, leading=9, textColor=MUTED),
    }


def _status(r: RuleVerdict) -> str:
    if not r.applies:
        return "Does not apply"
    if r.overridden is not None:
        return f"Met on your word ({r.overridden.on.isoformat()})"
    return "Met" if r.met else f"{format_credits(r.remaining)} to go"


def _table(rows: list[list[object]], widths: list[float], fonts: Fonts) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), fonts.bold, 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, STRIPE]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 1), (-1, -1), fonts.regular, 8),
            ]
        )
    )
    return table


def set_page(verdict: SetVerdict, entries: list[RecordedActivity], fonts: Fonts) -> list[Flowable]:
    st = _styles(fonts)

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(fonts.clean(escape(text)), st[style])

    out: list[Flowable] = [
        SourcesMark(source_lines(verdict)),
        para(f"{verdict.set.name}", "title"),
        para(f"{period_text(verdict)} · {'all requirements met' if verdict.met else 'not yet met'}", "sub"),
        Spacer(1, 10),
        para(RULES_HEADING, "head"),
        Spacer(1, 4),
    ]
    rows: list[list[object]] = [list(RULE_COLUMNS)]
    for r in verdict.rules:
        label = r.rule.label + ("" if r.rule.source.verified else " *")
        status = para(_status(r), "cell")
        status.style = ParagraphStyle("st", parent=st["cell"], textColor=MET if r.met else SHORT)
        rows.append([para(label, "cell"), format_credits(r.required), format_credits(r.earned), status])
    out.append(_table(rows, [FRAME_W * 0.52, FRAME_W * 0.12, FRAME_W * 0.12, FRAME_W * 0.24], fonts))
    counted = counted_entries(entries, verdict)
    out += [Spacer(1, 12), para(ENTRIES_HEADING.format(name=verdict.set.short, count=len(counted)), "head")]
    out.append(Spacer(1, 4))
    if counted:
        erows: list[list[object]] = [list(ENTRY_COLUMNS)]
        for e in counted:
            a = e.activity
            erows.append(
                [
                    str(e.number),
                    a.start_date.isoformat(),
                    para(a.title, "cell"),
                    f"Cat {a.category.value}",
                    format_credits(a.credits),
                ]
            )
        widths = [FRAME_W * 0.07, FRAME_W * 0.14, FRAME_W * 0.55, FRAME_W * 0.11, FRAME_W * 0.13]
        out.append(_table(erows, widths, fonts))
    else:
        out.append(para(NO_ENTRIES, "sub"))
    return out


def source_lines(verdict: SetVerdict) -> list[str]:
    """Each distinct source with the day it was checked; an unverified one says so."""
    seen: dict[str, tuple[str, bool]] = {}
    for s in (verdict.set.source, *(r.rule.source for r in verdict.rules)):
        day, ok = seen.get(s.url, (s.checked.isoformat(), True))
        seen[s.url] = (max(day, s.checked.isoformat()), ok and s.verified)
    lines = [f"{url} (checked {day}){'' if ok else ' *'}" for url, (day, ok) in seen.items()]
    if not all(ok for _, ok in seen.values()):  # the star, once, in the words the chat uses
        lines.append(f"* {say.UNVERIFIED.strip()}")
    return lines


class SourcesMark(Flowable):  # type: ignore[misc]
    """Takes no room; tells the page it is drawn on which sources its footer lists."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.cme_sources = self.lines


# Room above the page number for the sources: a heading and up to SOURCE_LINES lines.
SOURCE_LINES = 6
SOURCE_LEADING = 8.0
SOURCES_ROOM = 14 + SOURCE_LEADING * (SOURCE_LINES + 1)


def sets_template(fonts: Fonts) -> PageTemplate:
    """A set's page: the body stops above its footer, where the rules' sources are listed."""
    bottom = MARGIN + 14 + SOURCES_ROOM
    frame = Frame(MARGIN, bottom, FRAME_W, PAGE_H - MARGIN - bottom, 0, 0, 0, 0, id="set")

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        lines: list[str] = list(getattr(canvas, "cme_sources", []))
        if not lines:
            return
        if len(lines) > SOURCE_LINES:
            lines = [*lines[: SOURCE_LINES - 1], f"… and {len(lines) - SOURCE_LINES + 1} more"]
        y = MARGIN + 14 + SOURCE_LEADING * len(lines)
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(fonts.bold, 7.5)
        canvas.drawString(MARGIN, y + 2, SOURCES_HEADING)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.regular, 6.5)
        for line in lines:
            y -= SOURCE_LEADING
            canvas.drawString(MARGIN, y + 2, fit(fonts.clean(line), fonts.regular, 6.5, FRAME_W))
        canvas.restoreState()

    return PageTemplate(SETS_TEMPLATE, [frame], onPageEnd=footer)


SETS_TEMPLATE = "sets"


def set_pages(
    report_sets: tuple[SetVerdict, ...],
    set_entries: dict[str, list[RecordedActivity]],
    fonts: Fonts,
    *,
    first_break: bool,
) -> list[Flowable]:
    """Every set's page, each starting on a new page (the first only after the ASPS report)."""
    out: list[Flowable] = []
    for i, verdict in enumerate(report_sets):
        if i or first_break:
            out.extend([NextPageTemplate(SETS_TEMPLATE), PageBreak()])
        out.extend(set_page(verdict, set_entries.get(verdict.set.code, []), fonts))
    return out
