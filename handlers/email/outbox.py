"""Sending replies from the outbox: through the relay with retry and backoff, or as .eml files.

A reply is a committed outbox row before anything is sent, so a relay outage
(or a crash) only delays it. Temporary failures (4xx, refused connection,
timeouts) back off exponentially with jitter up to 5 minutes (so replies go out
soon after the relay is back, not up to an hour later) and are retried for
about a day; a permanent 5xx refusal stops at once. Without a relay the
replies are written under `<data dir>/outbox/` so a newcomer can read them.
Delivery is at-least-once: a crash after the relay said 250 and before the row
is marked sent resends that one reply.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import smtplib
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handlers.email.polling import Drainer
from handlers.email.queue import MailQueue, OutboxItem, SendOutcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Relay:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False  # smtps://

    def __repr__(self) -> str:  # never show the password
        return f"Relay({self.host}:{self.port}, user={self.username!r}, tls={self.implicit_tls})"


def parse_relay(url: str | None) -> Relay | None:
    """`smtp://[user:pass@]host[:port]` (STARTTLS when offered, required with a login) or `smtps://`."""
    if not url:
        return None
    parts = urlsplit(url)
    implicit = parts.scheme == "smtps"
    return Relay(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or (465 if implicit else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=implicit,
    )


class PermanentFailure(Exception):
    """The relay refused for good (5xx): retrying would not help."""


def _connect(relay: Relay, timeout: float) -> smtplib.SMTP:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if relay.implicit_tls:
        client = smtplib.SMTP_SSL(relay.host, relay.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(relay.host, relay.port, timeout=timeout)
    try:
        client.ehlo()
        if not relay.implicit_tls and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        elif not relay.implicit_tls and relay.username:
            raise PermanentFailure("the relay does not offer STARTTLS; refusing to send a password in clear")
        if relay.username:
            client.login(relay.username, relay.password or "")
    except BaseException:
        client.close()
        raise
    return client


def _send_one(client: smtplib.SMTP, item: OutboxItem) -> None:
    try:
        client.sendmail(item.mail_from, [item.recipient], item.raw)
    except smtplib.SMTPRecipientsRefused as exc:
        code = next(iter(exc.recipients.values()))[0]
        if 500 <= code < 600:
            raise PermanentFailure(str(exc)) from exc
        raise
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        if 500 <= exc.smtp_code < 600:
            raise PermanentFailure(str(exc)) from exc
        raise


class RelaySession:
    """One SMTP session to the relay for a batch of replies, used from a worker thread
    (smtplib blocks); each `send` says "sent", "permanent: …" or the error.

    If the connection fails, every reply not yet sent gets that error and is
    retried later.
    """

    def __init__(self, relay: Relay, timeout: float = 30.0) -> None:
        self.relay = relay
        self.timeout = timeout
        self.client: smtplib.SMTP | None = None
        self.broken = ""

    def send(self, item: OutboxItem) -> str:
        if self.broken:
            return self.broken
        if self.client is None:
            try:
                self.client = _connect(self.relay, self.timeout)
            except PermanentFailure as exc:
                self.broken = f"permanent: {exc}"
                return self.broken
            except (OSError, smtplib.SMTPException) as exc:
                self.broken = f"{exc.__class__.__name__}: {exc}"
                return self.broken
        try:
            _send_one(self.client, item)
        except (PermanentFailure, smtplib.SMTPResponseException) as exc:
            kind = "permanent" if isinstance(exc, PermanentFailure) else exc.__class__.__name__
            result = f"{kind}: {exc}"
            try:
                self.client.rset()
            except (OSError, smtplib.SMTPException) as lost:
                self.broken = f"{lost.__class__.__name__}: {lost}"
            return result
        except (OSError, smtplib.SMTPException) as exc:
            self.broken = f"{exc.__class__.__name__}: {exc}"
            return self.broken
        return "sent"

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()
        self.client = None


def write_eml(directory: Path, item: OutboxItem) -> Path:
    """Atomically write one reply as `<id>-<recipient>.eml` (no relay configured)."""
    directory.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9@._-]+", "_", item.recipient)[:80]
    path = directory / f"{item.id:08d}-{safe}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(item.raw)
    os.replace(tmp, path)
    return path


class OutboxSender(Drainer):
    def __init__(
        self,
        mail: MailQueue,
        relay: Relay | None,
        outbox_dir: Path,
        *,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
        max_attempts: int = 300,  # at most 5 minutes apart: about a day
        poll: float = 1.0,
        batch: int = 20,
        before_claim: Callable[[], Awaitable[None]] | None = None,
        on_change: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.mail = mail
        self.relay = relay
        self.outbox_dir = outbox_dir
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_attempts = max_attempts
        self.poll = poll
        self.batch = batch
        self.before_claim = before_claim
        self.on_change = on_change
        self._outage = False
        # Replies the relay took whose row could not be marked sent (the database failed
        # after the relay's 250): marked on the next try, not sent again on every poll.
        self._taken: set[int] = set()
        super().__init__()

    def delay(self, attempts: int) -> timedelta:
        seconds = min(self.backoff_base * (2 ** min(attempts, 20)), self.backoff_max)
        return timedelta(seconds=seconds * random.uniform(0.8, 1.2))

    async def step(self) -> bool:
        try:
            worked = await self.send_one()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if not self._outage:  # once, not once a poll for as long as the database is down
                log.error("outbox: the database can't be used (%s); replies wait", exc.__class__.__name__)
            self._outage = True
            return False
        if self._outage:
            log.warning("outbox: the database works again")
            self._outage = False
        return worked

    async def send_one(self) -> bool:
        """Claim due replies and try them; True when there were any.

        Each reply is recorded (and committed) as soon as the relay has taken it,
        so a crash resends at most the one in flight, not the rest of the batch.
        """
        if self.before_claim is not None:
            await self.before_claim()
        async with self.mail.claim_outbox(self.batch) as batch:
            if not batch.items:
                return False
            session = RelaySession(self.relay) if self.relay is not None else None
            try:
                for item in batch.items:
                    if item.id in self._taken:  # the relay has it; only the marking failed
                        result = "sent"
                    else:
                        result = await asyncio.to_thread(self._deliver, session, item)
                    if result == "sent":
                        self._taken.add(item.id)
                        outcome = SendOutcome(item, True)
                    else:
                        give_up = result.startswith("permanent:") or item.attempts + 1 >= self.max_attempts
                        log.info("outbox: reply %s not sent (%s)", item.id, result)  # no address in the log
                        outcome = SendOutcome(item, False, result, self.delay(item.attempts), give_up)
                    await batch.record([outcome])
                    self._taken.discard(item.id)
                    what = "sent" if outcome.sent else "send_failed" if outcome.give_up else "send_retry"
                    self.on_change(what)
            finally:
                if session is not None:
                    await asyncio.to_thread(session.close)
        return True

    def _deliver(self, session: RelaySession | None, item: OutboxItem) -> str:
        if session is not None:
            return session.send(item)
        try:
            write_eml(self.outbox_dir, item)
        except OSError as exc:
            return f"{exc.__class__.__name__}: {exc}"
        return "sent"
