"""The CSV data file: RFC 4180 for spreadsheets, and a faithful copy of the record."""

from __future__ import annotations

import csv
import io

from bot.importing import import_csv
from bot.reports import render
from bot.reports.columns import EXPORT_COLUMNS
from storage.store import SqlStore
from tests.reports.records import TODAY, add_steve, cycle_report, seed


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_the_csv_opens_cleanly_in_a_spreadsheet(store: SqlStore) -> None:
    """GIVEN titles with ™, accents, quotes, commas, a line break and a formula
    WHEN the record is exported as CSV
    THEN it is UTF-8 with a BOM, CRLF-terminated, ISO-dated, and no cell runs as a formula."""
    steve = await add_steve(store)
    await seed(store, steve)
    file = render(await cycle_report(store, steve), "csv")
    assert file.filename == "cme-report-cycle-2022.csv" and file.content_type == "text/csv"
    data = file.data
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    outside_cells = text.replace("Line one\nline two", "")
    assert outside_cells.count("\n") == outside_cells.count("\r\n") == 9  # header + 8 rows, CRLF each
    rows = _rows(data)
    assert rows[0] == [h for h, _ in EXPORT_COLUMNS]
    by_title = {r[3]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(rows) == 9
    spring = by_title["Spring Meeting 2021"]
    assert spring["Start Date"] == "2021-03-20"
    assert spring["End Date"] == "2021-03-22"
    assert spring["CME Category"] == "AMA PRA Category 1 Credit™"
    assert spring["CME Credits"] == "13" and spring["Patient Safety Credits"] == "6"
    assert [r[13] for r in rows if r[3] == "Spring Meeting 2021"] == [
        "Auto-uploaded by ASPS",
        "Duplicate; Auto-uploaded by ASPS",
    ]
    assert by_title["'=HYPERLINK(evil) grand rounds"]["Type of Activity"] == "Regularly scheduled series"
    assert by_title["Line one\nline two, with comma"]["CME Credits"] == "0.5"
    reading = by_title['Reading "PRS", vol. 147, aesthetic section']
    assert reading["Accredited Provider"] == "N/A" and reading["CME Category"].startswith(
        "AMA PRA Category 2"
    )
    assert '"Reading ""PRS"", vol. 147, aesthetic section"' in text  # RFC 4180 quote doubling
    assert "Congrès de chirurgie plastique — Rhinoplastie esthétique" in by_title


async def test_the_csv_reimported_into_a_fresh_record_equals_the_record(store: SqlStore) -> None:
    steve = await add_steve(store)
    await seed(store, steve)
    exported = render(await cycle_report(store, steve), "csv").data
    twin = await add_steve(store, "twin@example.org", home=False)
    result = await import_csv(store, twin, exported, today=TODAY)
    assert result.ok, result.lines
    assert result.added == 8
    in_report_order = lambda e: (e.activity.start_date, e.number)  # noqa: E731
    original = sorted(await store.entries(steve.id), key=in_report_order)
    copy = sorted(await store.entries(twin.id), key=in_report_order)
    assert [(e.activity, e.flags) for e in copy] == [(e.activity, e.flags) for e in original]
    # …and exporting the copy gives the same file but for the entry numbers, which the store assigns.
    again = _rows(render(await cycle_report(store, twin), "csv").data)
    assert [r[1:] for r in again] == [r[1:] for r in _rows(exported)]
