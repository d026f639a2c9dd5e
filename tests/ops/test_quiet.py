"""Quiet by default: a command prints what was asked for; `serve` logs facts, never what was said."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

from tests.ops.helpers import Serve, env_for, free_port, run


def test_cli_commands_print_only_what_was_asked_and_no_log_lines(tmp_path: Path) -> None:
    """GIVEN a new data directory (so the first command also creates the schema)
    WHEN an admin adds a member, lists members, chats and writes a report
    THEN stdout holds only their answers and stderr is empty."""
    env = env_for(tmp_path / "var")
    added = run(env, "member", "add", "--email", "steve@example.org", "--name", "Steve Sample")
    listed = run(env, "member", "list")
    chat = run(env, "chat", "--as", "steve@example.org", stdin="how many patient safety hours do I need?\n")
    csv_file = str(tmp_path / "r.csv")
    report = run(env, "report", "--member", "steve@example.org", "--format", "csv", "-o", csv_file)
    for done in (added, listed, chat, report):
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        for word in ("INFO", "alembic", "Context impl", "migration", "DEBUG"):
            assert word not in done.stdout
    assert added.stdout.startswith("Added Steve Sample")
    assert listed.stdout.count("\n") == 1
    assert report.stdout.startswith("Wrote ")


def test_errors_go_to_stderr_and_stdout_stays_empty(tmp_path: Path) -> None:
    env = env_for(tmp_path / "var")
    stranger = run(env, "report", "--member", "nobody@example.org", "-o", str(tmp_path / "r.pdf"))
    assert stranger.returncode == 1
    assert stranger.stdout == ""
    assert "No member with the address" in stranger.stderr
    bad = run(env_for(tmp_path / "var", CMEBOT_LOG_FORMAT="yaml"), "member", "list")
    assert bad.returncode == 2 and bad.stdout == ""
    assert "CMEBOT_LOG_FORMAT" in bad.stderr


def test_verbose_shows_each_migration_step_and_a_current_database_logs_none(tmp_path: Path) -> None:
    env = env_for(tmp_path / "var")
    first = run(env, "db", "upgrade", "-v")
    assert first.returncode == 0
    assert "upgraded to 0001" in first.stderr
    assert "Context impl" not in first.stderr  # Alembic's own chatter stays out even with -v
    again = run(env, "-v", "db", "upgrade")
    assert again.returncode == 0
    assert "upgraded" not in again.stderr


def test_serve_logs_one_json_object_per_line_and_one_line_per_message_without_its_text(
    tmp_path: Path,
) -> None:
    """GIVEN `cmebot serve` with CMEBOT_LOG_FORMAT=json
    WHEN a member e-mails an activity
    THEN every line of its log is a JSON object; the message gets one line with its member id,
    door, outcome and milliseconds, and neither the text nor the address appear anywhere."""
    port = free_port()
    env = env_for(tmp_path / "var", CMEBOT_LOG_FORMAT="json", CMEBOT_SMTP_PORT=str(port))
    assert run(env, "member", "add", "--email", "steve@example.org", "--name", "Steve").returncode == 0
    serve = Serve(env, tmp_path / "serve.log")
    try:
        serve.wait_line("cmebot is running")
        mail = EmailMessage()
        mail["From"] = "steve@example.org"
        mail["To"] = "cme@cme.localhost"
        mail["Subject"] = "Zanzibar flap course"
        mail.set_content("log 1.5 cat 1 Zanzibar flap salvage course yesterday")
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
            client.send_message(mail)
        serve.wait_line('"door": "email"')
    finally:
        assert serve.stop() == 0
    records = serve.json_lines()  # raises on any line that is not JSON
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    [handled] = [r for r in records if r.get("door") == "email"]
    assert handled["member"] == 1
    assert handled["outcome"] in ("recorded", "draft")
    assert isinstance(handled["ms"], int)
    text = serve.log.read_text()
    assert "Zanzibar" not in text and "steve@example.org" not in text and "1.5" not in text
    facts = [r["message"] for r in records]
    assert any(m.startswith("cmebot ") and "starting" in m for m in facts)
    assert any(m.startswith("database: ") for m in facts)
