"""A queue drainer that sleeps between empty polls and wakes at once when kicked.

The inbox worker and the outbox sender both drain a table: work while there is
work, then wait for a kick (new mail, a new reply) or the poll interval, so a
row written by another process is still picked up.
"""

from __future__ import annotations

import asyncio
import contextlib


class Drainer:
    """Subclasses implement `step() -> bool` (True when it did something) and set `poll`."""

    poll: float = 1.0

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self.stopping = False

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Finish the item in hand, then return from `run` (no cancellation mid-transaction)."""
        self.stopping = True
        self._wake.set()

    async def step(self) -> bool:
        raise NotImplementedError

    async def run(self) -> None:
        while not self.stopping:
            worked = await self.step()
            if not worked and not self.stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll)
                self._wake.clear()
