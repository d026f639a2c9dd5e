"""Accuracy of understanding on the generated corpus, class by class.

    .venv/bin/python bench/understanding.py [--seed 12] [--n 3200] [--pdf-every 40] [--show 3]

The corpus (tests/understanding/generated) composes each class of phrasing from
its own vocabulary; every `--pdf-every`-th certificate is rendered to a PDF with
reportlab and read back through the PDF text path. Prints right/total per class,
the slowest class's time per item, and a few failures of each class.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from tests.understanding.generated.check import run
from tests.understanding.generated.generate import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--n", type=int, default=3200)
    ap.add_argument("--pdf-every", type=int, default=40)
    ap.add_argument("--show", type=int, default=3)
    args = ap.parse_args(argv)
    items = list(generate(args.seed, args.n, pdf_every=args.pdf_every))
    started = time.perf_counter()
    table = run(items)
    seconds = time.perf_counter() - started
    print(f"{'class':32s} {'right':>11s} {'accuracy':>9s}")
    worst = 100.0
    for cls, (ok, total, _fails) in table.items():
        pct = 100.0 * ok / total
        worst = min(worst, pct)
        print(f"{cls:32s} {ok:5d}/{total:<5d} {pct:8.1f}%")
    right = sum(ok for ok, _t, _f in table.values())
    pdfs = sum(1 for item in items if item.pdf)
    print(f"{'all':32s} {right:5d}/{len(items):<5d} {100.0 * right / len(items):8.1f}%")
    print(
        f"items={len(items)} pdf={pdfs} seed={args.seed} lowest class={worst:.1f}% "
        f"time={seconds:.1f}s ({1000 * seconds / len(items):.1f} ms/item)"
    )
    for cls, (_ok, _total, fails) in table.items():
        for item, wrong in fails[: args.show]:
            print(f"  {cls} {item.id}: {wrong} <- {item.text[:160]!r}")
    return 0 if worst >= 99.0 else 1


if __name__ == "__main__":
    sys.exit(main())
