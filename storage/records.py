"""The record: numbered entries, scoped to their member, soft-deleted for undo and audit.

Entry numbers come from a per-member counter bumped in the same transaction
(row lock on PostgreSQL, the write lock on SQLite), so two simultaneous logs
get distinct numbers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain import Activity, ActivityType, Category, RecordedActivity, normalise_title
from bot.entry_topics import topic_mask, topics_of
from bot.ports import AlreadyProcessed, DraftClosed, DraftStatus, NewDocument, NewEntry
from storage.documents import DocumentQueries
from storage.drafts import close_open, draft_row, to_draft
from storage.models import ActivityRow, AuditRow, DocumentRow, DraftRow, MemberRow, SeenEventRow
from storage.store_base import claim_event


def _activity(row: ActivityRow) -> Activity:
    return Activity(
        title=row.title,
        start_date=row.start_date,
        end_date=row.end_date,
        activity_type=ActivityType(row.activity_type),
        category=Category(row.category),
        credits=row.credits,
        provider=row.provider,
        patient_safety_credits=row.patient_safety_credits,
        plastic_surgery_credits=row.plastic_surgery_credits,
        city=row.city,
        state=row.state,
        country=row.country,
        topics=topics_of(row.topics),
    )


def _recorded(row: ActivityRow, documents: tuple[int, ...] = ()) -> RecordedActivity:
    return RecordedActivity(
        number=row.number,
        activity=_activity(row),
        flags=frozenset(f for f in row.flags.split(",") if f),
        document_ids=documents,
        deleted=row.deleted_at is not None,
    )


def _apply(row: ActivityRow, activity: Activity) -> None:
    row.title = activity.title
    row.title_key = normalise_title(activity.title)
    row.start_date = activity.start_date
    row.end_date = activity.end_date
    row.activity_type = activity.activity_type.value
    row.category = activity.category.value
    row.provider = activity.provider
    row.credits = activity.credits
    row.patient_safety_credits = activity.patient_safety_credits
    row.plastic_surgery_credits = activity.plastic_surgery_credits
    row.city = activity.city
    row.state = activity.state
    row.country = activity.country
    row.topics = topic_mask(activity.topics)


class RecordQueries(DocumentQueries):
    async def record(
        self,
        member_id: int,
        entries: Sequence[NewEntry],
        *,
        event_key: str | None = None,
        from_draft: int | None = None,
        documents: Sequence[NewDocument] = (),
    ) -> list[RecordedActivity]:
        def work(s: Session) -> list[RecordedActivity]:
            if event_key is not None:
                s.add(SeenEventRow(key=event_key))
                s.flush()
            if from_draft is not None and not close_open(s, member_id, from_draft, DraftStatus.RECORDED):
                closed = draft_row(s, member_id, from_draft)
                raise DraftClosed(None if closed is None else to_draft(closed))
            bumped = s.execute(
                update(MemberRow)
                .where(MemberRow.id == member_id)
                .values(next_number=MemberRow.next_number + len(entries))
                .returning(MemberRow.next_number)
            ).scalar_one()
            first = bumped - len(entries) + 1
            files: dict[int, list[int]] = {}  # entry index -> its new certificate files
            for doc in documents:
                stored = self._document_row(s, member_id, doc).id
                if doc.entry is not None and 0 <= doc.entry < len(entries):
                    files.setdefault(doc.entry, []).append(stored)
            recorded: list[RecordedActivity] = []
            for offset, entry in enumerate(entries):
                row = ActivityRow(
                    member_id=member_id,
                    number=first + offset,
                    flags=",".join(sorted(entry.flags)),
                    source=entry.source,
                )
                _apply(row, entry.activity)
                s.add(row)
                s.flush()
                linked = [*entry.document_ids, *files.get(offset, ())]
                doc_ids = _attach(s, member_id, row.id, linked)
                s.add(
                    AuditRow(
                        member_id=member_id,
                        action="recorded",
                        detail=json.dumps({"number": row.number, "source": entry.source}),
                    )
                )
                recorded.append(_recorded(row, tuple(doc_ids)))
            if from_draft is not None:
                s.execute(
                    update(DraftRow)
                    .where(DraftRow.member_id == member_id, DraftRow.number == from_draft)
                    .values(recorded_as=",".join(str(r.number) for r in recorded))
                    .execution_options(synchronize_session=False)
                )
            return recorded

        try:
            return await self.database.write(work)
        except IntegrityError as exc:
            if event_key is not None and await self.event_seen(event_key):
                raise AlreadyProcessed(event_key) from exc
            raise

    async def entry(self, member_id: int, number: int) -> RecordedActivity | None:
        def work(s: Session) -> RecordedActivity | None:
            row = _row(s, member_id, number)
            return None if row is None else _recorded(row, _doc_ids(s, row.id))

        return await self.database.read(work)

    async def last_entry(self, member_id: int) -> RecordedActivity | None:
        recent = await self.recent_entries(member_id, 1)
        return recent[0] if recent else None

    async def last_touched(self, member_id: int) -> RecordedActivity | None:
        """The entry most recently recorded or corrected: what "that" means in "make that 2"."""

        def work(s: Session) -> RecordedActivity | None:
            details = s.execute(
                select(AuditRow.detail)
                .where(AuditRow.member_id == member_id, AuditRow.action.in_(("recorded", "edited")))
                .order_by(AuditRow.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            try:
                number = int(json.loads(details or "{}").get("number"))
            except (TypeError, ValueError):
                return None
            row = s.execute(
                select(ActivityRow).where(
                    ActivityRow.member_id == member_id,
                    ActivityRow.number == number,
                    ActivityRow.deleted_at.is_(None),
                )
            ).scalar_one_or_none()
            return None if row is None else _recorded(row)

        return await self.database.read(work) or await self.last_entry(member_id)

    async def recent_entries(self, member_id: int, limit: int) -> list[RecordedActivity]:
        query = (
            select(ActivityRow)
            .where(ActivityRow.member_id == member_id, ActivityRow.deleted_at.is_(None))
            .order_by(ActivityRow.number.desc())
            .limit(limit)
        )
        return await self.database.read(lambda s: [_recorded(r) for r in s.execute(query).scalars()])

    async def entries(
        self, member_id: int, start: date | None = None, end: date | None = None
    ) -> list[RecordedActivity]:
        conditions = [ActivityRow.member_id == member_id, ActivityRow.deleted_at.is_(None)]
        if start is not None:
            conditions.append(ActivityRow.start_date >= start)
        if end is not None:
            conditions.append(ActivityRow.start_date <= end)

        def work(s: Session) -> list[RecordedActivity]:
            rows = (
                s.execute(
                    select(ActivityRow)
                    .where(and_(*conditions))
                    .order_by(ActivityRow.start_date.desc(), ActivityRow.number.desc())
                )
                .scalars()
                .all()
            )
            docs: dict[int, list[int]] = {}
            if rows:
                for doc_id, activity_id in s.execute(
                    select(DocumentRow.id, DocumentRow.activity_id).where(
                        DocumentRow.member_id == member_id, DocumentRow.activity_id.is_not(None)
                    )
                ):
                    if activity_id is not None:
                        docs.setdefault(activity_id, []).append(doc_id)
            return [_recorded(r, tuple(docs.get(r.id, ()))) for r in rows]

        return await self.database.read(work)

    async def delete(
        self, member_id: int, numbers: Sequence[int], *, event_key: str | None = None
    ) -> list[RecordedActivity]:
        """All the entries named, or none (an empty list) when one is missing or already deleted.

        One conditional UPDATE per entry (`deleted_at IS NULL`), so of two simultaneous
        undos of the same entry exactly one deletes it and the other finds nothing."""

        def work(s: Session) -> list[RecordedActivity]:
            if event_key is not None:
                s.add(SeenEventRow(key=event_key))
                s.flush()
            deleted: list[RecordedActivity] = []
            now = datetime.now(UTC)
            for number in dict.fromkeys(numbers):
                row_id = s.execute(
                    update(ActivityRow)
                    .where(
                        ActivityRow.member_id == member_id,
                        ActivityRow.number == number,
                        ActivityRow.deleted_at.is_(None),
                    )
                    .values(deleted_at=now)
                    .returning(ActivityRow.id)
                    .execution_options(synchronize_session=False)
                ).scalar_one_or_none()
                if row_id is None:
                    raise _NotAll
                row = s.get(ActivityRow, row_id)
                assert row is not None
                s.refresh(row)
                s.add(AuditRow(member_id=member_id, action="deleted", detail=str(number)))
                deleted.append(_recorded(row))
            return deleted

        try:
            return await self.database.write(work)
        except _NotAll:
            return []
        except IntegrityError as exc:
            if event_key is not None and await self.event_seen(event_key):
                raise AlreadyProcessed(event_key) from exc
            raise

    async def last_change(self, member_id: int) -> tuple[str, tuple[int, ...]] | None:
        """The last change and its entries. A delete of several entries in one go is one change:
        they share the moment they were deleted, so the entries deleted at that moment are it."""

        def work(s: Session) -> tuple[str, tuple[int, ...]] | None:
            last = s.execute(
                select(AuditRow.action, AuditRow.detail)
                .where(AuditRow.member_id == member_id, AuditRow.action.in_(_CHANGES))
                .order_by(AuditRow.id.desc())
                .limit(1)
            ).one_or_none()
            if last is None:
                return None
            action, detail = str(last[0]), _audit_number(last[1])
            if detail is None:
                return action, ()
            if action != "deleted":
                return action, (detail,)
            at = select(ActivityRow.deleted_at).where(
                ActivityRow.member_id == member_id, ActivityRow.number == detail
            )
            numbers = s.execute(
                select(ActivityRow.number).where(
                    ActivityRow.member_id == member_id,
                    ActivityRow.deleted_at.is_not(None),
                    ActivityRow.deleted_at == at.scalar_subquery(),
                )
            ).scalars()
            return action, tuple(sorted(numbers))

        return await self.database.read(work)

    async def restore(self, member_id: int, number: int) -> RecordedActivity | None:
        def work(s: Session) -> RecordedActivity | None:
            row = s.execute(
                select(ActivityRow).where(ActivityRow.member_id == member_id, ActivityRow.number == number)
            ).scalar_one_or_none()
            if row is None:
                return None
            row.deleted_at = None
            s.add(AuditRow(member_id=member_id, action="restored", detail=str(number)))
            s.flush()
            return _recorded(row)

        return await self.database.write(work)

    async def update(
        self, member_id: int, number: int, activity: Activity, *, event_key: str | None = None
    ) -> RecordedActivity | None:
        def work(s: Session) -> RecordedActivity | None:
            claim_event(s, event_key)
            row = _row(s, member_id, number, lock=True)
            if row is None:
                return None
            before = _activity(row)
            _apply(row, activity)
            s.add(
                AuditRow(
                    member_id=member_id,
                    action="edited",
                    detail=json.dumps({"number": number, "before": repr(before)}),
                )
            )
            s.flush()
            return _recorded(row, _doc_ids(s, row.id))

        return await self.database.write(work)

    async def find_duplicate(self, member_id: int, title: str, start: date) -> int | None:
        query = (
            select(ActivityRow.number)
            .where(
                ActivityRow.member_id == member_id,
                ActivityRow.deleted_at.is_(None),
                ActivityRow.start_date == start,
                ActivityRow.title_key == normalise_title(title),
            )
            .limit(1)
        )
        return await self.database.read(lambda s: s.execute(query).scalar_one_or_none())


def _row(s: Session, member_id: int, number: int, *, lock: bool = False) -> ActivityRow | None:
    """The live entry; `lock` holds it (FOR UPDATE on PostgreSQL) until the change commits, so an
    edit never lands on an entry a simultaneous undo just deleted."""
    query = select(ActivityRow).where(
        ActivityRow.member_id == member_id,
        ActivityRow.number == number,
        ActivityRow.deleted_at.is_(None),
    )
    return s.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def _doc_ids(s: Session, activity_id: int) -> tuple[int, ...]:
    rows = s.execute(
        select(DocumentRow.id).where(DocumentRow.activity_id == activity_id).order_by(DocumentRow.id)
    )
    return tuple(rows.scalars())


class _NotAll(Exception):
    """Raised inside a delete's transaction to roll it back when one entry is not there."""


def _attach(s: Session, member_id: int, activity_id: int, document_ids: Sequence[int]) -> list[int]:
    """Link this member's stored certificate files to the new entry (never another's)."""
    if not document_ids:
        return []
    s.execute(
        update(DocumentRow)
        .where(DocumentRow.member_id == member_id, DocumentRow.id.in_(list(document_ids)))
        .values(activity_id=activity_id)
    )
    rows = s.execute(
        select(DocumentRow.id).where(
            DocumentRow.member_id == member_id, DocumentRow.activity_id == activity_id
        )
    )
    return list(rows.scalars())


_CHANGES = ("recorded", "edited", "deleted", "restored")


def _audit_number(detail: str | None) -> int | None:
    """The entry number an audit row names: a bare number, or {"number": n}."""
    try:
        value = json.loads(detail or "null")
    except ValueError:
        return None
    if isinstance(value, dict):
        value = value.get("number")
    return value if isinstance(value, int) else None
