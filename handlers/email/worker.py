"""The inbox worker: one accepted message in, at most one answer (plus its reply) out.

Exactly once, whatever crashes: the core records with the message's
`event_key` (Message-ID based), so the entry and the event claim commit
together; the inbox row is marked done in the same transaction that queues
the reply. A crash between the two leaves the row new: the retry finds the
event already claimed (nothing recorded twice) and answers with where the
member stands, so the member still gets exactly one reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from bot.conversation import Conversation
from bot.envelope import (
    Admission,
    AdmissionKind,
    IdentityClaim,
    Inbound,
    Intent,
    Reply,
    ReplyKind,
    Understanding,
)
from bot.ports import Identity
from handlers.email import replies
from handlers.email import wording as say
from handlers.email.parsing import ParsedMail, bare_subject, parse
from handlers.email.polling import Drainer
from handlers.email.queue import DONE, FAILED, IGNORED, Hold, InboxClaim, MailQueue, OutgoingMail
from handlers.email.smtp_handler import route
from handlers.email.trust import DnsFunc, Verdict, accepts, authenticate, no_reply_reason

log = logging.getLogger(__name__)

OUTAGE_PAUSE_MAX = 60.0  # seconds between probes while the database can't be written


@dataclass(frozen=True, slots=True)
class WorkerPolicy:
    domain: str
    default_timezone: str
    trusted_authserv_id: str | None = None
    behind_mta: bool = False  # LMTP: an MTA relays mail from anywhere, so unsigned is unverified
    dnsfunc: DnsFunc | None = None  # tests pass a fake DNS for DKIM keys
    replies_per_hour: int = 30
    confirmations_per_hour: int = 60  # "please confirm" mails to anyone: forged From costs this much
    confirmations_per_domain_per_hour: int = 10
    confirmation_ttl: timedelta = timedelta(days=7)
    max_attempts: int = 8
    backoff_base: float = 2.0
    backoff_max: float = 600.0
    poll: float = 1.0


class InboxWorker(Drainer):
    def __init__(
        self,
        mail: MailQueue,
        conversation: Conversation,
        policy: WorkerPolicy,
        *,
        on_change: Callable[[str], None] = lambda _: None,
        turn: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    ) -> None:
        self.turn = turn or contextlib.nullcontext
        self.busy = 0  # messages in hand; the outbox sender lets these finish first on SQLite
        self._idle = asyncio.Event()
        self._idle.set()
        self.mail = mail
        self.conversation = conversation
        self.policy = policy
        self.on_change = on_change
        self.poll = policy.poll
        self._stop_requested = asyncio.Event()
        self._paused_until = 0.0  # monotonic; set while the database can't be written
        self._pause = 0.0
        self._outage_since: float | None = None
        super().__init__()

    async def wait_idle(self, limit: float = 1.0) -> None:
        """Until no message is in hand (at most `limit` seconds)."""
        if self.busy:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), limit)

    async def step(self) -> bool:
        left = self._paused_until - time.monotonic()
        if left > 0:  # the database can't be written: wait, unless told to stop
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_requested.wait(), left)
            return False
        return await self.run_one()

    def stop(self) -> None:
        self._stop_requested.set()
        super().stop()

    def _storage_down(self, exc: BaseException) -> None:
        """The database refused a write we can't do without; pause every worker of this process.

        The back-off can't be written to the row (that is a write too), so it is kept
        here; the outage is logged when it starts and when it ends, not per attempt.
        """
        now = time.monotonic()
        self._pause = min(max(self._pause * 2, self.policy.backoff_base), OUTAGE_PAUSE_MAX)
        self._paused_until = now + self._pause
        if self._outage_since is None:
            self._outage_since = now
            log.error(
                "inbox: the database can't be written (%s: %s); accepted mail waits in the inbox, "
                "retrying every %.0f s at most until it can",
                exc.__class__.__name__,
                str(exc).splitlines()[0][:300] if str(exc) else "",
                OUTAGE_PAUSE_MAX,
            )

    def _storage_up(self) -> None:
        if self._outage_since is not None:
            down = time.monotonic() - self._outage_since
            log.warning("inbox: the database can be written again, after %.0f s", down)
            self._outage_since = None
        self._pause = 0.0

    async def run_one(self) -> bool:
        """Claim and process one due message; False when there was none (or the database is down)."""
        async with self.turn():
            return await self._claim_and_process()

    async def _claim_and_process(self) -> bool:
        claimed: InboxClaim | None = None
        outcome = ""
        try:
            async with self.mail.claim_inbox() as claim:
                if claim is None:
                    return False
                claimed = claim
                self.busy += 1
                self._idle.clear()
                try:
                    outcome = await self._process(claim)
                finally:
                    self.busy -= 1
                    if not self.busy:
                        self._idle.set()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if claimed is None:  # not even a read: the database is down
                self._storage_down(exc)
                return False
            item = claimed.item
            delay = min(self.policy.backoff_base * 2 ** min(item.attempts, 20), self.policy.backoff_max)
            try:
                await self.mail.retry_inbox(item.id, item.attempts + 1, timedelta(seconds=delay), repr(exc))
            except Exception as write_error:
                self._storage_down(write_error)
                self.on_change("retry")
                return False
            self._storage_up()
            log.exception(
                "inbox: message %s failed (attempt %s); retrying in %.0fs", item.id, item.attempts + 1, delay
            )
            self.on_change("retry")
            return True
        self._storage_up()
        self.on_change(outcome)
        return True

    # ---- one message ------------------------------------------------------------------

    async def _process(self, claim: InboxClaim) -> str:
        item = claim.item
        parsed = parse(item.raw)
        reason = no_reply_reason(parsed.headers, item.mail_from, parsed.from_addr, self.policy.domain)
        if reason:
            log.info("inbox: message %s ignored: %s", item.id, reason)
            await claim.finish(IGNORED, note=reason)
            return "ignored"
        if item.attempts >= self.policy.max_attempts:
            body = say.GAVE_UP.format(subject=bare_subject(parsed.subject) or "(no subject)")
            await claim.finish(FAILED, [self._mail(parsed, body)], note="gave up after retries")
            return "failed"
        routes = [r for r in (route(a, self.policy.domain) for a in item.rcpt_to) if r is not None]
        confirm = next((r.token for r in routes if r.kind == "confirm"), None)
        if confirm is not None:
            return await self._confirm(claim, parsed, confirm)
        verdict = await self._authenticate(item.raw, parsed)
        authenticated = item.trusted or accepts(
            verdict, self.policy.trusted_authserv_id, behind_mta=self.policy.behind_mta
        )
        if authenticated:
            # The core looks the sender up itself; a second lookup here would cost every message.
            answered = await self._answer(claim, parsed)
            if answered is not None:
                return answered
        # Not answered: whose record a confirmation would add this address to is the core's call.
        admission = await self._admit(
            parsed,
            authenticated,
            sent_to_token=next((r.token for r in routes if r.kind == "member"), None),
        )
        return await self._hold(claim, parsed, admission, verdict.how)

    async def _admit(
        self,
        parsed: ParsedMail,
        authenticated: bool,
        *,
        sent_to_token: str | None = None,
        confirmed: bool | None = None,
        joining: int | None = None,
        address: str | None = None,
        name: str | None = None,
    ) -> Admission:
        address = address or parsed.from_addr
        claim = IdentityClaim(
            account=Identity("email", address, authenticated),
            realm="email",
            name=name,
            email=address,
            email_confirmed=confirmed,
            sent_to_token=sent_to_token,
            joining=joining,
        )
        return await self.conversation.admit(claim, self.policy.default_timezone)

    async def _authenticate(self, raw: bytes, parsed: ParsedMail) -> Verdict:
        end = raw.find(b"\r\n\r\n")
        if re.search(
            rb"(?im)^dkim-signature\s*:", raw[: end if end >= 0 else 65536]
        ):  # DNS lookups block: off the loop
            return await asyncio.to_thread(
                authenticate,
                raw,
                parsed.headers,
                parsed.from_addr,
                self.policy.trusted_authserv_id,
                self.policy.dnsfunc,
            )
        return authenticate(raw, parsed.headers, parsed.from_addr, self.policy.trusted_authserv_id, None)

    async def _answer(self, claim: InboxClaim, parsed: ParsedMail) -> str | None:
        """Answer an authenticated sender; None when the address is no verified member's."""
        item = claim.item
        reply: Reply | None = None
        if parsed.text.strip() or parsed.attachments:
            inbound = Inbound(
                source="email",
                sender=Identity("email", parsed.from_addr, True),
                text=parsed.text,
                attachments=tuple(parsed.attachments),
                received_at=item.received_at,
                event_key=f"email:{item.message_key}",
                message_id=parsed.message_id or None,
                replying_to=tuple(parsed.references),
            )
            reply = await self.conversation.handle(inbound)  # raises on storage trouble: retried
            if reply.kind is ReplyKind.UNKNOWN_MEMBER:
                return None
            if reply.kind is ReplyKind.ALREADY_HANDLED:
                reply = await self._standing(parsed, item.received_at)
        elif (await self._admit(parsed, True)).kind is not AdmissionKind.KNOWN:
            return None
        body = replies.render_body(reply, parsed.problems)
        member = reply.member if reply is not None else None
        token = member.mail_token if member is not None else None
        reply_to = f"cme+{token}@{self.policy.domain}" if token else None
        mail = replies.with_files(self._message(parsed, body, reply_to=reply_to), reply)
        out = replies.outgoing(mail, parsed.from_addr)
        note = reply.kind.value if reply is not None else "nothing readable"
        outcome = await claim.finish(DONE, [out], note=note, per_hour=self.policy.replies_per_hour)
        return {"rate_limited": "rate_limited", "duplicate": "duplicate"}.get(outcome, "answered")

    async def _standing(self, parsed: ParsedMail, when: datetime) -> Reply:
        """The answer to a message whose effect was already recorded before a crash."""
        reply = await self.conversation.handle(
            Inbound(
                source="email",
                sender=Identity("email", parsed.from_addr, True),
                text="summary",
                received_at=when,
                understood=Understanding(Intent.SUMMARY),
            )
        )
        reply.text = f"{say.ALREADY_HANDLED}\n\n{reply.text}"
        return reply

    async def _hold(self, claim: InboxClaim, parsed: ParsedMail, admission: Admission, how: str) -> str:
        """Unknown, unverified or unauthenticated sender: keep the message, ask once to confirm."""
        if admission.kind is AdmissionKind.REFUSED:  # no address to confirm
            await claim.finish(IGNORED, note="no sender address to confirm")
            return "ignored"
        member_id = admission.member.id if admission.member is not None else None
        token = secrets.token_hex(12)
        confirm_address = f"cme+confirm-{token}@{self.policy.domain}"
        # Anyone can put anyone's address in From:, so nothing the sender chose (display
        # name, subject) goes into this mail: it would be theirs to aim at a stranger.
        body = say.CONFIRM_BODY.format(
            address=parsed.from_addr,
            confirm_address=confirm_address,
            joining=say.CONFIRM_JOINING_MEMBER if member_id is not None else say.CONFIRM_JOINING_NEW,
        )
        mail = replies.outgoing(
            self._message(parsed, body, reply_to=confirm_address, subject=say.CONFIRM_SUBJECT, to_name=""),
            parsed.from_addr,
        )
        hold = Hold(
            parsed.from_addr,
            _display_name(parsed),
            member_id,
            token,
            mail,
            self.policy.confirmation_ttl,
            per_hour=self.policy.confirmations_per_hour,
            per_domain_per_hour=self.policy.confirmations_per_domain_per_hour,
        )
        outcome = await claim.finish(DONE, note=f"held for confirmation ({how})", hold=hold)
        if outcome == "confirmations_capped":
            log.warning(
                "inbox: message %s held without a confirmation mail: the hourly cap on confirmations "
                "(CMEBOT_MAIL_CONFIRMATIONS_PER_HOUR / _PER_DOMAIN_PER_HOUR) is reached",
                claim.item.id,
            )
        return "held"

    async def _confirm(self, claim: InboxClaim, parsed: ParsedMail, token: str) -> str:
        """A reply to a confirmation address: verify the address, then release its held mail."""
        conf = await self.mail.confirmation(token)
        if conf is None:
            outgoing = [] if not parsed.from_addr else [self._mail(parsed, say.CONFIRM_UNKNOWN)]
            await claim.finish(
                DONE, outgoing, note="unknown or expired confirmation", per_hour=self.policy.replies_per_hour
            )
            return "answered"
        if conf.confirmed:
            await claim.finish(DONE, note="confirmation already used")
            return "ignored"
        # Replying to the confirmation proves the mailbox; whose record it joins is the core's call.
        await self._admit(
            parsed,
            True,
            confirmed=True,
            joining=conf.member_id,
            address=conf.address,
            name=conf.display_name or None,
        )
        mail = self._mail(parsed, say.CONFIRMED.format(address=conf.address), to_addr=conf.address)
        await claim.finish(DONE, [mail], note="address confirmed", confirm=conf.id)
        return "confirmed"

    # ---- helpers ----------------------------------------------------------------------------

    def _message(
        self,
        parsed: ParsedMail,
        body: str,
        *,
        reply_to: str | None = None,
        subject: str | None = None,
        to_addr: str | None = None,
        to_name: str | None = None,
    ) -> EmailMessage:
        return replies.threaded(
            parsed,
            to_addr=to_addr or parsed.from_addr,
            to_name=parsed.from_name if to_name is None else to_name,
            domain=self.policy.domain,
            body=body,
            reply_to=reply_to,
            subject=subject,
        )

    def _mail(self, parsed: ParsedMail, body: str, *, to_addr: str | None = None) -> OutgoingMail:
        """A short reply with the signature, to the sender (or `to_addr`)."""
        signed = body + f"\n\n-- \n{say.SIGNATURE}\n"
        recipient = to_addr or parsed.from_addr
        return replies.outgoing(self._message(parsed, signed, to_addr=recipient), recipient)


def _display_name(parsed: ParsedMail) -> str:
    name = re.sub(r"[\r\n\t]+", " ", parsed.from_name).strip().strip('"')
    return name[:100]
