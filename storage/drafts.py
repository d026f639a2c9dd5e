"""Drafts: activities waiting for the member's yes or correction, several per member.

A draft's state leaves "open" through one conditional UPDATE (`WHERE status =
'open'`). On SQLite the writers queue; on PostgreSQL the second of two
concurrent UPDATEs waits for the first's row lock, then re-reads the row and
matches nothing. Either way exactly one of two simultaneous presses closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.ports import Draft, DraftClosed, DraftStatus, NewDocument
from storage.documents import DocumentQueries
from storage.models import DraftRow, MemberRow


def to_draft(row: DraftRow) -> Draft:
    p = row.payload
    return Draft(
        activities=list(p.get("activities", [])),
        documents=list(p.get("documents", [])),
        document_entries={int(k): int(v) for k, v in dict(p.get("document_entries") or {}).items()},
        source=str(p.get("source", "chat")),
        number=row.number,
        status=row.status,
        recorded_as=tuple(int(n) for n in row.recorded_as.split(",") if n),
        thread=row.thread,
        created_at=_aware(row.created_at),
    )


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _open_row(s: Session, member_id: int, number: int) -> DraftRow | None:
    return s.execute(
        select(DraftRow).where(
            DraftRow.member_id == member_id, DraftRow.number == number, DraftRow.status == DraftStatus.OPEN
        )
    ).scalar_one_or_none()


def close_open(s: Session, member_id: int, number: int, status: str, recorded_as: str = "") -> bool:
    """The one conditional UPDATE that moves a draft off "open"; False if it was not open."""
    done = s.execute(
        update(DraftRow)
        .where(
            DraftRow.member_id == member_id, DraftRow.number == number, DraftRow.status == DraftStatus.OPEN
        )
        .values(status=status, recorded_as=recorded_as, updated_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def draft_row(s: Session, member_id: int, number: int) -> DraftRow | None:
    return s.execute(
        select(DraftRow).where(DraftRow.member_id == member_id, DraftRow.number == number)
    ).scalar_one_or_none()


class DraftQueries(DocumentQueries):
    async def save_draft(self, member_id: int, draft: Draft, documents: Sequence[NewDocument] = ()) -> Draft:
        def work(s: Session) -> Draft:
            entries = dict(draft.document_entries)
            stored: list[int] = []
            for d in documents:
                file_id = self._document_row(s, member_id, d).id
                stored.append(file_id)
                if d.entry is not None:
                    entries[file_id] = d.entry
            ids = list(dict.fromkeys([*draft.documents, *stored]))
            payload = {
                "activities": draft.activities,
                "documents": ids,
                "source": draft.source,
                "document_entries": {str(k): v for k, v in entries.items()},
            }
            if draft.number:
                row = _open_row(s, member_id, draft.number)
                if row is None:
                    raise DraftClosed(_maybe(draft_row(s, member_id, draft.number)))
                row.payload = payload
                row.updated_at = datetime.now(UTC)
                if draft.thread:
                    row.thread = draft.thread
                s.flush()
                return to_draft(row)
            number = s.execute(
                update(MemberRow)
                .where(MemberRow.id == member_id)
                .values(next_draft=MemberRow.next_draft + 1)
                .returning(MemberRow.next_draft)
            ).scalar_one()
            row = DraftRow(
                member_id=member_id,
                number=number,
                payload=payload,
                status=DraftStatus.OPEN,
                recorded_as="",
                thread=draft.thread,
                # In UTC: SQLite keeps a timestamp's wall time and drops its zone, so a member's
                # local time would read back hours off.
                created_at=(draft.created_at or datetime.now(UTC)).astimezone(UTC),
                updated_at=datetime.now(UTC),
            )
            s.add(row)
            s.flush()
            return to_draft(row)

        return await self.database.write(work)

    async def open_drafts(self, member_id: int) -> list[Draft]:
        query = (
            select(DraftRow)
            .where(DraftRow.member_id == member_id, DraftRow.status == DraftStatus.OPEN)
            .order_by(DraftRow.number)
        )
        return await self.database.read(lambda s: [to_draft(r) for r in s.execute(query).scalars()])

    async def draft(self, member_id: int, number: int) -> Draft | None:
        return await self.database.read(lambda s: _maybe(draft_row(s, member_id, number)))

    async def pending_draft(self, member_id: int) -> Draft | None:
        drafts = await self.open_drafts(member_id)
        return drafts[-1] if drafts else None

    async def close_draft(self, member_id: int, number: int, status: str) -> Draft | None:
        def work(s: Session) -> Draft | None:
            if not close_open(s, member_id, number, status):
                return None
            return _maybe(draft_row(s, member_id, number))

        return await self.database.write(work)


def _maybe(row: DraftRow | None) -> Draft | None:
    return None if row is None else to_draft(row)
