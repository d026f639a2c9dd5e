"""The SMTP (or LMTP) server on the app's loop, its sessions gated by the pacing.

One event loop for everything (the async engine belongs to the loop that
made it), so the server is `loop.create_server(lambda: SMTP(handler), ...)`
rather than aiosmtpd's threaded `Controller`.
"""

from __future__ import annotations

import asyncio

from aiosmtpd.smtp import SMTP

from handlers.email.pacing import AcceptFirst, GatedLMTP, GatedSMTP
from handlers.email.smtp_handler import MailHandler


class MailServer:
    """A listening server and its sessions, so stopping can drop the ones still open."""

    def __init__(self, server: asyncio.Server, protocols: set[SMTP]) -> None:
        self.server = server
        self._protocols = protocols

    @property
    def port(self) -> int:
        sock = self.server.sockets[0]
        return int(sock.getsockname()[1])

    async def close(self) -> None:
        """Stop listening and drop open sessions (their mail is not ours until we said 250)."""
        self.server.close()
        for proto in list(self._protocols):
            if proto.transport is not None:
                proto.transport.close()
        await self.server.wait_closed()

    async def cancel_sessions(self) -> None:
        """Wait for the sessions' handler tasks to finish their cancellation, so none outlives the door.

        aiosmtpd cancels a session's task when its connection drops but keeps the task only in
        `_handler_coroutine`, with no public handle: pyproject pins aiosmtpd's range, and
        tests/email/test_accept_first.py fails if the attribute moves.
        """
        pending: list[asyncio.Task[None]] = []
        for proto in self._protocols:
            running = getattr(proto, "_handler_coroutine", None)
            if isinstance(running, asyncio.Task) and not running.done():
                running.cancel()
                pending.append(running)
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


async def listen(
    handler: MailHandler,
    gate: AcceptFirst,
    *,
    host: str,
    port: int,
    lmtp: bool,
    hostname: str,
    data_size_limit: int,
) -> MailServer:
    loop = asyncio.get_running_loop()
    protocols: set[SMTP] = set()
    server_class: type[GatedSMTP | GatedLMTP] = GatedLMTP if lmtp else GatedSMTP

    def factory() -> SMTP:
        proto = server_class(
            handler,
            data_size_limit=data_size_limit,
            enable_SMTPUTF8=True,
            hostname=hostname,
            ident="cmebot",
            loop=loop,
        )
        proto.gate = gate
        protocols.add(proto)
        if len(protocols) > 256:  # forget finished sessions
            for old in [p for p in protocols if p.transport is None and p is not proto]:
                protocols.discard(old)
        return proto

    return MailServer(await loop.create_server(factory, host=host, port=port), protocols)
