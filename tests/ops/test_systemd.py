"""deploy/systemd/: units systemd accepts, running commands cmebot has, writing only their data dir."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ops.helpers import CMEBOT, ROOT, run

UNITS = ROOT / "deploy" / "systemd"
SERVICES = sorted(UNITS.glob("*.service"))


def _settings(unit: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    copies = []
    for unit in SERVICES:  # verify wants ExecStart to exist: point it at this checkout's venv
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text().replace("/opt/cmebot/.venv/bin/cmebot", str(CMEBOT)))
        copies.append(str(copy))
    done = subprocess.run(
        ["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""


@pytest.mark.parametrize("unit", SERVICES, ids=lambda p: p.name)
def test_each_unit_is_hardened_runs_as_cmebot_and_writes_only_its_state_directory(unit: Path) -> None:
    s = _settings(unit)
    assert s["User"] == ["cmebot"] and s["Group"] == ["cmebot"]
    for key, value in {
        "ProtectSystem": "strict",
        "NoNewPrivileges": "yes",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "StateDirectory": "cmebot",
        "CapabilityBoundingSet": "",
    }.items():
        assert s[key] == [value], key
    assert "CMEBOT_DATA_DIR=/var/lib/cmebot" in s["Environment"]  # StateDirectory=cmebot is /var/lib/cmebot
    assert "ReadWritePaths" not in s  # nothing beyond its own state and cache


@pytest.mark.parametrize("unit", SERVICES, ids=lambda p: p.name)
def test_each_unit_starts_a_command_cmebot_has(unit: Path) -> None:
    [start] = _settings(unit)["ExecStart"]
    program, command = start.split()
    assert program == "/opt/cmebot/.venv/bin/cmebot"
    assert run({}, command, "--help").returncode == 0


def test_the_example_environment_file_names_only_documented_variables() -> None:
    readme = (ROOT / "README.md").read_text()
    example = (UNITS / "cmebot.env.example").read_text()
    names = set(re.findall(r"^#?((?:CMEBOT|SLACK)_[A-Z_]+)=", example, flags=re.M))
    assert names
    assert sorted(n for n in names if f"`{n}`" not in readme) == []


def test_the_admin_wrapper_is_valid_shell_and_runs_cmebot_as_the_service_does() -> None:
    wrapper = UNITS / "cmebot-admin"
    assert subprocess.run(["sh", "-n", str(wrapper)], check=False).returncode == 0
    text = wrapper.read_text()
    assert "runuser -u cmebot" in text and "CMEBOT_DATA_DIR=/var/lib/cmebot" in text
    assert "/etc/cmebot/cmebot.env" in text and "/opt/cmebot/.venv/bin/cmebot" in text
