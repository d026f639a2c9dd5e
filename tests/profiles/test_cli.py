"""`cmebot member profiles` end to end: a real process and a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.reports.pdftext import pages

CMEBOT = Path(sys.executable).parent / "cmebot"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CMEBOT_DATA_DIR=str(tmp_path / "var"), CMEBOT_TIMEZONE="America/Chicago")
    env.pop("CMEBOT_DATABASE_URL", None)
    return subprocess.run(
        [str(CMEBOT), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_an_admin_sets_lists_and_removes_a_members_sets(tmp_path: Path) -> None:
    added = run(tmp_path, "member", "add", "--email", "steve@example.org", "--name", "Steve Sample")
    assert added.returncode == 0, added.stderr
    email = ("--email", "steve@example.org")
    done = run(tmp_path, "member", "profiles", *email, "--add", "texas", "--renews", "2026-05-31", "--dea")
    assert done.returncode == 0, done.stderr
    assert "Added Texas." in done.stdout and "Texas renews 2026-05-31." in done.stdout
    [texas] = [line for line in done.stdout.splitlines() if line.startswith("• Texas Medical Board — ")]
    assert texas.endswith("(renews 2026-05-31)")  # its period is the one around the real today
    assert "DEA-registered: yes." in done.stdout

    written = run(tmp_path, "report", "--member", "steve@example.org", "--set", "TX", "-o", "tx.pdf")
    assert written.returncode == 0, written.stderr
    [page] = pages((tmp_path / "tx.pdf").read_bytes())
    assert page.startswith("Texas Medical Board") and "Sources" in page
    cycle = run(tmp_path, "report", "--member", "steve@example.org", "-o", "cycle.pdf")
    assert (
        cycle.returncode == 0 and len(pages((tmp_path / "cycle.pdf").read_bytes())) == 3
    )  # ASPS, Texas, DEA

    listed = run(tmp_path, "member", "profiles", *email, "--list")
    assert listed.returncode == 0 and listed.stdout.startswith("You're tracking:")
    assert "DEA MATE Act training" in listed.stdout

    removed = run(tmp_path, "member", "profiles", *email, "--remove", "TX", "--no-dea")
    assert removed.returncode == 0, removed.stderr
    assert "Dropped Texas." in removed.stdout and "DEA-registered: no." in removed.stdout

    wrong = run(tmp_path, "member", "profiles", *email, "--add", "Ohio")
    assert wrong.returncode == 2 and "No requirement set named Ohio" in wrong.stderr
    two = run(
        tmp_path, "member", "profiles", *email, "--add", "texas", "--add", "florida", "--renews", "2026-05-31"
    )
    assert two.returncode == 2 and "exactly one --add" in two.stderr
    nobody = run(tmp_path, "member", "profiles", "--email", "nobody@example.org", "--list")
    assert nobody.returncode == 1
