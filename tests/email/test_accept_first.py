"""The inbox worker waits while mail is arriving: the sending server gets its 250 first."""

from __future__ import annotations

import asyncio

from handlers.email.pacing import AcceptFirst


async def test_a_turn_waits_until_data_ends_and_the_line_is_quiet() -> None:
    gate = AcceptFirst(quiet=0.02, max_wait=5)
    started: list[float] = []
    loop = asyncio.get_running_loop()

    async def worker() -> None:
        async with gate.turn():
            started.append(loop.time())

    gate.enter()  # a session is inside DATA
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.05)
    assert not started
    gate.leave()
    left = loop.time()
    await asyncio.wait_for(task, 1)
    assert started[0] - left >= 0.015  # the quiet interval after the 250


async def test_a_steady_stream_lets_one_worker_through_at_a_time() -> None:
    gate = AcceptFirst(quiet=0.02, max_wait=0.05)
    inside = 0
    most = 0
    turns = 0

    async def worker() -> None:
        nonlocal inside, most, turns
        async with gate.turn():
            inside += 1
            most = max(most, inside)
            turns += 1
            await asyncio.sleep(0.03)
            inside -= 1

    gate.enter()  # mail keeps arriving for the whole test
    workers = [asyncio.create_task(worker()) for _ in range(4)]
    await asyncio.sleep(0.3)
    assert most == 1
    assert turns >= 2  # not starved
    gate.leave()
    await asyncio.wait_for(asyncio.gather(*workers), 1)
    assert turns == 4


async def test_an_idle_door_lets_every_worker_in_at_once() -> None:
    gate = AcceptFirst(quiet=0.02, max_wait=5)
    inside = 0
    most = 0

    async def worker() -> None:
        nonlocal inside, most
        async with gate.turn():
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(4))), 1)
    assert most == 4
