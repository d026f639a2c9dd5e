"""The in-process writer queue that SQLite writes pass through before `BEGIN IMMEDIATE`."""

from __future__ import annotations

import asyncio

from storage.engine import WriterQueue


async def _holder(queue: WriterQueue, order: list[str], name: str, *, urgent: bool = False) -> None:
    async with queue.hold(urgent=urgent):
        order.append(name)
        await asyncio.sleep(0)


async def _hold_until(queue: WriterQueue, release: asyncio.Event, order: list[str]) -> None:
    async with queue.hold():
        order.append("first")
        await release.wait()


async def test_urgent_writers_go_before_queued_ones_and_others_keep_arrival_order() -> None:
    queue = WriterQueue()
    order: list[str] = []
    release = asyncio.Event()
    tasks = [asyncio.create_task(_hold_until(queue, release, order))]
    await asyncio.sleep(0)
    for name, urgent in (("worker-a", False), ("worker-b", False), ("inbox", True)):
        tasks.append(asyncio.create_task(_holder(queue, order, name, urgent=urgent)))
        await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["first", "inbox", "worker-a", "worker-b"]


async def test_a_cancelled_waiter_neither_blocks_nor_takes_the_lock() -> None:
    queue = WriterQueue()
    order: list[str] = []
    release = asyncio.Event()
    holder = asyncio.create_task(_hold_until(queue, release, []))
    await asyncio.sleep(0)
    doomed = asyncio.create_task(_holder(queue, order, "doomed"))
    later = asyncio.create_task(_holder(queue, order, "later"))
    await asyncio.sleep(0)
    doomed.cancel()
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, later), 1)
    assert order == ["later"]
    assert doomed.cancelled()
    async with asyncio.timeout(1), queue.hold():  # free again
        pass


async def test_a_waiter_cancelled_just_as_its_turn_came_passes_the_lock_on() -> None:
    queue = WriterQueue()
    order: list[str] = []
    held = queue.hold()
    await held.__aenter__()
    unlucky = asyncio.create_task(_holder(queue, order, "unlucky"))
    after = asyncio.create_task(_holder(queue, order, "after"))
    await asyncio.sleep(0)
    await held.__aexit__(None, None, None)  # hands the lock to `unlucky`, with no await in between
    unlucky.cancel()  # ... which is cancelled before it runs
    await asyncio.wait_for(after, 1)
    assert order == ["after"]
    assert unlucky.cancelled()
