"""`cmebot serve`: start every configured door on one event loop and wait for a signal.

Each door module exposes `async start(app) -> Door`; a door that is not
configured is skipped with a log line saying which variable turns it on.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import signal
from typing import Protocol

from handlers.app import App

log = logging.getLogger(__name__)


class Door(Protocol):
    async def stop(self) -> None: ...


# (module, should it start?) in start order; modules load only when they start.
DOORS: tuple[tuple[str, str], ...] = (
    ("handlers.email.door", "always"),
    ("handlers.slack.door", "slack"),
    ("handlers.reminders_runner", "reminders"),
)


async def start_doors(app: App) -> list[Door]:
    doors: list[Door] = []
    for module_name, when in DOORS:
        if when == "slack" and not app.settings.slack_enabled:
            log.info("Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)")
            continue
        if when == "reminders" and not app.settings.reminders:
            log.info("reminders are off (CMEBOT_REMINDERS=0)")
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                log.warning("%s is not installed in this build; skipping", module_name)
                continue
            raise
        doors.append(await module.start(app))
    return doors


def stop_signal() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM: the process finishes what it holds, then exits."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def log_start_facts(app: App) -> None:
    """One line per fact an admin checks first: what runs, on which database, where files go."""
    from importlib.metadata import PackageNotFoundError, version

    from sqlalchemy.engine import make_url

    try:
        release = version("cmebot")
    except PackageNotFoundError:
        release = "unknown"
    settings = app.settings
    log.info("cmebot %s starting, pid %d", release, os.getpid())
    log.info("database: %s", make_url(settings.database_url).render_as_string(hide_password=True))
    log.info("data directory: %s", settings.data_dir)


async def serve(app: App) -> int:
    from handlers.ops_http import OpsHttp

    stop = stop_signal()
    log_start_facts(app)
    ops = OpsHttp(app)
    app.http_routes.extend(ops.routes())  # the Slack door mounts them on its server when it runs
    doors = await start_doors(app)
    ops.mail = next((d for d in doors if callable(getattr(d, "alive", None))), None)  # type: ignore[assignment]
    http_door = next((door for door in doors if getattr(door, "runner", None) is not None), None)
    if http_door is None:
        await ops.start()
    else:
        log.info("http: /healthz and /metrics beside Slack on port %s", getattr(http_door, "port", "?"))
    log.info("cmebot is running; Ctrl-C to stop")
    await stop.wait()
    await ops.stop()
    for door in reversed(doors):
        await door.stop()
    return 0
