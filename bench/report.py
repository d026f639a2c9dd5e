"""Benchmark: the cycle PDF for 100 and 1,000 entries against a bare reportlab table.

    .venv/bin/python bench/report.py            # figures
    .venv/bin/python bench/report.py --page1 docs/report-page1.png   # also the README picture

Target (issue 6): 1,000 entries in <= 0.3 s. The baseline, a bare platypus
Table of 1,000 plain rows with repeated header, is measured in the same run
on the same machine, so the ratio holds where absolute times do not.
Times are the best of several warm runs (the font is registered once per
process; the cold first render is printed separately).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import SimpleDocTemplate, Table

from bot.reports.csv_format import render_csv
from bot.reports.pdf import render_pdf
from tests.reports.sample import sample_report

TARGET_S = 0.3


def best_of(fn: Callable[[], bytes], runs: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(fn())
        best = min(best, time.perf_counter() - start)
    return best, size


def bare_table(rows: int) -> bytes:
    data = [["#", "Course and Sponsor", "Date", "Cat 1", "Cat 2", "PS Hours", "Safety Hours"]]
    data += [
        [
            str(i),
            "Spring Meeting 2021 — American Society of Plastic Surgeons",
            "2021-03-20",
            "13",
            "0",
            "13",
            "6",
        ]
        for i in range(1, rows + 1)
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=LETTER).build([Table(data, repeatRows=1)])
    return buf.getvalue()


def accelerated() -> bool:
    try:
        import _rl_accel  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def page1(path: Path) -> None:
    """The README's picture: page 1 of the sample record at 60 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sample.pdf"
        pdf.write_bytes(render_pdf(sample_report()))
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(Path(tmp) / "p"),
            ],
            check=True,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((Path(tmp) / "p.png").read_bytes())
    print(f"wrote {path}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--page1", type=Path, help="also write page 1 of the sample report as a PNG here")
    args = ap.parse_args()

    reports = {n: sample_report(n) for n in (100, 1000)}
    start = time.perf_counter()
    render_pdf(reports[100])
    cold = time.perf_counter() - start
    print(f"reportlab C accelerator (rl_accel): {'yes' if accelerated() else 'no'}")
    print(f"cold first PDF (100 entries, font registration included): {cold * 1000:.0f} ms")
    results: dict[str, tuple[float, int]] = {}
    for n, report in reports.items():
        results[f"pdf {n}"] = best_of(lambda r=report: render_pdf(r), args.runs)  # type: ignore[misc]
    bare_table(100)
    results["bare table 1000"] = best_of(lambda: bare_table(1000), args.runs)
    results["csv 1000"] = best_of(lambda: render_csv(reports[1000]), args.runs)
    for name, (seconds, size) in results.items():
        print(f"{name:<16} {seconds * 1000:8.1f} ms {size / 1024:9.1f} KiB")
    ours, bare = results["pdf 1000"][0], results["bare table 1000"][0]
    print(f"ratio pdf 1000 / bare table 1000: {ours / bare:.2f}")
    verdict = "meets" if ours <= TARGET_S else "misses"
    print(f"target 1,000 entries <= {TARGET_S:.1f} s: {verdict} ({ours:.3f} s)")
    if args.page1:
        page1(args.page1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
