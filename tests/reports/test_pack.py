"""The audit pack: the PDF, the CSV and every kept certificate, named by entry."""

from __future__ import annotations

import io
import zipfile

from bot.ports import StoredDocument
from bot.reports import render
from bot.reports.naming import certificate_filename, slug
from storage.store import SqlStore
from tests.reports.pdftext import pages
from tests.reports.records import add_steve, cycle_report, seed_with_certificates


async def test_the_audit_pack_holds_the_report_the_data_and_each_certificate(store: SqlStore) -> None:
    """GIVEN certificates kept with entries #1 (a PDF and a photo) and #3, one never linked,
    and one for an activity outside the cycle
    WHEN the member asks for the cycle's audit pack
    THEN the zip holds the PDF, the CSV and the three certificates of the cycle, named by
    entry number, date and title, whatever name the sender gave them."""
    steve = await add_steve(store)
    await seed_with_certificates(store, steve)
    report = await cycle_report(store, steve, with_documents=True)
    file = render(report, "zip")
    assert file.filename == "cme-audit-pack-cycle-2022.zip" and file.content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(file.data)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert names == [
            "cme-report-cycle-2022.pdf",
            "cme-report-cycle-2022.csv",
            "certificates/001-2021-03-20-spring-meeting-2021.pdf",
            "certificates/001-2021-03-20-spring-meeting-2021-2.jpg",
            "certificates/003-2021-03-23-journal-cme-article-update-on-liposuction-what-all-plastic.pdf",
        ]
        assert zf.read(names[2]) == b"%PDF-1.4 spring meeting certificate"
        assert zf.read(names[3]).startswith(b"\xff\xd8\xff")
        assert zf.read(names[4]) == b"%PDF-1.4 never linked"
        assert zf.read(names[1]) == render(report, "csv").data
        text = pages(zf.read(names[0]))[0]
        assert "3 certificate files are kept with this record" in " ".join(text.split())
        assert all(info.date_time[:3] == (2021, 4, 7) for info in zf.infolist())


def test_certificate_names_are_sanitised_and_typed_by_content() -> None:
    from datetime import date

    from bot.domain import RecordedActivity
    from tests.reports.records import activity

    entry = RecordedActivity(12, activity("../../Société: Rhinoplasty™ / <script>", date(2021, 3, 5), "1"))
    doc = StoredDocument(1, "x", "..\\..\\evil.exe", "application/octet-stream", 4, 12)
    assert certificate_filename(entry, doc, b"%PDF-1.7") == "012-2021-03-05-societe-rhinoplasty-script.pdf"
    assert certificate_filename(entry, doc, b"MZ\x90\x00").endswith("-script.bin")
    assert slug("™ — ") == "untitled"
