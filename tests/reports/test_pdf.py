"""The PDF report, checked by reading its text back with pypdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.domain import FLAG_DUPLICATE, Category, RecordedActivity
from bot.ports import Member
from bot.reports import render
from bot.reports.fonts import HELVETICA, report_fonts
from bot.reports.pdf import render_pdf
from bot.requirements import Period
from storage.store import SqlStore
from tests.reports.pdftext import fonts, pages
from tests.reports.records import activity, add_steve, cycle_report, seed
from tests.reports.sample import sample_report


def _flat(text: str) -> str:
    return " ".join(text.split())


async def test_page_one_shows_member_cycle_requirements_rows_and_totals(store: SqlStore) -> None:
    steve = await add_steve(store)
    await seed(store, steve)
    report = await cycle_report(store, steve)
    file = render(report, "pdf")
    assert file.filename == "cme-report-cycle-2022.pdf"
    assert file.content_type == "application/pdf"
    [page] = pages(file.data)
    text = _flat(page)
    assert "CME Report for Cycle Ending in 2022" in text
    assert "Steve Sample, MD, FACS" in text and "ASPS ID# 22428" in text
    assert "January 1, 2020 – December 31, 2022" in text
    # Requirements: Category 1 = 13+13+1+3+6+1.25+0.5 = 37.75 of 60, so 22.25 to go.
    assert "37.75 / 60" in text and "22.25 to go" in text
    assert "Total (Cat. 1 + Cat. 2)" in text and "39.75 / 150" in text
    for header in ("Course and Sponsor", "Date", "Cat 1", "Cat 2"):
        assert header in text
    assert "Spring Meeting 2021" in text and "Mar 20, 2021 to Mar 22, 2021" in text
    # Totals row: Cat 1, Cat 2, plastic surgery, patient safety, summed from the rows.
    assert "Totals (8 entries) 37.75 2 35 16.5" in text
    assert report.summary.totals.category1 == Decimal("37.75")
    assert "Page 1 of 1" in text
    assert "Generated April 7, 2021, 3:00 PM UTC" in text


async def test_duplicates_and_auto_uploaded_entries_are_marked_and_explained(store: SqlStore) -> None:
    steve = await add_steve(store)
    await seed(store, steve)
    text = _flat(pages(render(await cycle_report(store, steve), "pdf").data)[0])
    assert text.count("DUPLICATE") == 2  # the tag on entry #2, and the legend
    assert text.count("AUTO-UPLOADED") == 4  # three entries, and the legend
    assert "DUPLICATE: same title and start date as another entry" in text
    assert "AUTO-UPLOADED: accredited by ASPS, CSPS, NWSPPS or SESPPRS" in text


def _numbered(count: int) -> list[RecordedActivity]:
    return [
        RecordedActivity(
            number=i,
            activity=activity(
                f"Activity {i:04d} grand rounds", date(2020, 1, 1 + i % 28), "1.25", safety="0.25"
            ),
        )
        for i in range(1, count + 1)
    ]


def test_a_long_record_repeats_the_header_and_numbers_every_page() -> None:
    report = replace(sample_report(0), entries=_numbered(300))
    texts = [_flat(t) for t in pages(render_pdf(report))]
    total = len(texts)
    assert total >= 5
    seen: list[str] = []
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Generated April 7, 2021, 11:00 AM EDT" in text
        assert "Course and Sponsor" in text and "Plastic Surgery Hours" in text
        seen += re.findall(r"Activity (\d{4}) grand rounds", text)
    assert seen == [f"{i:04d}" for i in range(1, 301)]  # every row once, in order
    assert "Totals (300 entries) 375 0 0 75" in texts[-1]
    assert all("Totals (" not in t for t in texts[:-1])


def test_trademark_dashes_accents_and_long_titles_render() -> None:
    long_title = "Comprehensive Update: " + " ".join(f"topic{i}" for i in range(120))
    entries = [
        RecordedActivity(
            1, activity("Opioids (AMA PRA Category 1 Credit™) — Société", date(2021, 1, 4), "1")
        ),
        RecordedActivity(2, activity(long_title, date(2021, 1, 5), "2")),
        RecordedActivity(3, activity("https://example.org/" + "x" * 120, date(2021, 1, 6), "1")),
    ]
    data = render_pdf(replace(sample_report(0), entries=entries))
    text = _flat(" ".join(pages(data)))
    assert "Category 1 Credit™) — Société" in text
    assert "Comprehensive Update: topic0 topic1" in text and "…" in text
    assert "topic119" not in text  # capped at six lines rather than a row taller than a page
    assert "Totals (3 entries) 4" in text
    if report_fonts().unicode:
        assert any("DejaVuSans" in f for f in fonts(data))


def test_without_a_unicode_font_helvetica_still_renders_the_report() -> None:
    entries = [RecordedActivity(1, activity("Credit™ — Société ≥ 2 ✓ Ω", date(2021, 1, 4), "1"))]
    data = render_pdf(replace(sample_report(0), entries=entries), HELVETICA)
    text = _flat(pages(data)[0])
    assert "Credit™ — Société >= 2 OK" in text  # WinAnsi keeps ™, — and é; the rest is spelled out
    assert fonts(data) <= {"/Helvetica", "/Helvetica-Bold"}


def test_an_empty_date_range_renders_one_page_with_its_dates() -> None:
    period = Period(date(2021, 1, 1), date(2021, 6, 30), "2021-01-01 to 2021-06-30")
    report = replace(sample_report(0), period=period, entries=[])
    file = render(report, "pdf")
    assert file.filename == "cme-report-2021-01-01-to-2021-06-30.pdf"
    text = _flat(pages(file.data)[0])
    assert "CME Report for January 1, 2021 – June 30, 2021" in text
    assert "No activities in this period" in text and "Page 1 of 1" in text


def test_category_2_rows_show_no_provider_and_count_in_cat_2() -> None:
    entries = [RecordedActivity(1, activity("Reading PRS", date(2021, 1, 4), "2", category=Category.TWO))]
    text = _flat(pages(render_pdf(replace(sample_report(0), entries=entries)))[0])
    assert "Category 2, no accredited provider" in text
    assert "Totals (1 entry) 0 2 0 0" in text


def test_an_unknown_format_names_the_formats() -> None:
    with pytest.raises(ValueError, match="pdf, csv, zip"):
        render(sample_report(0), "docx")


def test_the_readme_sample_marks_the_seed_duplicate() -> None:
    report = sample_report()
    assert sum(FLAG_DUPLICATE in e.flags for e in report.entries) == 1
    assert isinstance(report.member, Member)
    assert "Spring Meeting 2021" in _flat(pages(render_pdf(report))[0])
