"""The Postfix recipe in docs/email.md, run for real: deploy/postfix/try-on-loopback.sh.

It runs a private Postfix instance (its own configuration and queue in a temporary
folder, free 127.0.0.1 ports; the system's Postfix is not touched), OpenDKIM,
OpenDMARC and `cmebot serve`, delivers a signed certificate, a forged one and mail
to an unknown recipient, and stops everything it started. Skipped where those
programs are not installed; the script installs them itself when run by hand as root.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "postfix" / "try-on-loopback.sh"
SEARCH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin", "/sbin"])
NEEDED = ("postfix", "opendkim", "opendmarc", "swaks", "openssl", "script")
MISSING = [name for name in NEEDED if shutil.which(name, path=SEARCH) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (apt-get install postfix …)")
@pytest.mark.skipif(os.geteuid() != 0, reason="a Postfix instance is started as root")
def test_the_postfix_recipe_records_a_signed_certificate_and_holds_a_forged_one() -> None:
    cmebot = Path(sys.executable).with_name("cmebot")
    env = {
        **os.environ,
        "PATH": SEARCH,
        "PYTHON": sys.executable,
        "CMEBOT": str(cmebot),
        "CMEBOT_TRY_DEADLINE": "60",
    }
    out = subprocess.PIPE
    with subprocess.Popen(
        ["bash", str(SCRIPT)], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    ) as run:
        try:
            output, _ = run.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGTERM)  # the script stops Postfix, the milters and cmebot
            try:
                output, _ = run.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                output, _ = run.communicate()
            pytest.fail("try-on-loopback.sh took over 4 minutes:\n" + output.decode(errors="replace"))
    text = output.decode(errors="replace")
    assert run.returncode == 0, text
    for line in (
        "unknown recipient refused at RCPT (550)",
        "signed certificate recorded (Recorded #1)",
        "forged certificate not recorded",
        "nothing left in Postfix's queue (no bounce)",
    ):
        assert line in text, text
