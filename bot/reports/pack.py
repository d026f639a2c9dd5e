"""The audit pack: report PDF, CSV data file and every kept certificate, in one zip.

Seed: "Verification of activities and credits may be requested by various
entities for auditing purposes" and "maintain a permanent file of your
certificates". An auditor gets one file; each certificate is named by entry
number, date and title, so it matches a row of the report without opening it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from bot.reports.csv_format import render_csv
from bot.reports.data import ReportData
from bot.reports.naming import certificate_filename, report_filename
from bot.reports.pdf import render_pdf

CERTIFICATES = "certificates/"
# Already-compressed formats are stored as they are: deflating them again costs time for nothing.
STORED = (".jpg", ".png", ".gif", ".heic", ".webp", ".zip")


def certificate_names(report: ReportData) -> list[tuple[str, bytes]]:
    """(name in the zip, data) for each certificate, in entry order, names unique."""
    by_number = {e.number: e for e in report.entries}
    seen: dict[int, int] = {}
    out: list[tuple[str, bytes]] = []
    for doc, data in sorted(report.documents, key=lambda d: (d[0].entry_number or 0, d[0].id)):
        entry = by_number.get(doc.entry_number or -1)
        if entry is None:
            continue
        index = seen.get(entry.number, 0)
        seen[entry.number] = index + 1
        out.append((CERTIFICATES + certificate_filename(entry, doc, data, index), data))
    return out


def _stamp(moment: datetime) -> tuple[int, int, int, int, int, int]:
    # Zip timestamps cannot go before 1980; the generation time is what the pack vouches for.
    year = max(moment.year, 1980)
    return (year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def render_zip(report: ReportData) -> bytes:
    buf = io.BytesIO()
    stamp = _stamp(report.generated_at)
    files = [
        (report_filename(report.period, "pdf"), render_pdf(report)),
        (report_filename(report.period, "csv"), render_csv(report)),
        *certificate_names(report),
    ]
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
