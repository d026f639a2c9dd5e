"""Where log lines go and how they look: a quiet command line, one line per fact for services.

A command a person types (`member add`, `report`, `chat`) prints what was
asked for on stdout and nothing else; warnings and errors go to stderr, and
`-v` / `-vv` show more. A service (`serve`, `mail-worker`) logs at INFO: one
line per start-up fact and one per handled message, as text or, with
CMEBOT_LOG_FORMAT=json, one JSON object per line for a log shipper.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

FORMATS = ("text", "json")

# Libraries that talk at INFO about their own plumbing: alembic names its dialect on every
# start (our own line says when a migration step runs), aiosmtpd logs each SMTP command,
# aiohttp each request, aiosqlite and Pillow talk at DEBUG. Their warnings still show; `-vv` lets
# everything through.
CHATTY = (
    "alembic",
    "mail.log",
    "aiohttp.access",
    "slack_bolt",
    "slack_sdk",
    "asyncio",
    "aiosqlite",  # a DEBUG line per statement
    "PIL",  # a DEBUG line per image chunk
    "urllib3",
)


def level_for(verbosity: int, *, service: bool) -> int:
    base = 1 if service else 0  # 0 WARNING, 1 INFO, 2 DEBUG
    return (logging.WARNING, logging.INFO, logging.DEBUG)[min(2, base + verbosity)]


def formatter(fmt: str, *, service: bool) -> logging.Formatter:
    if fmt == "json":
        return JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    if service:
        return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    return logging.Formatter("cmebot: %(levelname)s: %(message)s")


def configure(*, verbosity: int = 0, service: bool = False, fmt: str = "text") -> None:
    """Replace the root logger's handlers with one on stderr (stdout belongs to the command's output)."""
    level = level_for(verbosity, service=service)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(fmt, service=service))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet = level if verbosity >= 2 else max(level, logging.WARNING)
    for name in CHATTY:
        logging.getLogger(name).setLevel(quiet)
    logging.captureWarnings(True)
