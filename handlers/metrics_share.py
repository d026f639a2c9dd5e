"""Counts from serve's `mail-worker` child add up in serve's /metrics (prometheus-client's multiprocess mode).

prometheus-client chooses where values live when it is first imported, so
this module must not import it, and serve calls `share()` before anything
does. The child inherits PROMETHEUS_MULTIPROC_DIR from serve's environment
and writes its counters there; /metrics reads them all.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

ENV = "PROMETHEUS_MULTIPROC_DIR"


def share() -> None:
    """A fresh folder for this serve and its children, removed when serve exits."""
    if os.environ.get(ENV):
        return  # someone runs it their way already
    folder = tempfile.mkdtemp(prefix="cmebot-metrics-")
    os.environ[ENV] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


def shared() -> bool:
    return bool(os.environ.get(ENV))
