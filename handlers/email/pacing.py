"""Receiving mail comes before processing it: the pacing between the SMTP sessions and the workers.

An MTA with more mail for us keeps its connection open waiting for our `250`;
the worker's answers can wait a moment. `AcceptFirst` is that rule, and the
gated SMTP/LMTP protocols tell it when a command or a message is arriving.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP


class AcceptFirst:
    """Receiving mail comes before processing it.

    A sending MTA waits for our replies with its connection open; the worker's
    results can wait a moment. A worker's turn (claim and process one message)
    starts when no session is inside DATA and no SMTP command has arrived for
    `quiet` seconds (an MTA with more mail sends its next MAIL FROM right after
    our `250`). While mail keeps arriving, one worker at a time goes ahead after
    `max_wait`, so a steady stream slows processing but can't starve it.
    """

    def __init__(self, quiet: float = 0.005, max_wait: float = 0.5) -> None:
        self.receiving = 0
        self.quiet = quiet
        self.max_wait = max_wait
        self.last_command = 0.0
        self.overdue = 0  # workers that went ahead while mail was arriving
        self._idle = asyncio.Event()
        self._idle.set()
        self._timer: asyncio.TimerHandle | None = None

    def touch(self) -> None:
        """An SMTP command arrived: not idle until `quiet` passes without another."""
        self.last_command = time.monotonic()
        self._idle.clear()
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.quiet, self._check)

    def enter(self) -> None:
        self.receiving += 1
        self.touch()

    def leave(self) -> None:
        self.receiving = max(0, self.receiving - 1)
        self.touch()

    def _check(self) -> None:
        self._timer = None
        if self.receiving:  # leave() will touch() again
            return
        left = self.last_command + self.quiet - time.monotonic()
        if left > 0:
            self._timer = asyncio.get_running_loop().call_later(left, self._check)
        else:
            self._idle.set()

    async def wait(self) -> bool:
        """Until the line is quiet (False), or `max_wait` has passed with nobody else going
        ahead while mail is arriving (True)."""
        while not self._idle.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self.max_wait)
            if not self._idle.is_set() and not self.overdue:
                return True
        return False

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """A worker's claim-and-process: at most one runs overdue while mail is arriving."""
        overdue = await self.wait()
        self.overdue += overdue
        try:
            yield
        finally:
            self.overdue -= overdue


class _GatedDATA:
    """Mixin for aiosmtpd's SMTP/LMTP: tell `AcceptFirst` when mail is arriving.

    aiosmtpd's handler hooks run after a command's work (`handle_DATA` once the whole message is
    in), so the start of DATA is only seen by wrapping `smtp_DATA`; pyproject pins the range.
    """

    gate: AcceptFirst

    async def smtp_MAIL(self, arg: str) -> None:
        self.gate.touch()
        await super().smtp_MAIL(arg)  # type: ignore[misc]

    async def smtp_RCPT(self, arg: str) -> None:
        self.gate.touch()
        await super().smtp_RCPT(arg)  # type: ignore[misc]

    async def smtp_DATA(self, arg: str) -> None:
        self.gate.enter()
        try:
            await super().smtp_DATA(arg)  # type: ignore[misc]
        finally:
            self.gate.leave()


class GatedSMTP(_GatedDATA, SMTP):
    pass


class GatedLMTP(_GatedDATA, LMTP):
    pass
