"""The one way storage runs a query: `Database.read(fn)` and `Database.write(fn)`.

Every query of the record store and the mail queue is a plain sync function of
an ORM `Session`. How it runs is decided here and nowhere else:

- on a SQLite file, in one trip to a thread of its own (`SqliteThread`):
  through aiosqlite every statement, `BEGIN IMMEDIATE` and `COMMIT` is a trip
  between the event loop and aiosqlite's thread;
- elsewhere (PostgreSQL, an in-memory SQLite) through `AsyncSession.run_sync`.

Writes wait their turn in the process's writer queue on SQLite
(`storage.engine.writer_queue`), so two writers of one process never meet in
SQLite's busy handler; PostgreSQL locks rows and needs none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from storage.engine import WriteSessions, is_sqlite_file, make_read_sessions, make_sessions
from storage.sqlite_thread import SqliteThread

T = TypeVar("T")


class Transaction:
    """A write transaction kept open across awaits (PostgreSQL claims hold row locks in one)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def run(self, fn: Callable[[Session], T]) -> T:
        return await self._session.run_sync(fn)


class Database:
    """Runs sync `Session` functions in a read or a write transaction, on the right thread."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        sessions = make_sessions(engine)
        self._writes = WriteSessions(sessions)
        self._reads = make_read_sessions(engine)
        self._on_sqlite_file = is_sqlite_file(engine.url)
        self._thread: SqliteThread | None = None

    @classmethod
    def over(cls, source: Database | AsyncEngine | async_sessionmaker[AsyncSession]) -> Database:
        """`source` itself, or a new database on its engine (callers that hand a session factory)."""
        if isinstance(source, Database):
            return source
        if isinstance(source, AsyncEngine):
            return cls(source)
        return cls(source.kw["bind"])

    def _sqlite_thread(self) -> SqliteThread | None:
        """Started on first use: a database that never runs a query holds no thread."""
        if self._thread is None and self._on_sqlite_file:
            self._thread = SqliteThread.beside(self.engine)
        return self._thread

    async def read(self, fn: Callable[[Session], T]) -> T:
        """`fn` in a transaction that changes nothing: on SQLite it never waits for a writer."""
        thread = self._sqlite_thread()
        if thread is not None:
            return await thread.read(fn)
        async with self._reads() as s:
            return await s.run_sync(fn)

    async def write(self, fn: Callable[[Session], T], *, urgent: bool = False) -> T:
        """`fn` in one write transaction, committed before this returns; `urgent` writers go first
        (the SMTP door's inbox insert: a sending server waits on the line for its 250)."""
        thread = self._sqlite_thread()
        if thread is not None:
            return await thread.write(fn, urgent=urgent)
        async with self._writes(urgent=urgent) as s:
            return await s.run_sync(fn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One write transaction held open while the caller awaits other work.

        For PostgreSQL's `FOR UPDATE SKIP LOCKED` claims only: on SQLite it would hold
        the database-wide write lock the whole time, so it is refused there.
        """
        if self.dialect == "sqlite":
            raise RuntimeError("a transaction held across awaits would lock the whole SQLite file")
        async with self._writes() as s:
            yield Transaction(s)

    def close(self) -> None:
        """Release the SQLite thread and its connection (the engine stays the caller's)."""
        if self._thread is not None:
            self._thread.close()
            self._thread = None
