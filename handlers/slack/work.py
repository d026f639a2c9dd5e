"""Work after the ack: a few lanes of workers instead of one task per request.

Under a burst, a task per request fills the event loop's ready queue and acks
wait behind hundreds of half-done replies, and the ack's tail grows with the
burst (bench/slack.py measures it at 32 clients). A small pool keeps acks
quick while replies catch up.
Certificates get their own lane, so one member's OCR does not hold up
everyone's answers; opening a modal skips the queues entirely, because its
`trigger_id` expires 3 seconds after the click.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

Work = Coroutine[Any, Any, None]

# Chat replies are bound by the database; two workers did best on SQLite in bench/slack.py.
LANES = {"chat": 2, "files": 2}
# Past this many waiting replies, new requests are turned away where Slack can take it:
# events get a 503 (Slack sends them again later), /cme gets "busy, try again".
MAX_BACKLOG = 500


class WorkPool:
    def __init__(self, lanes: dict[str, int] | None = None, max_backlog: int = MAX_BACKLOG) -> None:
        self.max_backlog = max_backlog
        self._sizes = dict(lanes or LANES)
        self._queues: dict[str, asyncio.Queue[Work]] = {name: asyncio.Queue() for name in self._sizes}
        self._workers: list[asyncio.Task[None]] = []
        self._now: set[asyncio.Task[None]] = set()

    def now(self, work: Work) -> None:
        """Start at once, ahead of every queue."""
        task = asyncio.get_running_loop().create_task(_guarded(work))
        self._now.add(task)
        task.add_done_callback(self._now.discard)

    def queue(self, work: Work, lane: str = "chat") -> None:
        if not self._workers:
            loop = asyncio.get_running_loop()
            self._workers = [
                loop.create_task(self._work(self._queues[name]))
                for name, size in self._sizes.items()
                for _ in range(size)
            ]
        self._queues[lane].put_nowait(work)

    @property
    def backlog(self) -> int:
        return sum(q.qsize() for q in self._queues.values())

    @property
    def full(self) -> bool:
        """Too much waiting already: memory stays bounded under a flood."""
        return self.backlog >= self.max_backlog

    async def _work(self, queue: asyncio.Queue[Work]) -> None:
        while True:
            work = await queue.get()
            try:
                await _guarded(work)
            finally:
                queue.task_done()

    async def idle(self) -> None:
        """Wait until everything started or queued has finished."""
        while True:
            for queue in self._queues.values():
                await queue.join()
            if not self._now and all(q.empty() for q in self._queues.values()):
                return
            await asyncio.gather(*list(self._now), return_exceptions=True)

    async def close(self) -> None:
        """Stop the workers; work never started is dropped (after `idle`, there is none)."""
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        for queue in self._queues.values():
            while not queue.empty():
                queue.get_nowait().close()
                queue.task_done()


async def _guarded(work: Work) -> None:
    try:
        await work
    except Exception:
        log.exception("Slack work after the ack failed")
