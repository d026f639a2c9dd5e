"""Certificate files, kept by content hash per member (seed: keep your certificates)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ports import NewDocument, StoredDocument
from storage.models import ActivityRow, DocumentRow
from storage.store_base import StoreBase


class DocumentQueries(StoreBase):
    @staticmethod
    def _document_row(s: Session, member_id: int, doc: NewDocument) -> DocumentRow:
        digest = hashlib.sha256(doc.data).hexdigest()
        row = s.execute(
            select(DocumentRow).where(DocumentRow.member_id == member_id, DocumentRow.sha256 == digest)
        ).scalar_one_or_none()
        if row is None:
            row = DocumentRow(
                member_id=member_id,
                sha256=digest,
                filename=doc.filename[:255],
                content_type=doc.content_type[:100],
                size=len(doc.data),
                data=doc.data,
            )
            s.add(row)
            s.flush()
        return row

    async def store_documents(self, member_id: int, documents: Sequence[NewDocument]) -> list[int]:
        return await self.database.write(
            lambda s: [self._document_row(s, member_id, d).id for d in documents]
        )

    async def documents(self, member_id: int) -> list[StoredDocument]:
        query = (
            select(DocumentRow, ActivityRow.number)
            .outerjoin(ActivityRow, ActivityRow.id == DocumentRow.activity_id)
            .where(DocumentRow.member_id == member_id)
            .order_by(DocumentRow.id)
        )
        return await self.database.read(
            lambda s: [
                StoredDocument(d.id, d.sha256, d.filename, d.content_type, d.size, number)
                for d, number in s.execute(query).all()
            ]
        )

    async def document_data(self, member_id: int, document_id: int) -> bytes | None:
        query = select(DocumentRow.data).where(
            DocumentRow.member_id == member_id, DocumentRow.id == document_id
        )
        return await self.database.read(lambda s: s.execute(query).scalar_one_or_none())
