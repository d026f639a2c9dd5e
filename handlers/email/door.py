"""The e-mail door: an SMTP (or LMTP) server, the inbox worker and the outbox sender on the app's loop.

One event loop for everything (the async engine belongs to the loop that
made it), so the server is `loop.create_server(lambda: SMTP(handler), ...)`
rather than aiosmtpd's threaded `Controller`. `start(app)` is what
`cmebot serve` calls; tests pass `DoorOptions` to bind port 0 and to make
retries fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP

from handlers.app import App
from handlers.email.outbox import OutboxSender, parse_relay
from handlers.email.queue import MailQueue
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
    """Mixin for aiosmtpd's SMTP/LMTP: tell `AcceptFirst` when mail is arriving."""

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


class EmailDoor:
    def __init__(
        self,
        server: asyncio.Server | None,
        protocols: set[SMTP],
        tasks: list[asyncio.Task[None]],
        mail: MailQueue,
        worker: InboxWorker,
        sender: OutboxSender,
        progress: Progress,
    ) -> None:
        self.server = server
        self._protocols = protocols
        self._tasks = tasks
        self.mail = mail
        self.worker = worker
        self.sender = sender
        self.progress = progress
        self.child: asyncio.subprocess.Process | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._stopping = False

    def supervise_worker_process(self) -> None:
        """Keep a `mail-worker` beside this door: one that dies is started again.

        Nothing is lost meanwhile (mail waits in the inbox table), but an admin
        needs the log line and the mail needs a worker.
        """

        async def watch() -> None:
            while True:
                child = self.child = await _spawn_worker_process()
                if self._stopping:  # stop() came while it was starting
                    child.terminate()
                code = await child.wait()
                if self._stopping:
                    return
                log.error("e-mail: worker process %s exited with %s; starting another", child.pid, code)
                await asyncio.sleep(1)

        self._supervisor = asyncio.get_running_loop().create_task(watch(), name="cmebot-mail-supervisor")

    def alive(self) -> bool:
        """Is mail being processed: the worker tasks here, or the `mail-worker` process beside us."""
        if self._supervisor is not None:
            return self.child is not None and self.child.returncode is None
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    @property
    def port(self) -> int:
        assert self.server is not None, "this door does not listen"
        sock = self.server.sockets[0]
        return int(sock.getsockname()[1])

    async def stop(self, grace: float = 10.0) -> None:
        """Stop listening, drop open sessions, let the worker and sender finish what they hold.

        Unfinished work stays queued in the database. Cancelling a task in the
        middle of a database call can strand its connection inside a
        transaction, so tasks are asked to stop and only cancelled after `grace`.
        """
        if self.server is not None:
            self.server.close()
            for proto in list(self._protocols):
                if proto.transport is not None:
                    proto.transport.close()
            await self.server.wait_closed()
        self._stopping = True
        if self.child is not None and self.child.returncode is None:
            self.child.terminate()  # the worker process finishes the message in hand, then exits
            try:
                await asyncio.wait_for(self.child.wait(), grace)
            except TimeoutError:
                self.child.kill()
                await self.child.wait()
        if self._supervisor is not None:
            await self._supervisor
        self.worker.stop()
        self.sender.stop()
        _done, late = await asyncio.wait(self._tasks, timeout=grace) if self._tasks else (set(), set())
        for task in late:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # Let aiosmtpd's per-connection handler tasks see their cancellation.
        pending: list[asyncio.Task[None]] = []
        for proto in self._protocols:
            running = getattr(proto, "_handler_coroutine", None)
            if isinstance(running, asyncio.Task) and not running.done():
                running.cancel()
                pending.append(running)
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        self.mail.close()


async def start(app: App, options: DoorOptions | None = None) -> EmailDoor:
    settings = app.settings
    opts = options or DoorOptions(process=not settings.mail_worker_process)
    host = opts.host or settings.smtp_host
    port = settings.smtp_port if opts.port is None else opts.port
    lmtp = settings.lmtp if opts.lmtp is None else opts.lmtp
    relay_url = opts.relay_url or (settings.relay_url if opts.use_settings_relay else None)
    workers = opts.workers or settings.mail_workers
    per_hour = opts.replies_per_hour or settings.mail_replies_per_hour

    mail = app.mail_queue()
    progress = Progress()
    policy = WorkerPolicy(
        domain=settings.mail_domain,
        default_timezone=settings.default_timezone,
        trusted_authserv_id=settings.trusted_authserv_id,
        behind_mta=lmtp,
        dnsfunc=opts.dnsfunc,
        replies_per_hour=per_hour,
        confirmations_per_hour=settings.mail_confirmations_per_hour,
        confirmations_per_domain_per_hour=settings.mail_confirmations_per_domain_per_hour,
        backoff_base=opts.inbox_backoff_base,
        poll=opts.poll,
    )

    def worker_changed(what: str) -> None:
        progress.bump(what)
        sender.kick()

    gate = AcceptFirst()
    worker = InboxWorker(mail, app.conversation, policy, on_change=worker_changed, turn=gate.turn)

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

    handler = MailHandler(mail, app.store, settings.mail_domain, lmtp=lmtp, on_accepted=accepted)
    loop = asyncio.get_running_loop()
    protocols: set[SMTP] = set()
    server_class: type[GatedSMTP | GatedLMTP] = GatedLMTP if lmtp else GatedSMTP

    def factory() -> SMTP:
        proto = server_class(
            handler,
            data_size_limit=settings.max_message_bytes,
            enable_SMTPUTF8=True,
            hostname=settings.mail_domain,
            ident="cmebot",
            loop=loop,
        )
        proto.gate = gate
        protocols.add(proto)
        if len(protocols) > 256:  # forget finished sessions
            for old in [p for p in protocols if p.transport is None and p is not proto]:
                protocols.discard(old)
        return proto

    server = await loop.create_server(factory, host=host, port=port) if opts.listen else None
    tasks: list[asyncio.Task[None]] = []
    if opts.process:
        tasks = [loop.create_task(worker.run(), name=f"cmebot-mail-worker-{i}") for i in range(workers)]
        tasks.append(loop.create_task(sender.run(), name="cmebot-mail-outbox"))
    door = EmailDoor(server, protocols, tasks, mail, worker, sender, progress)
    where = f"relay {parse_relay(relay_url)!r}" if relay_url else f"files in {settings.outbox_dir}"
    if server is not None:
        log.info(
            "e-mail: %s on %s:%s for cme@%s; replies go to %s",
            "LMTP" if lmtp else "SMTP",
            host,
            door.port,
            settings.mail_domain,
            where,
        )
    if lmtp and not settings.trusted_authserv_id and server is not None:
        log.warning(
            "e-mail: CMEBOT_LMTP=1 without CMEBOT_TRUSTED_AUTHSERV_ID: only mail with a DKIM signature "
            "aligned with its From domain can write to a record; unsigned mail is held until its sender "
            "confirms. Set CMEBOT_TRUSTED_AUTHSERV_ID to your MTA's authserv-id (docs/email.md)."
        )
    if opts.listen and not opts.process:
        door.supervise_worker_process()
    return door


PARENT_ENV = "CMEBOT_MAIL_WORKER_PARENT"


async def run_worker_process(app: App, stop: asyncio.Event) -> None:
    """The other half of CMEBOT_MAIL_WORKER_PROCESS: drain the inbox and outbox until told to stop.

    It polls often (0.2 s) because the listening process cannot kick it; an
    idle poll is one read that takes no write lock. Started by `serve`, it
    also stops when `serve` is gone (killed with -9, it can't say so), so no
    orphan keeps processing mail beside the next `serve`'s own worker.
    """
    parent = int(os.environ.get(PARENT_ENV) or 0)
    if parent:  # beside serve: when the cores are busy, the door's 250s come first (AcceptFirst's idea)
        os.nice(5)
    door = await start(app, DoorOptions(listen=False, poll=0.2))
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
        if parent and os.getppid() != parent:
            log.error("e-mail: worker process %s: serve (%s) is gone; stopping", os.getpid(), parent)
            break
    await door.stop()


async def _spawn_worker_process() -> asyncio.subprocess.Process:
    """`cmebot mail-worker` beside this process: processing gets its own core and GIL,
    so a certificate being read never delays the next `250` (CMEBOT_MAIL_WORKER_PROCESS)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from handlers.cli import main; sys.exit(main(['mail-worker']))",
        env={**os.environ, PARENT_ENV: str(os.getpid())},
    )
    log.info("e-mail: processing in worker process %s", child.pid)
    return child
