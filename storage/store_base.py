"""What every query group shares: the `Database` its queries run on, and event claims.

Every query is a plain sync function of a `Session`, run by `Database.read` or
`Database.write` (storage.database), which alone knows whether that means a
trip to the SQLite thread or `run_sync` on PostgreSQL.

Seen event ids (Slack retries, a Message-ID seen twice) are claimed in the same
transaction as the change they caused, so a retry does nothing twice.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.ports import AlreadyProcessed
from storage.database import Database
from storage.models import SeenEventRow


class StoreBase:
    """The database shared by the query groups; `claim_event` makes a retried event a no-op."""

    def __init__(self, source: Database | AsyncEngine | async_sessionmaker[AsyncSession]) -> None:
        self.database = Database.over(source)
        self._owns_database = not isinstance(source, Database)
        self._engine: AsyncEngine = self.database.engine

    def close(self) -> None:
        """Close the database if this store made it (one handed in is its maker's to close)."""
        if self._owns_database:
            self.database.close()

    async def event_seen(self, key: str) -> bool:
        return await self.database.read(lambda s: s.get(SeenEventRow, key) is not None)

    async def mark_event(self, key: str) -> bool:
        """Claim an event id; False when it was claimed before (a retry)."""
        try:
            await self.database.write(lambda s: s.add(SeenEventRow(key=key)))
        except IntegrityError:
            return False
        return True


def claim_event(s: Session, event_key: str | None) -> None:
    """Claim the event in the caller's transaction; `AlreadyProcessed` when it was claimed before."""
    if event_key is None:
        return
    s.add(SeenEventRow(key=event_key))
    try:
        s.flush()
    except IntegrityError as exc:
        raise AlreadyProcessed(event_key) from exc
