"""One engine factory and one session factory for the whole process.

SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE`, so two
writers queue instead of failing with "database is locked" when a read
transaction tries to become a write one. Within one process, writers also
queue on an asyncio lock before they reach SQLite (`WriteSessions`): SQLite's
own busy handler sleeps between retries in growing steps, so a writer that
arrives just after another would lose far more time than the other's write takes.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

READ_ONLY = "cmebot_read_only"


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # No pool-level reset: every SQLAlchemy transaction here ends in an explicit
        # COMMIT or ROLLBACK, and each extra ROLLBACK is a trip through aiosqlite's thread.
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _tune_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _tune_sqlite(engine: AsyncEngine | Engine) -> None:
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite_file(url: str | URL) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


def make_sync_sqlite_engine(url: str | URL) -> Engine | None:
    """A blocking engine on the same SQLite file (same pragmas, `BEGIN IMMEDIATE`), for work
    done in one trip to a thread; None when `url` is not a SQLite file."""
    if not is_sqlite_file(url):
        return None
    parsed = make_url(url)
    engine = create_engine(
        parsed.set(drivername="sqlite+pysqlite"),
        connect_args={"timeout": 30},
        pool_size=2,  # the thread's read connection, kept, and its write connection
        max_overflow=0,
        pool_reset_on_return=None,
    )
    _tune_sqlite(engine)
    return engine


def make_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def make_read_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for queries only: on SQLite they skip BEGIN IMMEDIATE, so reads never queue
    behind a writer and save a round trip through aiosqlite's thread."""
    reads = engine.execution_options(**{READ_ONLY: True})
    return async_sessionmaker(reads, expire_on_commit=False)


class WriterQueue:
    """One writer at a time, first come first served, except that urgent writers go first.

    Urgent is for the SMTP door's inbox insert: a sending server is waiting on
    the line for its `250`, while the worker's writes can wait a moment.
    """

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        if self._held or self._urgent or self._normal:
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            (self._urgent if urgent else self._normal).append(turn)
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    self._pass_on()  # handed the lock as we were cancelled: give it on
                else:
                    turn.cancel()  # skipped when its turn comes
                raise
        else:
            self._held = True
        try:
            yield
        finally:
            self._pass_on()

    def _pass_on(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # still held: ownership moves to that waiter
                    return
        self._held = False


_WRITER_QUEUES: weakref.WeakKeyDictionary[Any, WriterQueue] = weakref.WeakKeyDictionary()


def writer_queue(engine: AsyncEngine) -> WriterQueue | None:
    """The process's one queue of writers for this engine's database; None off SQLite."""
    if engine.dialect.name != "sqlite":
        return None
    return _WRITER_QUEUES.setdefault(engine.sync_engine, WriterQueue())


class WriteSessions:
    """`async with writes() as s:` is a write transaction, queued in-process on SQLite.

    Every write path of the process goes through one of these, all sharing one
    queue per engine; PostgreSQL locks rows, not the database, and needs none.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        engine: AsyncEngine = sessions.kw["bind"]
        self.queue = writer_queue(engine)

    @asynccontextmanager
    async def __call__(self, *, urgent: bool = False) -> AsyncIterator[AsyncSession]:
        if self.queue is None:
            async with self.sessions.begin() as s:
                yield s
            return
        async with self.queue.hold(urgent=urgent), self.sessions.begin() as s:
            yield s
