"""Placeholder renderer until the reports issue lands: a CSV for every format."""

from __future__ import annotations

import csv
import io

from bot.envelope import ReplyFile
from bot.reports.data import ReportData


def render(report: ReportData, fmt: str) -> ReplyFile:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["number", "title", "start_date", "credits"])
    for e in report.entries:
        writer.writerow([e.number, e.activity.title, e.activity.start_date, e.activity.credits])
    return ReplyFile("cme-report.csv", "text/csv", buf.getvalue().encode())
