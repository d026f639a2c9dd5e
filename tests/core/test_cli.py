"""The command line end to end: a real process, a real SQLite file, the real console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CMEBOT = Path(sys.executable).parent / "cmebot"


def run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CMEBOT_DATA_DIR=str(tmp_path / "var"), CMEBOT_TIMEZONE="America/Chicago")
    env.pop("CMEBOT_DATABASE_URL", None)
    return subprocess.run(
        [str(CMEBOT), *args], input=stdin, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_a_member_added_by_the_admin_can_log_check_and_undo_in_the_console(tmp_path: Path) -> None:
    added = run(tmp_path, "member", "add", "--email", "Steve@Example.org", "--name", "Steve Sample")
    assert added.returncode == 0, added.stderr
    assert "Added Steve Sample" in added.stdout
    again = run(tmp_path, "member", "add", "--email", "steve@example.org", "--name", "Steve")
    assert again.returncode == 1 and "already a member" in again.stderr
    chat = run(
        tmp_path,
        "chat",
        "--as",
        "steve@example.org",
        stdin="help\nwhere do I stand\nundo\n",
    )
    assert chat.returncode == 0, chat.stderr
    assert "chatting as Steve Sample" in chat.stdout
    assert "ASPS needs, per 3-year cycle" in chat.stdout
    assert "Category 1: 0 of 60" in chat.stdout
    assert "nothing to undo" in chat.stdout
    listed = run(tmp_path, "member", "list")
    assert "steve@example.org" in listed.stdout and "America/Chicago" in listed.stdout
    assert (tmp_path / "var" / "cmebot.sqlite3").exists()


def test_chatting_as_an_unknown_address_says_how_to_add_the_member(tmp_path: Path) -> None:
    chat = run(tmp_path, "chat", "--as", "nobody@example.org")
    assert chat.returncode == 1
    assert "cmebot member add --email nobody@example.org" in chat.stdout


def test_bad_configuration_names_the_variable(tmp_path: Path) -> None:
    env_run = subprocess.run(
        [str(CMEBOT), "member", "list"],
        capture_output=True,
        text=True,
        env=dict(os.environ, CMEBOT_DATA_DIR=str(tmp_path), CMEBOT_TIMEZONE="Mars/Olympus"),
        timeout=60,
    )
    assert env_run.returncode == 2
    assert "CMEBOT_TIMEZONE" in env_run.stderr


def test_an_smtp_door_open_to_the_network_requires_a_trusted_authentication_server() -> None:
    from handlers.settings import ConfigError, load

    with pytest.raises(ConfigError, match="CMEBOT_TRUSTED_AUTHSERV_ID"):
        load({"CMEBOT_SMTP_HOST": "0.0.0.0"})
    assert (
        load({"CMEBOT_SMTP_HOST": "0.0.0.0", "CMEBOT_TRUSTED_AUTHSERV_ID": "mx.example.org"}).smtp_host
        == "0.0.0.0"
    )
    assert load({"CMEBOT_SMTP_HOST": "::1"}).trusted_authserv_id is None
