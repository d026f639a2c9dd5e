"""What every query group shares: the write and read session factories, and event claims.

Seen event ids (Slack retries, a Message-ID seen twice) are claimed in the same
transaction as the change they caused, so a retry does nothing twice.
"""

from __future__ import annotations

from sqlalchemy.engine import Compiled
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ports import AlreadyProcessed
from storage.engine import WriteSessions, make_read_sessions
from storage.models import SeenEventRow


class StoreBase:
    """Sessions shared by the query groups; `_claim` makes a retried event a no-op."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._write = WriteSessions(sessions)
        self._engine: AsyncEngine = sessions.kw["bind"]
        self._reads = make_read_sessions(self._engine)
        self._compiled_totals: Compiled | None = None

    async def _claim(self, s: AsyncSession, event_key: str) -> None:
        s.add(SeenEventRow(key=event_key))
        try:
            await s.flush()
        except IntegrityError as exc:
            raise AlreadyProcessed(event_key) from exc

    async def event_seen(self, key: str) -> bool:
        async with self._reads() as s:
            return await s.get(SeenEventRow, key) is not None

    async def mark_event(self, key: str) -> bool:
        """Claim an event id; False when it was claimed before (a retry)."""
        try:
            async with self._write() as s:
                s.add(SeenEventRow(key=key))
        except IntegrityError:
            return False
        return True
