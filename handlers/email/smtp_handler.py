"""RCPT and DATA: who we take mail for, and committing it before saying 250.

A plain class with aiosmtpd's hook names (healthchecks' `smtpd.py` shape):
`accept_message` is a plain function tests call directly and returns the
status line the client sees. RFC 5321 §4.2.5: once we answer 250 the message
is ours, so the raw bytes are committed to the inbox first; if that fails the
answer is `451 4.3.0` and the sending server retries later (Mailman's LMTP
runner does the same).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from typing import Any

from bot.ports import RecordStore
from handlers.email.queue import MailQueue

log = logging.getLogger(__name__)

UNKNOWN_USER = "550 5.1.1 <{address}>: no such mailbox here"
TEMPORARY = "451 4.3.0 Temporary storage problem, please try again later"
ACCEPTED = "250 2.0.0 Message accepted"
DUPLICATE = "250 2.0.0 Message already accepted"


@dataclass(frozen=True, slots=True)
class Route:
    kind: str  # "main" | "member" | "confirm"
    token: str = ""


def route(address: str, domain: str) -> Route | None:
    """`cme@domain`, `cme+<member token>@domain`, `cme+confirm-<token>@domain`; anything else None."""
    m = re.fullmatch(r"cme(?:\+([A-Za-z0-9_-]{1,80}))?@(.+)", address.strip().strip("<>"), re.IGNORECASE)
    if not m or m.group(2).lower() != domain.lower():
        return None
    tag = (m.group(1) or "").lower()
    if not tag:
        return Route("main")
    if tag.startswith("confirm-"):
        return Route("confirm", tag.removeprefix("confirm-"))
    return Route("member", tag)


_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def message_key(raw: bytes) -> str:
    """The dedup key: From address + Message-ID, else the bytes.

    The address is part of the key so a stranger can't pre-empt someone's Message-ID.
    """
    end = _BLANK_LINE.search(raw, 0, 1 << 20)
    head = raw[: end.start() + 1] if end else raw[:65536]  # the header block only: the body can be 25 MB
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(head)
        message_id = str(headers.get("Message-ID", "")).strip()
        pairs = getaddresses([str(v) for v in headers.get_all("From", [])])
        sender = pairs[0][1].lower() if pairs else ""
    except Exception:
        message_id, sender = "", ""
    if message_id:
        return hashlib.sha256(f"{sender}\n{message_id}".encode("utf-8", "replace")).hexdigest()
    return hashlib.sha256(raw).hexdigest()


async def accept_message(
    mail: MailQueue, mail_from: str, rcpt_tos: list[str], raw: bytes, *, lmtp: bool = False
) -> str:
    """Commit one message to the inbox; the status line for the client (one per recipient in LMTP)."""
    try:
        fresh = await mail.accept(message_key(raw), mail_from or "", rcpt_tos, raw)
    except Exception:
        log.exception("could not store a message from %r; answering 451", mail_from)
        status = TEMPORARY
    else:
        status = ACCEPTED if fresh else DUPLICATE
    # RFC 2033 §4.2: after DATA an LMTP server answers once for every accepted recipient.
    return "\r\n".join([status] * max(1, len(rcpt_tos))) if lmtp else status


class MailHandler:
    """aiosmtpd handler: refuses unknown recipients at RCPT, stores at DATA."""

    def __init__(
        self,
        mail: MailQueue,
        store: RecordStore,
        domain: str,
        *,
        lmtp: bool = False,
        on_accepted: Callable[[], None] = lambda: None,
    ) -> None:
        self.mail = mail
        self.store = store
        self.domain = domain
        self.lmtp = lmtp
        self.on_accepted = on_accepted

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        found = route(address, self.domain)
        try:
            if found is not None and found.kind == "member":
                if await self.store.member_by_mail_token(found.token) is None:
                    found = None
            elif (
                found is not None
                and found.kind == "confirm"
                and await self.mail.confirmation(found.token) is None
            ):
                found = None
        except Exception:
            log.exception("could not look up recipient %r; answering 451", address)
            return TEMPORARY
        if found is None:
            return UNKNOWN_USER.format(address=address.strip("<>"))
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or b""
        status = await accept_message(
            self.mail, envelope.mail_from or "", list(envelope.rcpt_tos), raw, lmtp=self.lmtp
        )
        if status.startswith("250"):
            self.on_accepted()
        return status
