"""What /healthz and /metrics ask the database: does it answer, and how much work is waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from storage.database import Database
from storage.engine import READ_ONLY
from storage.mail_models import HELD, NEW, PENDING, MailInboxRow, MailOutboxRow
from storage.models import DraftRow


@dataclass(frozen=True, slots=True)
class Backlog:
    inbox_new: int
    inbox_held: int
    outbox_pending: int
    oldest_new_seconds: float  # 0 when nothing waits
    drafts: int


async def ping(database: Database) -> None:
    """One trivial query on a connection of its own; raises when the database does not answer.

    The one query that deliberately skips `Database.read`: on a SQLite file that goes to the
    thread's long-lived connection, which keeps answering after the file under it is gone;
    a health check must open the database as a restarted process would.
    """
    async with database.engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        await conn.execute(text("SELECT 1"))


async def backlog(database: Database, now: datetime | None = None) -> Backlog:
    """Queue depths in one read transaction (a read: on SQLite it never waits for a writer)."""
    now = now or datetime.now(UTC)
    rows, outbox, drafts = await database.read(_depths)
    counts = {state: int(count) for state, count, _ in rows}
    oldest = next((first for state, _, first in rows if state == NEW), None)
    age = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        age = max(0.0, (now - oldest).total_seconds())
    return Backlog(counts.get(NEW, 0), counts.get(HELD, 0), outbox, age, drafts)


def _depths(s: Session) -> tuple[list[tuple[str, int, datetime]], int, int]:
    inbox = select(MailInboxRow.state, func.count(), func.min(MailInboxRow.received_at)).where(
        MailInboxRow.state.in_((NEW, HELD))
    )
    rows = [(str(state), int(n), first) for state, n, first in s.execute(inbox.group_by(MailInboxRow.state))]
    outbox = int(s.execute(select(func.count()).where(MailOutboxRow.state == PENDING)).scalar_one())
    drafts = int(s.execute(select(func.count()).select_from(DraftRow)).scalar_one())
    return rows, outbox, drafts
