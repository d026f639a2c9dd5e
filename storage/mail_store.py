"""Queries for the e-mail door: accept into the inbox, claim work, finish it atomically.

Claims come in two flavours behind one interface. On PostgreSQL a claim is a
transaction holding `SELECT … FOR UPDATE SKIP LOCKED` on the row until the
work is finished, so any number of `cmebot serve` processes share one database
without doing anything twice, and a process that dies (kill -9) drops its
connection and with it the lock: the row is simply claimable again. SQLite
takes a database-wide write lock for every transaction (see `storage.engine`),
so holding one open while the core writes would deadlock; there a claim is an
in-process reservation, and finishing is guarded by the row's state, which is
safe because one SQLite file is served by one process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from handlers.email.queue import (
    Confirmation,
    Hold,
    InboxItem,
    OutboxItem,
    OutgoingMail,
    SendOutcome,
)
from storage.database import Database, Transaction
from storage.mail_models import (
    DONE,
    FAILED,
    HELD,
    NEW,
    PENDING,
    SENT,
    MailConfirmationRow,
    MailInboxRow,
    MailOutboxRow,
)

OUTBOX_LEASE = timedelta(minutes=10)  # longer than a batch of replies takes to send


def utcnow() -> datetime:
    return datetime.now(UTC)


class InboxClaim:
    """One claimed inbox row (the door's `InboxClaim`): `finish` records the outcome and queues
    replies in one transaction."""

    def __init__(self, store: MailStore, item: InboxItem, held: Transaction | None) -> None:
        self.store = store
        self.item = item
        self._held = held  # PostgreSQL: the transaction holding the row's lock
        self.finished = False

    async def finish(
        self,
        state: str,
        replies: Sequence[OutgoingMail] = (),
        *,
        note: str = "",
        hold: Hold | None = None,
        confirm: int | None = None,
        per_hour: int | None = None,
    ) -> str:
        """Mark the row done/held/ignored, queue replies, hold or release.

        Returns "finished", "rate_limited" (replies dropped: `per_hour` already
        sent to that address in the last hour) or "duplicate" (finished before).
        """

        def work(s: Session) -> str:
            return _finish(s.connection(), self.item.id, state, replies, note, hold, confirm, per_hour)

        if self._held is not None:
            outcome = await self._held.run(work)
        else:
            outcome = await self.store.database.write(work)
        self.finished = True
        return outcome


class OutboxBatch:
    """Replies claimed together: one read and one send session; each outcome is its own write."""

    def __init__(self, store: MailStore, items: list[OutboxItem]) -> None:
        self.store = store
        self.items = items

    async def record(self, outcomes: Sequence[SendOutcome]) -> None:
        now = utcnow()
        statements = []
        for o in outcomes:
            if o.sent:
                values: dict[str, object] = {"state": SENT, "sent_at": now, "attempts": o.item.attempts + 1}
            else:
                values = {
                    "state": FAILED if o.give_up else PENDING,
                    "attempts": o.item.attempts + 1,
                    "next_attempt_at": now + o.delay,
                    "last_error": o.error[:2000],
                }
            statements.append(
                update(MailOutboxRow)
                .where(MailOutboxRow.id == o.item.id, MailOutboxRow.state == PENDING)
                .values(**values)
            )
        await self.store.database.write(lambda s: [s.execute(stmt) for stmt in statements])


class MailStore:
    """The inbox, outbox and confirmations (the e-mail door's `MailQueue`).

    Its queries run on a `Database` (storage.database), the record store's own when the
    app hands it over. Queries that change nothing are reads: an idle worker polling
    for mail must not hold the write lock the SMTP door needs to say 250.
    """

    def __init__(
        self,
        source: Database | AsyncEngine | async_sessionmaker[AsyncSession],
        dialect: str | None = None,
    ) -> None:
        self.database = Database.over(source)
        self._owns_database = not isinstance(source, Database)
        self.pg = (dialect or self.database.dialect) == "postgresql"
        # Built once: the values go in as parameters, so each mail skips building a statement.
        insert = pg_insert if self.pg else sqlite_insert
        self._accept_stmt = insert(MailInboxRow).on_conflict_do_nothing(index_elements=["message_key"])
        self._inbox_busy: set[int] = set()
        self._outbox_busy: set[int] = set()

    @property
    def single_writer(self) -> bool:
        return not self.pg

    def close(self) -> None:
        """Close the database if this queue made it (a shared one is the app's to close)."""
        if self._owns_database:
            self.database.close()

    # ---- accepting ---------------------------------------------------------------

    async def accept(self, message_key: str, mail_from: str, rcpt_to: Sequence[str], raw: bytes) -> bool:
        """Commit the raw message; False when the same message (key) was accepted before."""
        values = {
            "message_key": message_key,
            "mail_from": mail_from[:320],
            "rcpt_to": "\n".join(rcpt_to),
            "raw": raw,
            "state": NEW,
            "trusted": False,
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "note": "",
        }
        stmt = self._accept_stmt
        # Core on the session's connection: a third less CPU per mail than the ORM.
        accepted = await self.database.write(
            lambda s: s.connection().execute(stmt, values).rowcount, urgent=True
        )
        return bool(accepted)

    # ---- the inbox worker's claims ---------------------------------------------------

    @asynccontextmanager
    async def claim_inbox(self) -> AsyncIterator[InboxClaim | None]:
        if self.pg:
            query = (
                select(MailInboxRow)
                .where(MailInboxRow.state == NEW, MailInboxRow.next_attempt_at <= utcnow())
                .order_by(MailInboxRow.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            async with self.database.transaction() as held:
                item = await held.run(lambda s: _maybe_item(s.execute(query).scalar_one_or_none()))
                yield None if item is None else InboxClaim(self, item, held)
            return
        # Several candidate ids (not their raw bytes), then check-and-reserve with no await in
        # between: two workers of this process that read the same ids still take different ones.
        ids = (
            select(MailInboxRow.id)
            .where(MailInboxRow.state == NEW, MailInboxRow.next_attempt_at <= utcnow())
            .order_by(MailInboxRow.id)
            .limit(len(self._inbox_busy) + 8)
        )
        candidates = await self.database.read(lambda s: list(s.execute(ids).scalars()))
        chosen = next((i for i in candidates if i not in self._inbox_busy), None)
        if chosen is None:
            yield None
            return
        self._inbox_busy.add(chosen)
        try:
            by_id = select(MailInboxRow.__table__).where(MailInboxRow.id == chosen)
            found = await self.database.read(lambda s: s.connection().execute(by_id).one_or_none())
            yield None if found is None or found.state != NEW else InboxClaim(self, _inbox_item(found), None)
        finally:
            self._inbox_busy.discard(chosen)

    async def retry_inbox(self, inbox_id: int, attempts: int, delay: timedelta, error: str) -> None:
        stmt = (
            update(MailInboxRow)
            .where(MailInboxRow.id == inbox_id, MailInboxRow.state == NEW)
            .values(attempts=attempts, next_attempt_at=utcnow() + delay, note=error[:2000])
        )
        await self.database.write(lambda s: s.execute(stmt))

    # ---- confirmations and rate limits -------------------------------------------------

    async def confirmation(self, token: str) -> Confirmation | None:
        """A confirmation by token, if it exists and has not expired."""
        query = select(MailConfirmationRow).where(
            MailConfirmationRow.token == token, MailConfirmationRow.expires_at > utcnow()
        )

        def work(s: Session) -> Confirmation | None:
            row = s.execute(query).scalar_one_or_none()
            if row is None:
                return None
            return Confirmation(
                row.id, row.token, row.address, row.display_name, row.member_id, row.confirmed_at is not None
            )

        return await self.database.read(work)

    # ---- the outbox sender's claims ------------------------------------------------------

    @asynccontextmanager
    async def claim_outbox(self, limit: int = 20) -> AsyncIterator[OutboxBatch]:
        """Up to `limit` due replies, oldest first; an empty batch when nothing is due."""
        query = (
            select(MailOutboxRow)
            .where(MailOutboxRow.state == PENDING, MailOutboxRow.next_attempt_at <= utcnow())
            .order_by(MailOutboxRow.id)
        )
        if self.pg:
            # A lease, committed at once: each reply's outcome then commits on its own (a
            # transaction held over the batch committed all of them at its end, or none).
            # A process that dies leaves its replies to be claimed again when the lease ends.
            due = query.limit(limit).with_for_update(skip_locked=True).with_only_columns(MailOutboxRow.id)
            lease = (
                update(MailOutboxRow)
                .where(MailOutboxRow.id.in_(due.scalar_subquery()))
                .values(next_attempt_at=utcnow() + OUTBOX_LEASE)
                .returning(MailOutboxRow)
            )
            leased = await self.database.write(
                lambda s: sorted((_outbox_item(r) for r in s.execute(lease).scalars()), key=lambda i: i.id)
            )
            yield OutboxBatch(self, leased)
            return
        waiting = query.limit(limit + len(self._outbox_busy))
        found = await self.database.read(lambda s: [_outbox_item(r) for r in s.execute(waiting).scalars()])
        items = [item for item in found if item.id not in self._outbox_busy][:limit]
        reserved = {item.id for item in items}
        self._outbox_busy |= reserved
        try:
            yield OutboxBatch(self, items)
        finally:
            self._outbox_busy -= reserved

    # ---- for operators and tests -------------------------------------------------------------

    async def inbox_states(self) -> dict[str, int]:
        query = select(MailInboxRow.state, func.count()).group_by(MailInboxRow.state)
        return await self.database.read(lambda s: {state: int(n) for state, n in s.execute(query).all()})

    async def outbox(self, state: str | None = None) -> list[OutboxItem]:
        query = select(MailOutboxRow).order_by(MailOutboxRow.id)
        if state is not None:
            query = query.where(MailOutboxRow.state == state)
        return await self.database.read(lambda s: [_outbox_item(r) for r in s.execute(query).scalars()])

    async def outbox_count(self, state: str | None = None) -> int:
        query = select(func.count()).select_from(MailOutboxRow)
        if state is not None:
            query = query.where(MailOutboxRow.state == state)
        return await self.database.read(lambda s: int(s.execute(query).scalar_one()))

    async def pending_work(self) -> bool:
        """Is anything due or held up in the inbox (NEW) — the bench and tests wait on this."""
        query = select(func.count()).select_from(MailInboxRow).where(MailInboxRow.state == NEW)
        return await self.database.read(lambda s: bool(s.execute(query).scalar_one()))


_LOCK_RECIPIENT = text("SELECT pg_advisory_xact_lock(hashtextextended(:address, 0))")


def _finish(
    conn: Connection,
    inbox_id: int,
    state: str,
    replies: Sequence[OutgoingMail],
    note: str,
    hold: Hold | None,
    confirm: int | None,
    per_hour: int | None,
) -> str:
    """`InboxClaim.finish` in plain sync Core, so one function serves both databases."""
    now = utcnow()
    outcome = "finished"
    if per_hour is not None and replies:
        recipients = {m.recipient for m in replies}
        if conn.dialect.name == "postgresql":
            # Finishes for one address take turns until commit, so each counts the others'
            # replies (READ COMMITTED alone let eight workers each see room for one more).
            for address in sorted(recipients):
                conn.execute(_LOCK_RECIPIENT, {"address": address})
        sent = conn.execute(
            select(func.count())
            .select_from(MailOutboxRow)
            .where(
                MailOutboxRow.recipient.in_(recipients),
                MailOutboxRow.created_at > now - timedelta(hours=1),
            )
        ).scalar_one()
        if sent >= per_hour:
            replies, outcome = [], "rate_limited"
            note = f"{note}; reply rate limit reached".lstrip("; ")
    values: dict[str, object] = {"state": state, "processed_at": now, "note": note[:2000]}
    if hold is not None:
        live = conn.execute(
            select(MailConfirmationRow.id)
            .where(
                MailConfirmationRow.address == hold.address,
                MailConfirmationRow.confirmed_at.is_(None),
                MailConfirmationRow.expires_at > now,
            )
            .order_by(MailConfirmationRow.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if live is None and _confirmations_capped(conn, hold, now):
            outcome = "confirmations_capped"
            values["note"] = f"{note}; confirmation mail cap reached"[:2000]
        elif live is None:
            live = conn.execute(
                insert(MailConfirmationRow)
                .values(
                    token=hold.token,
                    address=hold.address,
                    display_name=hold.display_name[:200],
                    member_id=hold.member_id,
                    created_at=now,
                    expires_at=now + hold.ttl,
                )
                .returning(MailConfirmationRow.id)
            ).scalar_one()
            replies = [*replies, hold.mail]
        values["confirmation_id"] = live
        values["state"] = HELD
    result = conn.execute(
        update(MailInboxRow).where(MailInboxRow.id == inbox_id, MailInboxRow.state == NEW).values(**values)
    )
    if not result.rowcount:
        return "duplicate"  # finished before (SQLite retry after a crash mid-way): queue nothing twice
    if confirm is not None:
        conn.execute(
            update(MailConfirmationRow)
            .where(MailConfirmationRow.id == confirm, MailConfirmationRow.confirmed_at.is_(None))
            .values(confirmed_at=now)
        )
        conn.execute(
            update(MailInboxRow)
            .where(MailInboxRow.confirmation_id == confirm, MailInboxRow.state == HELD)
            .values(state=NEW, trusted=True, next_attempt_at=now)
        )
    if replies:
        conn.execute(
            insert(MailOutboxRow),
            [
                {
                    "inbox_id": inbox_id,
                    "recipient": mail.recipient,
                    "mail_from": mail.mail_from,
                    "raw": mail.raw,
                    "state": PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "last_error": "",
                    "created_at": now,
                }
                for mail in replies
            ],
        )
    return outcome


_LOCK_CONFIRMATIONS = text("SELECT pg_advisory_xact_lock(hashtextextended('cmebot-confirmations', 0))")


def _confirmations_capped(conn: Connection, hold: Hold, now: datetime) -> bool:
    """Have the last hour's new confirmations reached a cap (overall, or for this domain)?"""
    if hold.per_hour is None and hold.per_domain_per_hour is None:
        return False
    if conn.dialect.name == "postgresql":  # exact with many workers: they count one at a time
        conn.execute(_LOCK_CONFIRMATIONS)
    recent = MailConfirmationRow.created_at > now - timedelta(hours=1)
    if hold.per_hour is not None:
        total = conn.execute(select(func.count()).select_from(MailConfirmationRow).where(recent))
        if total.scalar_one() >= hold.per_hour:
            return True
    if hold.per_domain_per_hour is not None:
        domain = hold.address.rsplit("@", 1)[-1].lower()
        same = conn.execute(
            select(func.count())
            .select_from(MailConfirmationRow)
            .where(recent, MailConfirmationRow.address.endswith("@" + domain, autoescape=True))
        )
        if same.scalar_one() >= hold.per_domain_per_hour:
            return True
    return False


def _inbox_item(row: MailInboxRow | Row[Any]) -> InboxItem:
    return InboxItem(
        id=row.id,
        message_key=row.message_key,
        mail_from=row.mail_from,
        rcpt_to=tuple(r for r in row.rcpt_to.split("\n") if r),
        raw=row.raw,
        trusted=row.trusted,
        attempts=row.attempts,
        received_at=_aware(row.received_at),
    )


def _maybe_item(row: MailInboxRow | None) -> InboxItem | None:
    return None if row is None else _inbox_item(row)


def _aware(value: datetime | None) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    if value is None:
        return utcnow()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _outbox_item(row: MailOutboxRow) -> OutboxItem:
    return OutboxItem(row.id, row.recipient, row.mail_from, row.raw, row.attempts)


__all__ = [
    "DONE",
    "FAILED",
    "HELD",
    "NEW",
    "Confirmation",
    "Hold",
    "InboxClaim",
    "InboxItem",
    "MailStore",
    "OutboxBatch",
    "OutboxItem",
    "OutgoingMail",
    "SendOutcome",
]
