"""CMEBOT_MAIL_WORKER_PROCESS: the inbox worker and outbox sender in a process of their own.

Processing gets its own core and GIL, so a certificate being read never
delays the next `250`. `serve` keeps one `cmebot mail-worker` beside it
(`WorkerProcess`); that process runs the door without listening
(`run_worker_process`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys

from handlers.app import App

log = logging.getLogger(__name__)

PARENT_ENV = "CMEBOT_MAIL_WORKER_PARENT"


class WorkerProcess:
    """Keep a `mail-worker` beside this door: one that dies is started again.

    Nothing is lost meanwhile (mail waits in the inbox table), but an admin
    needs the log line and the mail needs a worker.
    """

    def __init__(self) -> None:
        self.child: asyncio.subprocess.Process | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        async def watch() -> None:
            while True:
                child = self.child = await _spawn()
                if self._stopping:  # stop() came while it was starting
                    child.terminate()
                code = await child.wait()
                if self._stopping:
                    return
                log.error("e-mail: worker process %s exited with %s; starting another", child.pid, code)
                await asyncio.sleep(1)

        self._supervisor = asyncio.get_running_loop().create_task(watch(), name="cmebot-mail-supervisor")

    def alive(self) -> bool:
        return self.child is not None and self.child.returncode is None

    async def stop(self, grace: float) -> None:
        """The worker process finishes the message in hand, then exits (killed after `grace`)."""
        self._stopping = True
        if self.child is not None and self.child.returncode is None:
            self.child.terminate()
            try:
                await asyncio.wait_for(self.child.wait(), grace)
            except TimeoutError:
                self.child.kill()
                await self.child.wait()
        if self._supervisor is not None:
            await self._supervisor


async def run_worker_process(app: App, stop: asyncio.Event) -> None:
    """The other half of CMEBOT_MAIL_WORKER_PROCESS: drain the inbox and outbox until told to stop.

    It polls often (0.2 s) because the listening process cannot kick it; an
    idle poll is one read that takes no write lock. Started by `serve`, it
    also stops when `serve` is gone (killed with -9, it can't say so), so no
    orphan keeps processing mail beside the next `serve`'s own worker.
    """
    from handlers.email.door import DoorOptions, start  # the door assembles this process too

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


async def _spawn() -> asyncio.subprocess.Process:
    """`cmebot mail-worker` beside this process."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from handlers.cli import main; sys.exit(main(['mail-worker']))",
        env={**os.environ, PARENT_ENV: str(os.getpid())},
    )
    log.info("e-mail: processing in worker process %s", child.pid)
    return child
