"""The inbox worker waits while mail is arriving: the sending server gets its 250 first."""

from __future__ import annotations

import asyncio

from handlers.email.pacing import AcceptFirst
from handlers.email.server import MailServer, listen


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


# The gate's wiring rests on aiosmtpd internals it has no hook for (the start of DATA; the session's
# handler task), so pyproject pins aiosmtpd's range and these tests hold the behaviour on a real session.


class _Accepting:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


async def _line(reader: asyncio.StreamReader, code: bytes) -> None:
    while True:
        line = await asyncio.wait_for(reader.readline(), 5)
        assert line.startswith(code), line
        if line[3:4] != b"-":
            return


async def _inside_data(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await _line(reader, b"220")
    for command, code in [
        (b"EHLO client.example\r\n", b"250"),
        (b"MAIL FROM:<a@example.org>\r\n", b"250"),
        (b"RCPT TO:<b@example.org>\r\n", b"250"),
        (b"DATA\r\n", b"354"),
    ]:
        writer.write(command)
        await _line(reader, code)
    writer.write(b"Subject: half a message\r\n\r\nstill arriving")
    await writer.drain()
    return reader, writer


async def _gated_server() -> tuple[AcceptFirst, MailServer]:
    gate = AcceptFirst(quiet=0.01, max_wait=5)
    server = await listen(
        _Accepting(),  # type: ignore[arg-type]
        gate,
        host="127.0.0.1",
        port=0,
        lmtp=False,
        hostname="cmebot.test",
        data_size_limit=1_000_000,
    )
    return gate, server


async def test_a_real_session_inside_data_holds_the_gate_until_its_250() -> None:
    gate, server = await _gated_server()
    try:
        reader, writer = await _inside_data(server.port)
        await asyncio.sleep(0.05)
        assert gate.receiving == 1
        writer.write(b"\r\n.\r\n")
        await _line(reader, b"250")
        assert gate.receiving == 0
        writer.close()
    finally:
        await server.close()
        await server.cancel_sessions()


async def test_stopping_mid_data_leaves_no_session_task_and_frees_the_gate() -> None:
    gate, server = await _gated_server()
    _reader, writer = await _inside_data(server.port)
    await asyncio.sleep(0.05)
    assert gate.receiving == 1
    await server.close()
    await server.cancel_sessions()
    sessions = [t for t in asyncio.all_tasks() if "_handle_client" in repr(t.get_coro())]
    assert sessions == []
    assert gate.receiving == 0
    writer.close()
