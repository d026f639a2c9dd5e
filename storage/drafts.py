"""Drafts: activities waiting for the member's yes or correction, one per member."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.ports import Draft, NewDocument
from storage.documents import DocumentQueries
from storage.models import DraftRow


class DraftQueries(DocumentQueries):
    async def save_draft(self, member_id: int, draft: Draft, documents: Sequence[NewDocument] = ()) -> None:
        def work(s: Session) -> None:
            stored = [self._document_row(s, member_id, d).id for d in documents]
            ids = list(dict.fromkeys([*draft.documents, *stored]))
            payload = {"activities": draft.activities, "documents": ids, "source": draft.source}
            row = s.get(DraftRow, member_id)
            if row is None:
                s.add(DraftRow(member_id=member_id, payload=payload))
            else:
                row.payload = payload
                row.updated_at = datetime.now(UTC)

        await self._run_write(work)

    async def pending_draft(self, member_id: int) -> Draft | None:
        async with self._reads() as s:
            row = await s.get(DraftRow, member_id)
            if row is None:
                return None
            p = row.payload
            return Draft(list(p.get("activities", [])), list(p.get("documents", [])), p.get("source", "chat"))

    async def drop_draft(self, member_id: int) -> None:
        async with self._write() as s:
            await s.execute(delete(DraftRow).where(DraftRow.member_id == member_id))
