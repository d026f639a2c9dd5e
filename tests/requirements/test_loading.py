"""The shipped set files load; a bad file stops start-up naming the file and the rule."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.entry_topics import entry_topics
from bot.requirement_sets import loading
from bot.requirement_sets.loading import RequirementSetError, find_set, load_sets, requirement_sets
from bot.requirement_sets.model import Measure, PeriodKind
from bot.requirements import ASPS, Metric
from handlers.app import build_app
from handlers.settings import Settings

SHIPPED = Path(loading.__file__).parent / "data"
EXPECTED = {
    "asps", "abps", "dea_mate", "texas", "florida", "california",
    "new_york", "pennsylvania", "illinois", "massachusetts", "royal_college",
}  # fmt: skip


def test_every_shipped_set_loads_with_a_source_on_every_rule() -> None:
    sets = requirement_sets()
    assert set(sets) == EXPECTED
    for one in sets.values():
        assert one.rules
        for rule in one.rules:
            assert rule.id.startswith(f"{one.code}.")
            assert rule.source.url.startswith("http") and rule.source.checked <= date.today()
            assert all(t in entry_topics() for t in rule.topics)


def test_asps_file_agrees_with_the_built_in_asps_profile() -> None:
    asps = requirement_sets()["asps"]
    assert asps.period is PeriodKind.CALENDAR and asps.months == 12 * ASPS.cycle_years
    assert asps.cycle_from_member and asps.anchor == date(2022, 12, 31)
    measure_of = {
        Metric.CATEGORY1: Measure.CATEGORY1,
        Metric.PLASTIC_SURGERY: Measure.PLASTIC_SURGERY,
        Metric.PATIENT_SAFETY: Measure.PATIENT_SAFETY,
        Metric.TOTAL: Measure.CREDITS,
    }
    from_file = {(r.measure, r.label): r.minimum for r in asps.rules if not r.topics}
    built_in = {(measure_of[q.metric], q.metric.label): q.minimum for q in ASPS.requirements}
    assert from_file == built_in


@pytest.fixture
def sets_dir(tmp_path: Path) -> Path:
    target = tmp_path / "sets"
    shutil.copytree(SHIPPED, target)
    return target


def break_file(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "texas.toml",
            '\ntopics = ["ethics", ',
            '\ntopics = ["ethix", ',
            "texas.toml: rule texas.ethics: unknown topic 'ethix'",
        ),
        (
            "texas.toml",
            'excluded_topics = ["ethics", ',
            'excluded_topics = ["ethix", ',
            "texas.toml: carry_forward: unknown topic",
        ),
        (
            "texas.toml",
            'measure = "category1"',
            'measure = "category one"',
            "texas.toml: rule texas.formal: unknown measure",
        ),
        (
            "florida.toml",
            'window = "every_n_periods"',
            'window = "sometimes"',
            "rule florida.domestic_violence: unknown window",
        ),
        (
            "florida.toml",
            'when = ["dea_registered"]',
            'when = ["dea"]',
            "rule florida.controlled_substances: unknown condition",
        ),
        (
            "texas.toml",
            'minimum = "48"',
            "minimum = 48.5",
            "rule texas.total: minimum must be a whole number or a quoted",
        ),
        (
            "texas.toml",
            'minimum = "48"',
            'minimum = "forty"',
            "rule texas.total: minimum 'forty' is not a number",
        ),
        ("texas.toml", 'id = "texas.formal"', 'id = "texas.total"', "rule texas.total: duplicate id"),
        (
            "asps.toml",
            'id = "asps.total"',
            'id = "texas.total"',
            "asps.toml: rule texas.total: id must be 'asps.<name>'",
        ),
        (
            "california.toml",
            "checked = 2026-11-30, verified = true }\n\n# B&P",
            'checked = "last week", verified = true }\n\n# B&P',
            "source checked must be a date",
        ),
    ],
)
def test_a_bad_file_names_the_file_and_the_rule(
    sets_dir: Path, name: str, old: str, new: str, message: str
) -> None:
    break_file(sets_dir, name, old, new)
    with pytest.raises(RequirementSetError) as caught:
        load_sets(sets_dir)
    assert message in str(caught.value)
    assert str(caught.value).startswith(name)


def test_a_rule_without_a_source_is_refused(sets_dir: Path) -> None:
    path = sets_dir / "new_york.toml"
    lines = path.read_text("utf-8").splitlines()
    first_rule_source = next(i for i, line in enumerate(lines) if line.startswith("source =") and i > 15)
    del lines[first_rule_source]
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(
        RequirementSetError, match=r"new_york.toml: rule new_york.infection_control: missing source"
    ):
        load_sets(sets_dir)


def test_a_file_that_is_not_toml_is_named(sets_dir: Path) -> None:
    (sets_dir / "ohio.toml").write_text("code = 'ohio\n", "utf-8")
    with pytest.raises(RequirementSetError, match=r"^ohio.toml: not valid TOML"):
        load_sets(sets_dir)


def test_a_cap_on_a_topic_rule_is_refused(sets_dir: Path) -> None:
    break_file(
        sets_dir,
        "texas.toml",
        'topics = ["human_trafficking"]\nwhen',
        'topics = ["human_trafficking"]\ncaps = [{ topic = "tops", at_most = "1" }]\nwhen',
    )
    with pytest.raises(RequirementSetError, match=r"texas\.human_trafficking_first: caps and not_toward"):
        load_sets(sets_dir)


@pytest.fixture
def broken_shipped_sets(sets_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shipped directory swapped for a broken copy, as a bad deploy would leave it."""
    break_file(sets_dir, "texas.toml", '\ntopics = ["ethics", ', '\ntopics = ["ethix", ')
    monkeypatch.setattr(loading, "_data_dir", lambda: sets_dir)
    requirement_sets.cache_clear()
    yield sets_dir
    requirement_sets.cache_clear()


async def test_a_bad_file_stops_start_up(broken_shipped_sets: Path, settings: Settings) -> None:
    with pytest.raises(RequirementSetError, match=r"texas.toml: rule texas.ethics: unknown topic 'ethix'"):
        await build_app(settings, migrate=False)


def test_requirement_sets_reads_another_directory_for_a_test(sets_dir: Path) -> None:
    (sets_dir / "ohio.toml").write_text(
        (sets_dir / "texas.toml").read_text().replace("texas", "ohio"), "utf-8"
    )
    assert "ohio" in requirement_sets(sets_dir) and "ohio" not in requirement_sets()


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("TX", "texas"),
        ("my texas license", "texas"),
        ("Texas Medical Board", "texas"),
        ("Florida", "florida"),
        ("my FL licence renewal", "florida"),
        ("DEA", "dea_mate"),
        ("the MATE Act training", "dea_mate"),
        ("the royal college", "royal_college"),
        ("FRCSC", "royal_college"),
        ("New York", "new_york"),
        ("NY", "new_york"),
        ("pennsylvania board", "pennsylvania"),
        ("Illinois", "illinois"),
        ("Mass.", "massachusetts"),
        ("California license", "california"),
        ("ASPS", "asps"),
        ("the American Board of Plastic Surgery", "abps"),
        ("continuous certification", "abps"),
    ],
)
def test_find_set_by_the_names_members_use(words: str, code: str) -> None:
    found = find_set(words)
    assert found is not None and found.code == code


@pytest.mark.parametrize("words", ["", "hello", "my board accepted it", "ohio", "the"])
def test_find_set_answers_nothing_rather_than_guess(words: str) -> None:
    assert find_set(words) is None
