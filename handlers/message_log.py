"""One log line (and the metrics) per message the core handles, whichever door it came through.

Every door ends in `Conversation.handle` (Slack and the console through
`respond`, which calls it), so the composition root wraps that one method
on the instance instead of each door logging in its own way. The line
carries who, where, what and how long, never what was said: no message
text, no addresses, no credits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.conversation import Conversation
from bot.envelope import Inbound, Reply

log = logging.getLogger("cmebot.messages")


class Observer(Protocol):
    def handled(self, door: str, outcome: str, seconds: float) -> None: ...


def _intent(inbound: Inbound, reply: Reply | None) -> str:
    """The intent the core acted on, when it says; a button or form carries its own."""
    said: object = reply.intent if reply is not None else None
    if said is None and inbound.understood is not None:
        said = inbound.understood.intent
    if said is None:
        return "-"
    return str(getattr(said, "value", said))


def observe(conversation: Conversation, observer: Observer | None = None) -> None:
    """Wrap `conversation.handle` so each message logs one line and feeds `observer`."""
    inner: Callable[[Inbound], Awaitable[Reply]] = conversation.handle

    async def handle(inbound: Inbound) -> Reply:
        start = time.perf_counter()
        reply: Reply | None = None
        try:
            reply = await inner(inbound)
            return reply
        finally:
            seconds = time.perf_counter() - start
            outcome = reply.kind.value if reply is not None else "error"
            member = reply.member.id if reply is not None and reply.member is not None else None
            fields = {
                "door": inbound.source,
                "member": member,
                "intent": _intent(inbound, reply),
                "outcome": outcome,
                "ms": round(seconds * 1000),
            }
            log.info(
                "message door=%s member=%s intent=%s outcome=%s ms=%d",
                fields["door"],
                "-" if member is None else member,
                fields["intent"],
                outcome,
                fields["ms"],
                extra=fields,
            )
            if observer is not None:
                observer.handled(inbound.source, outcome, seconds)

    conversation.handle = handle  # type: ignore[method-assign]
