"""One entry point for every report format, so doors only pass a format name."""

from __future__ import annotations

from bot.envelope import ReplyFile
from bot.reports.csv_format import render_csv
from bot.reports.data import FORMATS, ReportData
from bot.reports.naming import pack_filename, report_filename
from bot.reports.pack import render_zip
from bot.reports.pdf import render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "zip": "application/zip",
}


def render(report: ReportData, fmt: str) -> ReplyFile:
    """The report as a file; ValueError names the formats when `fmt` is not one of them."""
    fmt = fmt.lower().strip()
    if fmt == "pdf":
        return ReplyFile(report_filename(report.period, "pdf"), CONTENT_TYPES["pdf"], render_pdf(report))
    if fmt == "csv":
        return ReplyFile(report_filename(report.period, "csv"), CONTENT_TYPES["csv"], render_csv(report))
    if fmt == "zip":
        return ReplyFile(pack_filename(report.period), CONTENT_TYPES["zip"], render_zip(report))
    raise ValueError(f"Reports come as {', '.join(FORMATS)}, not {fmt!r}.")
