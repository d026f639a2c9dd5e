"""Run `cmebot` as a real process, the way an admin or systemd does."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CMEBOT = Path(sys.executable).parent / "cmebot"
ROOT = Path(__file__).resolve().parents[2]


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, CMEBOT_DATA_DIR=str(data), CMEBOT_TIMEZONE="America/Chicago", **extra)
    for name in ("CMEBOT_DATABASE_URL", "CMEBOT_RELAY_URL", "CMEBOT_LOG_FORMAT", "SLACK_BOT_TOKEN"):
        if name not in extra:
            env.pop(name, None)
    return env


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CMEBOT), *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    """`cmebot serve` with its stderr in a file; `wait_line` waits (bounded) for a log line."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as err:
            self.proc = subprocess.Popen(
                [str(CMEBOT), "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
            )

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def wait_line(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if needle in line:
                    return line
            assert self.proc.poll() is None, f"cmebot serve exited:\n{self.log.read_text()}"
            time.sleep(0.05)
        raise TimeoutError(f"no log line with {needle!r}:\n{self.log.read_text()}")

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            return self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
