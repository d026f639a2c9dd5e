"""SQLAlchemy work on a SQLite file in one trip to a thread of its own.

Through aiosqlite every statement, `BEGIN IMMEDIATE` and `COMMIT` is a trip
between the event loop and aiosqlite's thread, with SQLAlchemy's async
session around it: the e-mail door's inbox insert of a 67 KB certificate mail
cost 2.8 ms of CPU that way, as much as aiosmtpd spends receiving it. Run as
one blocking function on a dedicated thread the same insert costs 0.4 ms.
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

from storage.engine import READ_ONLY, WriterQueue, make_sync_sqlite_engine, writer_queue

T = TypeVar("T")


class SqliteThread:
    """Runs `fn(connection)` in a transaction on a dedicated thread, one call at a time.

    Writes wait their turn in the process's writer queue for the database first
    (`storage.engine.writer_queue`), like every other write of the process.
    """

    def __init__(self, engine: Engine, queue: WriterQueue) -> None:
        self._engine = engine
        self._queue = queue
        self._reads = engine.execution_options(**{READ_ONLY: True})
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="cmebot-sqlite")

    @classmethod
    def beside(cls, engine: AsyncEngine) -> SqliteThread:
        """A thread on the SQLite file `engine` serves, sharing its writer queue."""
        sync_engine = make_sync_sqlite_engine(engine.url)
        queue = writer_queue(engine)
        if sync_engine is None or queue is None:
            raise ValueError(
                f"{engine.url!s} is not a SQLite file (the e-mail queue needs a file or PostgreSQL)"
            )
        return cls(sync_engine, queue)

    def _write(self, fn: Callable[[Connection], T]) -> T:
        with self._engine.begin() as conn:  # BEGIN IMMEDIATE (storage.engine)
            return fn(conn)

    def _read(self, fn: Callable[[Connection], T]) -> T:
        with self._reads.connect() as conn:
            return fn(conn)

    async def write(self, fn: Callable[[Connection], T], *, urgent: bool = False) -> T:
        """`fn`'s result once its transaction has committed; `urgent` writers go first."""
        async with self._queue.hold(urgent=urgent):
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._write, fn)

    async def read(self, fn: Callable[[Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._read, fn)

    def close(self) -> None:
        self._thread.submit(self._engine.dispose).result()  # the connection belongs to that thread
        self._thread.shutdown()
