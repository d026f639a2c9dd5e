"""SQLAlchemy work on a SQLite file in one trip to a thread of its own.

Through aiosqlite every statement, `BEGIN IMMEDIATE` and `COMMIT` is a trip
between the event loop and aiosqlite's thread, with SQLAlchemy's async
session around it: the e-mail door's inbox insert of a certificate mail cost
as much CPU that way as aiosmtpd spends receiving it. Run as one blocking
function on a dedicated thread the same insert costs a fraction of that
(bench/email.py measures it).
`storage.database.Database` is its one user: every query of the store and
the mail queue is plain sync SQLAlchemy run there, so on PostgreSQL the same
functions run through `run_sync`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from storage.engine import READ_ONLY, WriterQueue, make_sync_sqlite_engine, writer_queue

T = TypeVar("T")


class SqliteThread:
    """Runs `fn(session)` in a transaction on a dedicated thread, one call at a time.

    Writes wait their turn in the process's writer queue for the database first
    (`storage.engine.writer_queue`), like every other write of the process.
    Reads reuse one connection and one session, kept by the thread: a new
    session a read cost a summary a fifth of its time (bench/summary.py).
    """

    def __init__(self, engine: Engine, queue: WriterQueue) -> None:
        self._engine = engine
        self._queue = queue
        self._reads = engine.execution_options(**{READ_ONLY: True})
        self._read_session: Session | None = None  # touched on the thread only
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="cmebot-sqlite")

    @classmethod
    def beside(cls, engine: AsyncEngine) -> SqliteThread:
        """A thread on the SQLite file `engine` serves, sharing its writer queue."""
        sync_engine = make_sync_sqlite_engine(engine.url)
        queue = writer_queue(engine)
        if sync_engine is None or queue is None:
            raise ValueError(f"{engine.url!s} is not a SQLite file")
        return cls(sync_engine, queue)

    def _write(self, fn: Callable[[Session], T]) -> T:
        # BEGIN IMMEDIATE (storage.engine); the session joins it, and the block commits it.
        with self._engine.begin() as conn, Session(bind=conn, expire_on_commit=False) as s:
            result = fn(s)
            s.flush()
            return result

    def _read(self, fn: Callable[[Session], T]) -> T:
        if self._read_session is None:
            self._read_session = Session(bind=self._reads.connect(), expire_on_commit=False)
        s = self._read_session
        try:
            return fn(s)
        finally:
            s.rollback()  # no BEGIN was sent (READ_ONLY): this only ends SQLAlchemy's transaction
            s.expunge_all()

    async def write(self, fn: Callable[[Session], T], *, urgent: bool = False) -> T:
        """`fn`'s result once its transaction has committed; `urgent` writers go first."""
        async with self._queue.hold(urgent=urgent):
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._write, fn)

    async def read(self, fn: Callable[[Session], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._read, fn)

    def _dispose(self) -> None:
        if self._read_session is not None:
            bind = self._read_session.bind
            self._read_session.close()
            if isinstance(bind, Connection):
                bind.close()
            self._read_session = None
        self._engine.dispose()

    def close(self) -> None:
        self._thread.submit(self._dispose).result()  # the connections belong to that thread
        self._thread.shutdown()
