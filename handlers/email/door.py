"""The e-mail door: an SMTP (or LMTP) server, the inbox worker and the outbox sender on the app's loop.

`start(app)` is what `cmebot serve` calls; it only assembles: the queue the
composition root hands over, the worker and the sender that drain it, the
pacing that lets receiving go first (`pacing`), the server (`server`), and,
with CMEBOT_MAIL_WORKER_PROCESS, the worker process beside it (`process`).
Tests pass `DoorOptions` to bind port 0 and to make retries fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.app import App
from handlers.email.outbox import OutboxSender, parse_relay
from handlers.email.pacing import AcceptFirst
from handlers.email.process import WorkerProcess
from handlers.email.queue import MailQueue
from handlers.email.server import MailServer, listen
from handlers.email.smtp_handler import MailHandler
from handlers.email.trust import DnsFunc
from handlers.email.worker import InboxWorker, WorkerPolicy

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DoorOptions:
    """Everything `start` reads from settings, overridable (tests, the benchmark)."""

    host: str | None = None
    port: int | None = None
    lmtp: bool | None = None
    relay_url: str | None = None
    use_settings_relay: bool = True
    workers: int | None = None
    replies_per_hour: int | None = None
    dnsfunc: DnsFunc | None = None
    poll: float = 1.0
    inbox_backoff_base: float = 2.0
    outbox_backoff_base: float = 2.0
    outbox_backoff_max: float = 300.0  # a relay back up gets its replies within 5 minutes
    listen: bool = True  # run the SMTP/LMTP server
    process: bool = True  # run the inbox worker and the outbox sender
    extra: dict[str, Any] = field(default_factory=dict)


class Progress:
    """Counters the worker and sender bump, awaitable: tests and the bench wait on events, not sleeps."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._waiters: list[tuple[Callable[[Counter[str]], bool], asyncio.Future[None]]] = []

    def bump(self, what: str) -> None:
        self.counts[what] += 1
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(self.counts):
                future.set_result(None)

    async def wait_for(self, predicate: Callable[[Counter[str]], bool], timeout: float = 10.0) -> None:
        if predicate(self.counts):
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            async with asyncio.timeout(timeout):
                await future
        finally:
            self._waiters.remove(entry)


class EmailDoor:
    def __init__(
        self,
        server: MailServer | None,
        tasks: list[asyncio.Task[None]],
        mail: MailQueue,
        worker: InboxWorker,
        sender: OutboxSender,
        progress: Progress,
        process: WorkerProcess | None = None,
    ) -> None:
        self.server = server
        self._tasks = tasks
        self.mail = mail
        self.worker = worker
        self.sender = sender
        self.progress = progress
        self.process = process

    def alive(self) -> bool:
        """Is mail being processed: the worker tasks here, or the `mail-worker` process beside us."""
        if self.process is not None:
            return self.process.alive()
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    @property
    def port(self) -> int:
        assert self.server is not None, "this door does not listen"
        return self.server.port

    async def stop(self, grace: float = 10.0) -> None:
        """Stop listening, drop open sessions, let the worker and sender finish what they hold.

        Unfinished work stays queued in the database. Cancelling a task in the
        middle of a database call can strand its connection inside a
        transaction, so tasks are asked to stop and only cancelled after `grace`.
        """
        if self.server is not None:
            await self.server.close()
        if self.process is not None:
            await self.process.stop(grace)
        self.worker.stop()
        self.sender.stop()
        _done, late = await asyncio.wait(self._tasks, timeout=grace) if self._tasks else (set(), set())
        for task in late:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.server is not None:
            await self.server.cancel_sessions()
        self.mail.close()


async def start(app: App, options: DoorOptions | None = None) -> EmailDoor:
    settings = app.settings
    opts = options or DoorOptions(process=not settings.mail_worker_process)
    lmtp = settings.lmtp if opts.lmtp is None else opts.lmtp
    relay_url = opts.relay_url or (settings.relay_url if opts.use_settings_relay else None)

    mail = app.mail_queue()
    progress = Progress()
    gate = AcceptFirst()

    def worker_changed(what: str) -> None:
        progress.bump(what)
        sender.kick()

    worker = InboxWorker(
        mail, app.conversation, _policy(app, opts, lmtp), on_change=worker_changed, turn=gate.turn
    )

    async def sender_ready() -> None:
        """Replies wait for a quiet line like the worker does and, on SQLite (one writer at a
        time), go out between messages, not during them."""
        await gate.wait()
        if mail.single_writer:
            await worker.wait_idle()

    sender = OutboxSender(
        mail,
        parse_relay(relay_url),
        settings.outbox_dir,
        backoff_base=opts.outbox_backoff_base,
        backoff_max=opts.outbox_backoff_max,
        poll=opts.poll,
        before_claim=sender_ready,
        on_change=progress.bump,
    )

    def accepted() -> None:
        progress.bump("accepted")
        worker.kick()

    server = None
    if opts.listen:
        server = await listen(
            MailHandler(mail, app.store, settings.mail_domain, lmtp=lmtp, on_accepted=accepted),
            gate,
            host=opts.host or settings.smtp_host,
            port=settings.smtp_port if opts.port is None else opts.port,
            lmtp=lmtp,
            hostname=settings.mail_domain,
            data_size_limit=settings.max_message_bytes,
        )
        _announce(app, server, lmtp, relay_url, opts.host or settings.smtp_host)
    tasks: list[asyncio.Task[None]] = []
    if opts.process:
        loop = asyncio.get_running_loop()
        workers = opts.workers or settings.mail_workers
        tasks = [loop.create_task(worker.run(), name=f"cmebot-mail-worker-{i}") for i in range(workers)]
        tasks.append(loop.create_task(sender.run(), name="cmebot-mail-outbox"))
    process = WorkerProcess() if opts.listen and not opts.process else None
    if process is not None:
        process.start()
    return EmailDoor(server, tasks, mail, worker, sender, progress, process)


def _policy(app: App, opts: DoorOptions, lmtp: bool) -> WorkerPolicy:
    settings = app.settings
    return WorkerPolicy(
        domain=settings.mail_domain,
        default_timezone=settings.default_timezone,
        trusted_authserv_id=settings.trusted_authserv_id,
        behind_mta=lmtp,
        dnsfunc=opts.dnsfunc,
        replies_per_hour=opts.replies_per_hour or settings.mail_replies_per_hour,
        confirmations_per_hour=settings.mail_confirmations_per_hour,
        confirmations_per_domain_per_hour=settings.mail_confirmations_per_domain_per_hour,
        backoff_base=opts.inbox_backoff_base,
        poll=opts.poll,
    )


def _announce(app: App, server: MailServer, lmtp: bool, relay_url: str | None, host: str) -> None:
    settings = app.settings
    where = f"relay {parse_relay(relay_url)!r}" if relay_url else f"files in {settings.outbox_dir}"
    log.info(
        "e-mail: %s on %s:%s for cme@%s; replies go to %s",
        "LMTP" if lmtp else "SMTP",
        host,
        server.port,
        settings.mail_domain,
        where,
    )
    if lmtp and not settings.trusted_authserv_id:
        log.warning(
            "e-mail: CMEBOT_LMTP=1 without CMEBOT_TRUSTED_AUTHSERV_ID: only mail with a DKIM signature "
            "aligned with its From domain can write to a record; unsigned mail is held until its sender "
            "confirms. Set CMEBOT_TRUSTED_AUTHSERV_ID to your MTA's authserv-id (docs/email.md)."
        )
