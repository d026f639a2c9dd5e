"""The generated corpus: every class of phrasing is read right at least 99% of the time.

A fixed seed and a sample of the full corpus (40 items a class) keep this fast; `bench/understanding.py`
runs all of it (3,200 items, with PDFs) and prints the table.
"""

from __future__ import annotations

import random

import pytest

from tests.understanding.generated.check import judge, read, run
from tests.understanding.generated.generate import CERTIFICATE_CLASSES, MESSAGE_CLASSES, generate

SEED = 12
CLASSES = sorted({make(random.Random(0), 0).cls for make in MESSAGE_CLASSES + CERTIFICATE_CLASSES})
SAMPLE = 40 * len(MESSAGE_CLASSES + CERTIFICATE_CLASSES)  # 40 of each class
Table = dict[str, tuple[int, int, list[object]]]


@pytest.fixture(scope="module")
def table() -> Table:
    return run(generate(SEED, SAMPLE))  # type: ignore[return-value]


def test_every_class_is_generated(table: Table) -> None:
    assert sorted(table) == CLASSES
    assert all(total >= 40 for _ok, total, _f in table.values())


@pytest.mark.parametrize("cls", CLASSES)
def test_class_accuracy_is_at_least_99_percent(cls: str, table: Table) -> None:
    ok, total, fails = table[cls]
    assert ok / total >= 0.99, f"{cls}: {ok}/{total}; first failures: {fails[:3]}"


def test_the_same_seed_gives_the_same_corpus() -> None:
    a = [(i.cls, i.text) for i in generate(SEED, 60)]
    b = [(i.cls, i.text) for i in generate(SEED, 60)]
    assert a == b and len({t for _c, t in a}) > 50


def test_certificates_rendered_to_pdf_read_the_same() -> None:
    items = [i for i in generate(SEED, 190, pdf_every=1) if i.kind == "certificate" and i.pdf][:6]
    assert len(items) == 6
    for item in items:
        assert judge(item, read(item)) == [], item.text
