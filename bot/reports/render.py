"""One entry point for every report format, so doors only pass a format name."""

from __future__ import annotations

from bot.envelope import ReplyFile
from bot.reports.csv_format import render_csv
from bot.reports.data import FORMATS, ReportData
from bot.reports.naming import pack_filename, report_filename, slug
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
    if fmt in ("pdf", "csv"):
        name = report_filename(report.period, fmt)
        if report.only:  # "my Texas report": cme-report-texas-2020-06-01-to-2022-05-31.pdf
            name = name.replace("cme-report-", f"cme-report-{slug(report.only)}-", 1)
        data = render_pdf(report) if fmt == "pdf" else render_csv(report)
        return ReplyFile(name, CONTENT_TYPES[fmt], data)
    if fmt == "zip":
        return ReplyFile(pack_filename(report.period), CONTENT_TYPES["zip"], render_zip(report))
    raise ValueError(f"Reports come as {', '.join(FORMATS)}, not {fmt!r}.")
