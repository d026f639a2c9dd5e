"""What a report shows: the member, the period, the standing and the entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import RecordedActivity
from bot.ports import Member, RecordStore, StoredDocument
from bot.requirement_sets.model import SetVerdict
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
    # Issue 14: every set held when the member holds more than ASPS (else ()), each with the
    # entries of its own window; `only`: the one set a report was asked for ("my Texas report").
    sets: tuple[SetVerdict, ...] = ()
    set_entries: dict[str, list[RecordedActivity]] = field(default_factory=dict)
    only: str | None = None


async def build_report(
    store: RecordStore,
    member: Member,
    period: Period,
    today: date,
    generated_at: datetime,
    *,
    with_documents: bool = False,
    sets: tuple[SetVerdict, ...] = (),
    only: str | None = None,
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
    set_entries: dict[str, list[RecordedActivity]] = {}
    for verdict in sets:
        window = verdict.window
        found = (
            await store.entries(member.id, window.start, window.end)
            if window
            else await store.entries(member.id)
        )
        set_entries[verdict.set.code] = sorted(found, key=lambda e: (e.activity.start_date, e.number))
    return ReportData(
        sets=sets,
        set_entries=set_entries,
        only=only,
        member=member,
        period=period,
        summary=summarize(period, totals, today),
        entries=entries,
        generated_at=generated_at,
        documents=documents,
    )
