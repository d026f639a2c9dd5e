"""What /healthz and /metrics ask the database: does it answer, and how much work is waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

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


async def ping(engine: AsyncEngine) -> None:
    """One trivial query; raises when the database does not answer."""
    async with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        await conn.execute(text("SELECT 1"))


async def backlog(engine: AsyncEngine, now: datetime | None = None) -> Backlog:
    """Queue depths in one read transaction (skips SQLite's BEGIN IMMEDIATE: never waits for a writer)."""
    now = now or datetime.now(UTC)
    inbox = select(MailInboxRow.state, func.count(), func.min(MailInboxRow.received_at)).where(
        MailInboxRow.state.in_((NEW, HELD))
    )
    async with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        rows = (await conn.execute(inbox.group_by(MailInboxRow.state))).all()
        outbox = (await conn.execute(select(func.count()).where(MailOutboxRow.state == PENDING))).scalar_one()
        drafts = (await conn.execute(select(func.count()).select_from(DraftRow))).scalar_one()
    counts = {state: int(count) for state, count, _ in rows}
    oldest = next((first for state, _, first in rows if state == NEW), None)
    age = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        age = max(0.0, (now - oldest).total_seconds())
    return Backlog(counts.get(NEW, 0), counts.get(HELD, 0), int(outbox), age, int(drafts))
