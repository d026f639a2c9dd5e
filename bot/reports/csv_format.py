"""The CSV data file: every form field, one row per activity.

RFC 4180 (CRLF line ends, fields quoted only when they must be) in UTF-8 with
a byte-order mark: without the BOM, Excel on Windows reads "™" and accents as
cp1252 mojibake; Google Sheets and LibreOffice ignore it. Dates are ISO
(2021-03-20), which every spreadsheet reads as a date whatever its locale.
Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with
an apostrophe (OWASP "CSV injection"); the importer takes it off again.
"""

from __future__ import annotations

import csv
import io

from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    FLAG_OVERRIDE_PLAUSIBILITY,
    Category,
    RecordedActivity,
    format_credits,
)
from bot.entry_topics import entry_topics
from bot.reports.columns import COUNTS_TOWARD, EXPORT_COLUMNS
from bot.reports.data import ReportData
from bot.requirement_sets.model import SetVerdict
from bot.rules import auto_uploaded_society
from bot.set_entries import counts_toward

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_APPLICABLE = "N/A"  # seed: provider is "not applicable (N/A)" for Category 2

FLAG_NOTES = {
    FLAG_DUPLICATE: "Duplicate",
    FLAG_AUTO_UPLOADED: "Auto-uploaded by {society}",
    FLAG_OVERRIDE_PLAUSIBILITY: "Unusual amount, confirmed",
}


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def notes(entry: RecordedActivity) -> str:
    """Flags in words, in a fixed order so the file diffs cleanly."""
    out = []
    for flag in (FLAG_DUPLICATE, FLAG_AUTO_UPLOADED, FLAG_OVERRIDE_PLAUSIBILITY):
        if flag in entry.flags:
            society = auto_uploaded_society(entry.activity.provider) or "ASPS"
            out.append(FLAG_NOTES[flag].format(society=society))
    return "; ".join(out)


def topic_labels(entry: RecordedActivity) -> str:
    known = entry_topics()
    return "; ".join(sorted(known[t].label if t in known else t for t in entry.activity.topics))


def row(entry: RecordedActivity, sets: tuple[SetVerdict, ...] = ()) -> list[str]:
    a = entry.activity
    provider = a.provider if a.category is Category.ONE else None
    values = {
        "entry": str(entry.number),
        "start_date": a.start_date.isoformat(),
        "end_date": a.end_date.isoformat(),
        "title": safe_text(a.title),
        "activity_type": a.activity_type.label,
        "category": a.category.label,
        "provider": safe_text(provider) if provider else NOT_APPLICABLE,
        "credits": format_credits(a.credits),
        "patient_safety_credits": format_credits(a.patient_safety_credits),
        "plastic_surgery_credits": format_credits(a.plastic_surgery_credits),
        "city": safe_text(a.city or ""),
        "state": safe_text(a.state or ""),
        "country": safe_text(a.country or ""),
        "topics": topic_labels(entry),
        "notes": notes(entry),
        "certificates": str(len(entry.document_ids)),
    }
    held = ["Yes" if counts_toward(a, v) else "No" for v in sets]
    return [values[f] for _, f in EXPORT_COLUMNS] + held


def render_csv(report: ReportData) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    sets = tuple(v for v in report.sets if report.only in (None, v.set.code))
    entries = report.set_entries.get(report.only, []) if report.only else report.entries
    writer.writerow([h for h, _ in EXPORT_COLUMNS] + [COUNTS_TOWARD.format(name=v.set.short) for v in sets])
    writer.writerows(row(e, sets) for e in entries)
    return buf.getvalue().encode("utf-8")
