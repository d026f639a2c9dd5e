"""Reading a generated item through the parser and judging the reading.

Comparison follows the corpus scorer's normalisation (numbers to 0.01, strings
case- and space-insensitive, titles and providers by token overlap), and adds
what the scorer cannot see: a value a field must never have (the learner as the
title, a future date moved back a year).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.understanding import understand
from bot.understanding.contract import Understanding
from tests.understanding.generated.generate import NOW, Item


def render_pdf(text: str) -> bytes:
    """The certificate laid out on a letter page, one printed line per text line."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=letter)
    y = 740.0
    for line in text.split("\n"):
        for part in textwrap.wrap(line, 95) or [""]:
            page.setFont("Helvetica", 10)
            page.drawString(50, y, part)
            y -= 14
    page.showPage()
    page.save()
    return buf.getvalue()


def read(item: Item) -> Understanding:
    now = datetime.fromisoformat(NOW)
    from zoneinfo import ZoneInfo

    now = now.astimezone(ZoneInfo("America/New_York"))
    text = item.text
    if item.pdf:
        from bot.understanding.documents import read_certificate

        text = read_certificate(render_pdf(item.text), f"{item.id}.pdf")
    return understand(text, now=now, kind=item.kind)


def _tokens(s: object) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", str(s).lower()))


def _same(name: str, want: Any, got: Any) -> bool:
    if got is None:
        return want is None
    if isinstance(want, Decimal):
        return isinstance(got, Decimal) and abs(got - want) <= Decimal("0.01")
    if isinstance(got, date):
        return got.isoformat() == want
    if name in ("title", "provider"):
        a, b = _tokens(want), _tokens(got)
        need = 0.8 if name == "title" else 0.6
        return bool(a) and len(a & b) / max(len(a), len(b)) >= need
    return " ".join(str(want).lower().split()) == " ".join(str(got).lower().split())


def judge(item: Item, got: Understanding) -> list[str]:
    """What the reading got wrong; empty when it is right."""
    wrong: list[str] = []
    intent = got.intent.value
    if intent not in (item.intent, *item.accept):
        wrong.append(f"intent {intent!r}, want {item.intent!r} ({got.problems})")
        return wrong
    if item.need_problems and intent == "log" and not got.problems:
        wrong.append("no problem named")
    if intent != "log":
        return wrong
    for name, value in item.fields.items():
        if not _same(name, value, got.fields.get(name)):
            wrong.append(f"{name}: want {value!r} got {got.fields.get(name)!r}")
    if item.entries:
        have = got.activities()
        if len(have) != len(item.entries):
            wrong.append(f"entries: want {len(item.entries)} got {len(have)}")
        for k, (want, entry) in enumerate(zip(item.entries, have, strict=False)):
            for name, value in want.items():
                if not _same(name, value, entry.get(name)):
                    wrong.append(f"entry {k + 1} {name}: want {value!r} got {entry.get(name)!r}")
    for name, bad in item.never.items():
        for entry in got.activities():
            value = entry.get(name)
            if value is None:
                continue
            if (
                bad == "*"
                or _same(name, bad, value)
                or (name == "title" and _tokens(bad) & _tokens(value) == _tokens(bad))
            ):
                wrong.append(f"{name} must not be {value!r}")
    return wrong


def run(items: Iterable[Item]) -> dict[str, tuple[int, int, list[tuple[Item, list[str]]]]]:
    """Per class: (right, total, failures)."""
    table: dict[str, list[Any]] = defaultdict(lambda: [0, 0, []])
    for item in items:
        wrong = judge(item, read(item))
        row = table[item.cls]
        row[1] += 1
        if wrong:
            row[2].append((item, wrong))
        else:
            row[0] += 1
    return {k: (r[0], r[1], r[2]) for k, r in sorted(table.items())}
