"""What a report shows: the member, the period, the standing and the entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import RecordedActivity
from bot.ports import Member, RecordStore, StoredDocument
from bot.requirements import Period, Summary, summarize

FORMATS = ("pdf", "csv", "zip")


@dataclass(frozen=True, slots=True)
class ReportData:
    member: Member
    period: Period
    summary: Summary
    entries: list[RecordedActivity]  # oldest first
    generated_at: datetime
    documents: list[tuple[StoredDocument, bytes]] = field(default_factory=list)  # zip only


async def build_report(
    store: RecordStore,
    member: Member,
    period: Period,
    today: date,
    generated_at: datetime,
    *,
    with_documents: bool = False,
) -> ReportData:
    totals = await store.totals(member.id, period.start, period.end)
    entries = sorted(
        await store.entries(member.id, period.start, period.end),
        key=lambda e: (e.activity.start_date, e.number),
    )
    documents: list[tuple[StoredDocument, bytes]] = []
    if with_documents:
        numbers = {e.number for e in entries}
        for doc in await store.documents(member.id):
            if doc.entry_number in numbers:
                data = await store.document_data(member.id, doc.id)
                if data is not None:
                    documents.append((doc, data))
    return ReportData(
        member=member,
        period=period,
        summary=summarize(period, totals, today),
        entries=entries,
        generated_at=generated_at,
        documents=documents,
    )
