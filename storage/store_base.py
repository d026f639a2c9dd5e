"""What every query group shares: the write and read session factories, and event claims.

Seen event ids (Slack retries, a Message-ID seen twice) are claimed in the same
transaction as the change they caused, so a retry does nothing twice.

The queries every incoming message runs (member lookup, event check, storing
a certificate, recording, drafting) are written as plain sync functions of a
`Session` and run by `_run_read`/`_run_write`: on a SQLite file in one trip to
a thread of their own (`SqliteThread`: each aiosqlite statement is a trip of
its own), elsewhere through `AsyncSession.run_sync`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Compiled, Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.ports import AlreadyProcessed
from storage.engine import WriteSessions, is_sqlite_file, make_read_sessions
from storage.models import SeenEventRow
from storage.sqlite_thread import SqliteThread

T = TypeVar("T")


class StoreBase:
    """Sessions shared by the query groups; `_claim` makes a retried event a no-op."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._write = WriteSessions(sessions)
        self._engine: AsyncEngine = sessions.kw["bind"]
        self._reads = make_read_sessions(self._engine)
        self._compiled_totals: Compiled | None = None
        self._on_sqlite_file = is_sqlite_file(self._engine.url)
        self._thread: SqliteThread | None = None

    def _sqlite_thread(self) -> SqliteThread | None:
        """Started on first use: a store that never runs these queries holds no thread."""
        if self._thread is None and self._on_sqlite_file:
            self._thread = SqliteThread.beside(self._engine)
        return self._thread

    async def _run_read(self, fn: Callable[[Session], T]) -> T:
        thread = self._sqlite_thread()
        if thread is not None:
            return await thread.read(lambda conn: _in_session(conn, fn))
        async with self._reads() as s:
            return await s.run_sync(fn)

    async def _run_write(self, fn: Callable[[Session], T]) -> T:
        """`fn` in one write transaction, queued with the process's other writers."""
        thread = self._sqlite_thread()
        if thread is not None:
            return await thread.write(lambda conn: _in_session(conn, fn))
        async with self._write() as s:
            return await s.run_sync(fn)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.close()
            self._thread = None

    async def _claim(self, s: AsyncSession, event_key: str) -> None:
        s.add(SeenEventRow(key=event_key))
        try:
            await s.flush()
        except IntegrityError as exc:
            raise AlreadyProcessed(event_key) from exc

    async def event_seen(self, key: str) -> bool:
        return await self._run_read(lambda s: s.get(SeenEventRow, key) is not None)

    async def mark_event(self, key: str) -> bool:
        """Claim an event id; False when it was claimed before (a retry)."""
        try:
            async with self._write() as s:
                s.add(SeenEventRow(key=key))
        except IntegrityError:
            return False
        return True


def _in_session(conn: Connection, fn: Callable[[Session], T]) -> T:
    """An ORM session on the thread's connection; the caller's transaction commits it."""
    with Session(bind=conn, expire_on_commit=False) as s:
        result = fn(s)
        s.flush()
        return result
