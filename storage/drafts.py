"""Drafts: activities waiting for the member's yes or correction, one per member."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.ports import Draft
from storage.models import DraftRow
from storage.store_base import StoreBase


class DraftQueries(StoreBase):
    async def save_draft(self, member_id: int, draft: Draft) -> None:
        payload = {"activities": draft.activities, "documents": draft.documents, "source": draft.source}

        def work(s: Session) -> None:
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
