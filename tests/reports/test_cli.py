"""`cmebot import` and `cmebot report` end to end: a real process and a real SQLite file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

from tests.reports.pdftext import pages

CMEBOT = Path(sys.executable).parent / "cmebot"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CMEBOT_DATA_DIR=str(tmp_path / "var"), CMEBOT_TIMEZONE="America/Chicago")
    env.pop("CMEBOT_DATABASE_URL", None)
    return subprocess.run(
        [str(CMEBOT), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_a_member_imports_a_file_then_writes_pdf_csv_and_zip_reports(tmp_path: Path) -> None:
    added = run(tmp_path, "member", "add", "--email", "steve@example.org", "--name", "Steve Sample",
                "--asps-id", "22428", "--home", "Dallas, TX, US")  # fmt: skip
    assert added.returncode == 0, added.stderr
    first, second = date.today() - timedelta(days=10), date.today() - timedelta(days=3)
    source = tmp_path / "tracker.csv"
    source.write_text(
        "Course,Provider,Date,Category,Hours,Patient Safety Hours\r\n"
        f"Breast Reconstruction Symposium™,Lakeshore University Hospital,{first.isoformat()},1,6.5,1\r\n"
        f"Reading: PRS,,{second:%m/%d/%Y},2,2,0\r\n",
        encoding="utf-8",
    )
    dry = run(tmp_path, "import", str(source), "--member", "steve@example.org", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Row 2: would record “Breast Reconstruction Symposium™”" in dry.stdout
    assert "Nothing was changed" in dry.stdout
    real = run(tmp_path, "import", str(source), "--member", "steve@example.org")
    assert real.returncode == 0, real.stderr
    assert "Row 2: recorded #1" in real.stdout and "Row 3: recorded #2" in real.stdout
    again = run(tmp_path, "import", str(source), "--member", "steve@example.org")
    assert "Imported 0 activities, skipped 2 already in your record" in again.stdout

    span = f"{first.isoformat()}..{second.isoformat()}"
    pdf = run(tmp_path, "report", "--member", "steve@example.org", "--period", span, "-o", "r.pdf")
    assert pdf.returncode == 0, pdf.stderr
    assert "2 entries" in pdf.stdout
    text = " ".join(" ".join(pages((tmp_path / "r.pdf").read_bytes())).split())
    assert "Steve Sample" in text and "ASPS ID# 22428" in text
    assert "Breast Reconstruction Symposium™" in text and "Totals (2 entries) 6.5 2 6.5 1" in text
    assert "Page 1 of 1" in text

    csv_run = run(tmp_path, "report", "--member", "steve@example.org", "--period", span,
                  "--format", "csv", "-o", "r.csv")  # fmt: skip
    assert csv_run.returncode == 0, csv_run.stderr
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfEntry,Start Date,End Date")

    zip_run = run(tmp_path, "report", "--member", "steve@example.org", "--format", "zip", "-o", "pack.zip")
    assert zip_run.returncode == 0, zip_run.stderr
    names = zipfile.ZipFile(io.BytesIO((tmp_path / "pack.zip").read_bytes())).namelist()
    assert names[0].startswith("cme-report-cycle-") and names[0].endswith(".pdf")
    assert names[1].endswith(".csv") and len(names) == 2

    previous = run(tmp_path, "report", "--member", "steve@example.org", "--period", "previous", "-o", "p.pdf")
    assert previous.returncode == 0 and "0 entries" in previous.stdout


def test_cli_errors_name_what_to_fix(tmp_path: Path) -> None:
    assert run(tmp_path, "member", "add", "--email", "ana@example.org", "--name", "Ana").returncode == 0
    bad_period = run(tmp_path, "report", "--member", "ana@example.org", "--period", "2021", "-o", "x.pdf")
    assert bad_period.returncode == 2 and "YYYY-MM-DD..YYYY-MM-DD" in bad_period.stderr
    stranger = run(tmp_path, "report", "--member", "nobody@example.org", "-o", "x.pdf")
    assert stranger.returncode == 1 and "No member with the address" in stranger.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("Title,Date,Credits,Category,Speaker\r\nX,2021-01-01,1,1,Dr. A\r\n", encoding="utf-8")
    refused = run(tmp_path, "import", str(bad), "--member", "ana@example.org")
    assert refused.returncode == 1 and "I don't recognise the column “Speaker”" in refused.stdout
