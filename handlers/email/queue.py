"""The e-mail door's queue, as the door needs it: the inbox, the outbox and confirmations.

The door owns this seam (issue 13: doors import no storage). The composition
root (`handlers.app.App.mail_queue`) hands it `storage.mail_store.MailStore`,
which implements these protocols and stores these values; the worker, the
sender and the SMTP handler know only what is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

# How a claimed inbox message ends (the queue keeps others of its own: new, held).
DONE, IGNORED, FAILED = "done", "ignored", "failed"


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    message_key: str
    mail_from: str
    rcpt_to: tuple[str, ...]
    raw: bytes
    trusted: bool
    attempts: int
    received_at: datetime


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    recipient: str
    mail_from: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    recipient: str
    mail_from: str
    raw: bytes
    attempts: int


@dataclass(frozen=True, slots=True)
class Hold:
    """Keep a message until its sender confirms the address (double opt-in)."""

    address: str
    display_name: str
    member_id: int | None
    token: str  # used only when no live confirmation exists for the address
    mail: OutgoingMail  # the "please confirm" mail, sent only with a new confirmation
    ttl: timedelta
    # Caps on new confirmations (each one a mail to an address anyone can forge) in the last
    # hour, overall and for the address's domain; over them the message is held with no mail.
    per_hour: int | None = None
    per_domain_per_hour: int | None = None


@dataclass(frozen=True, slots=True)
class Confirmation:
    id: int
    token: str
    address: str
    display_name: str
    member_id: int | None
    confirmed: bool


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What happened to one reply: sent, or retry after `delay`, or given up."""

    item: OutboxItem
    sent: bool
    error: str = ""
    delay: timedelta = timedelta(0)
    give_up: bool = False


class InboxClaim(Protocol):
    """One claimed inbox message; `finish` records its outcome and queues replies together."""

    @property
    def item(self) -> InboxItem: ...

    async def finish(
        self,
        state: str,
        replies: Sequence[OutgoingMail] = (),
        *,
        note: str = "",
        hold: Hold | None = None,
        confirm: int | None = None,
        per_hour: int | None = None,
    ) -> str:
        """ "finished", "rate_limited" (replies dropped), "duplicate" (finished before) or
        "confirmations_capped" (held with no confirmation mail)."""
        ...


class OutboxBatch(Protocol):
    @property
    def items(self) -> list[OutboxItem]: ...

    async def record(self, outcomes: Sequence[SendOutcome]) -> None: ...


class MailQueue(Protocol):
    @property
    def single_writer(self) -> bool:
        """One writer at a time (SQLite): replies go out between messages, not during them."""
        ...

    async def accept(self, message_key: str, mail_from: str, rcpt_to: Sequence[str], raw: bytes) -> bool:
        """Commit the raw message; False when the same message (key) was accepted before."""
        ...

    def claim_inbox(self) -> AbstractAsyncContextManager[InboxClaim | None]: ...

    async def retry_inbox(self, inbox_id: int, attempts: int, delay: timedelta, error: str) -> None: ...

    async def confirmation(self, token: str) -> Confirmation | None:
        """A confirmation by token, if it exists and has not expired."""
        ...

    def claim_outbox(self, limit: int = 20) -> AbstractAsyncContextManager[OutboxBatch]: ...

    def close(self) -> None: ...
