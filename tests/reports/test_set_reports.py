"""Reports for a member holding more than ASPS: a PDF page per set with its sources, one set's
report on request, and CSV columns saying where each entry counts (read back with pypdf / csv)."""

from __future__ import annotations

import csv
import io

from bot.conversation import Conversation
from bot.envelope import ReplyKind
from bot.importing import import_csv
from bot.ports import Member
from bot.reports.columns import EXPORT_COLUMNS
from storage.store import SqlStore
from tests.conftest import say as chat
from tests.reports.pdftext import pages


def _flat(text: str) -> str:
    return " ".join(text.split())


async def _two_licences(conversation: Conversation) -> None:
    await chat(conversation, "I'm licensed in Texas, renews 2022-05-31")
    await chat(conversation, "I'm licensed in Florida, renews 2023-01-31")
    for text in (
        'log 2 cat 1 "Flap Salvage Strategies" Lakeshore University Hospital 2021-03-02',
        'log 1 cat 1 "Breast Reconstruction Update" Lakeshore University Hospital 2020-03-04',
    ):
        reply = await chat(conversation, text)
        assert reply.kind is ReplyKind.RECORDED, reply.text


async def test_the_cycle_pdf_gains_a_page_per_set_with_its_sources(
    conversation: Conversation, member: Member
) -> None:
    await _two_licences(conversation)
    reply = await chat(conversation, "report this cycle pdf")
    [file] = reply.files
    texts = [_flat(p) for p in pages(file.data)]
    assert "CME Report for Cycle Ending in 2022" in texts[0]
    texas = next(t for t in texts if t.startswith("Texas Medical Board"))
    florida = next(t for t in texts if t.startswith("Florida Board of Medicine"))
    assert texts.index(texas) > 0 and texts.index(florida) > 0
    assert "2020-06-01 – 2022-05-31" in texas
    assert "Entries that count toward Texas (1)" in texas and "Flap Salvage Strategies" in texas
    assert "Breast Reconstruction Update" not in texas  # before the Texas period began
    assert "Sources" in texas and "22-Tex-Admin-Code-SS-161-35 (checked 2026-11-30)" in texas
    assert "(figure not verified against the board's own page)" in florida
    assert all("Page " in t for t in texts)


async def test_my_texas_report_is_the_texas_page_alone(conversation: Conversation, member: Member) -> None:
    await _two_licences(conversation)
    reply = await chat(conversation, "send my Texas report")
    assert reply.kind is ReplyKind.REPORT
    assert reply.text.startswith("Here is your Texas report for 2020-06-01 – 2022-05-31 (1 entry counts).")
    [file] = reply.files
    assert file.filename.startswith("cme-report-texas-")
    texts = [_flat(p) for p in pages(file.data)]
    assert len(texts) == 1 and texts[0].startswith("Texas Medical Board")
    assert "CME Report for Cycle Ending" not in texts[0]
    reply = await chat(conversation, "send my California report")
    assert reply.kind is ReplyKind.ANSWER and "not tracking California" in reply.text
    reply = await chat(conversation, "send my ASPS report")  # the cycle report, with every set's page
    texts = [_flat(p) for p in pages(reply.files[0].data)]
    assert "CME Report for Cycle Ending in 2022" in texts[0] and len(texts) == 3


async def test_an_asps_only_pdf_has_no_set_pages(conversation: Conversation, member: Member) -> None:
    await chat(conversation, 'log 2 cat 1 "Flap Salvage Strategies" Lakeshore University Hospital 2021-03-02')
    reply = await chat(conversation, "report this cycle pdf")
    texts = [_flat(p) for p in pages(reply.files[0].data)]
    assert len(texts) == 1 and "Sources" not in texts[0] and "Texas" not in texts[0]


async def test_the_csv_says_where_each_entry_counts_and_reimports(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _two_licences(conversation)
    reply = await chat(conversation, "report this cycle csv")
    data = reply.files[0].data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[: len(EXPORT_COLUMNS)] == [h for h, _ in EXPORT_COLUMNS] and "Topics" in header
    held = header[len(EXPORT_COLUMNS) :]
    assert set(held) == {"Counts toward ASPS", "Counts toward Texas", "Counts toward Florida"}
    by_title = {r[3]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_title["Flap Salvage Strategies"]["Counts toward Texas"] == "Yes"
    assert by_title["Breast Reconstruction Update"]["Counts toward Texas"] == "No"  # 2020-03, before Texas'
    assert by_title["Breast Reconstruction Update"]["Counts toward ASPS"] == "Yes"
    assert (
        by_title["Breast Reconstruction Update"]["Counts toward Florida"] == "No"
    )  # Florida's began 2021-02
    again = await import_csv(store, member, data, dry_run=True)
    assert again.ok, again.lines


async def test_an_asps_only_csv_has_the_topics_column_and_no_set_columns(
    conversation: Conversation, member: Member
) -> None:
    await chat(conversation, 'log 1 cat 1 "Ethics in Surgery" Lakeshore University Hospital 2021-03-02')
    reply = await chat(conversation, "report this cycle csv")
    rows = list(csv.reader(io.StringIO(reply.files[0].data.decode("utf-8-sig"))))
    assert rows[0] == [h for h, _ in EXPORT_COLUMNS]
