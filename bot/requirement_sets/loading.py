"""Reading the requirement-set files, and refusing a bad one at start-up.

A wrong figure is the one thing a tracker cannot afford, so a file that names
a topic the entries cannot carry, a rule with no source, or a minimum that is
not an exact number stops the process with the file and the rule named,
instead of answering members from a rule that silently never counts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from bot.entry_topics import entry_topics
from bot.requirement_sets.model import (
    Cap,
    CarryForward,
    Condition,
    Measure,
    PeriodKind,
    RequirementSet,
    Rule,
    RuleWindow,
    Source,
)

SET_KEYS = frozenset(
    {
        "code",
        "name",
        "short",
        "aliases",
        "period",
        "months",
        "anchor",
        "cycle_from_member",
        "anchor_shared",
        "source",
        "carry_forward",
        "rules",
    }
)
RULE_KEYS = frozenset(
    {
        "id",
        "label",
        "minimum",
        "measure",
        "topics",
        "window",
        "every",
        "when",
        "caps",
        "not_toward",
        "due",
        "note",
        "source",
    }
)


E = TypeVar("E", Measure, RuleWindow, Condition, PeriodKind)


class RequirementSetError(ValueError):
    """A requirement-set file is wrong; the message names the file and the rule."""


def _data_dir() -> Traversable:
    return resources.files("bot.requirement_sets").joinpath("data")


@cache
def requirement_sets(directory: Path | None = None) -> dict[str, RequirementSet]:
    """Every shipped set by code (or every set in `directory`), read and checked once per process."""
    return load_sets(_data_dir() if directory is None else directory)


def load_sets(directory: Traversable | Path) -> dict[str, RequirementSet]:
    """Every `*.toml` set in `directory`; raises RequirementSetError on the first bad one."""
    sets: dict[str, RequirementSet] = {}
    rule_ids: dict[str, str] = {}
    files = sorted((f for f in directory.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    for file in files:
        try:
            raw = tomllib.loads(file.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise RequirementSetError(f"{file.name}: not valid TOML: {error}") from error
        one = parse_set(file.name, raw)
        for rule in one.rules:
            if rule.id in rule_ids:
                raise RequirementSetError(
                    f"{file.name}: rule {rule.id}: id already used in {rule_ids[rule.id]}"
                )
            rule_ids[rule.id] = file.name
        sets[one.code] = one
    if not sets:
        raise RequirementSetError(f"{directory}: no requirement-set files")
    return sets


def parse_set(filename: str, raw: Mapping[str, Any]) -> RequirementSet:
    where = filename
    _no_unknown_keys(where, raw, SET_KEYS)
    code = _text(where, raw, "code")
    if Path(filename).stem != code:
        raise RequirementSetError(f"{where}: code {code!r} must match the file name")
    period = _choice(where, raw.get("period"), PeriodKind, "period")
    months = raw.get("months")
    if not isinstance(months, int) or isinstance(months, bool) or months < 0:
        raise RequirementSetError(f"{where}: months must be a whole number of months")
    if (period is PeriodKind.NONE) != (months == 0):
        raise RequirementSetError(f"{where}: months must be 0 exactly when period is 'none'")
    if period is PeriodKind.CALENDAR and months % 12:
        raise RequirementSetError(f"{where}: a calendar period is whole years (months a multiple of 12)")
    anchor = _optional_date(where, raw, "anchor")
    if period is not PeriodKind.NONE and anchor is None:
        raise RequirementSetError(f"{where}: a set with a period needs an anchor (a default period end)")
    if period is PeriodKind.CALENDAR and anchor is not None and (anchor.month, anchor.day) != (12, 31):
        raise RequirementSetError(f"{where}: a calendar period's anchor ends on December 31")
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise RequirementSetError(f"{where}: no [[rules]]")
    rules = tuple(_parse_rule(filename, code, period, r) for r in rules_raw)
    ids = [r.id for r in rules]
    for rule_id in ids:
        if ids.count(rule_id) > 1:
            raise RequirementSetError(f"{where}: rule {rule_id}: duplicate id")
    carry = _parse_carry(where, raw.get("carry_forward"), period)
    one = RequirementSet(
        code=code,
        name=_text(where, raw, "name"),
        short=_text(where, raw, "short"),
        period=period,
        months=months,
        source=_parse_source(where, raw.get("source")),
        rules=rules,
        anchor=anchor,
        carry_forward=carry,
        aliases=_words(where, raw.get("aliases", []), "aliases"),
        cycle_from_member=_flag(where, raw, "cycle_from_member"),
        anchor_shared=_flag(where, raw, "anchor_shared"),
    )
    if carry is not None and one.total_rule() is None:
        raise RequirementSetError(f"{where}: carry_forward needs a total rule (every credit, in the period)")
    return one


def _parse_rule(filename: str, code: str, period: PeriodKind, raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise RequirementSetError(f"{filename}: a [[rules]] entry is not a table")
    rule_id = raw.get("id")
    where = f"{filename}: rule {rule_id if isinstance(rule_id, str) else '?'}"
    if not isinstance(rule_id, str) or not rule_id.startswith(f"{code}.") or rule_id == f"{code}.":
        raise RequirementSetError(f"{where}: id must be '{code}.<name>'")
    _no_unknown_keys(where, raw, RULE_KEYS)
    window = _choice(where, raw.get("window", RuleWindow.PERIOD.value), RuleWindow, "window")
    every = raw.get("every", 1)
    if not isinstance(every, int) or isinstance(every, bool) or every < 1:
        raise RequirementSetError(f"{where}: every must be a whole number ≥ 1")
    if period is PeriodKind.NONE and window in (
        RuleWindow.PERIOD,
        RuleWindow.EVERY_N_PERIODS,
        RuleWindow.EACH_YEAR,
    ):
        raise RequirementSetError(f"{where}: window {window.value!r} needs a set with a period")
    topics = _topics(where, raw.get("topics", []), "topics")
    caps = tuple(_parse_cap(where, c) for c in _list(where, raw.get("caps", []), "caps"))
    not_toward = _topics(where, raw.get("not_toward", []), "not_toward")
    # A cap or an exclusion subtracts a topic's sum from the rule's sum; that is only exact
    # when the rule's sum runs over every entry (an intersection of topics is no stored sum).
    if topics and (caps or not_toward):
        raise RequirementSetError(f"{where}: caps and not_toward need a rule over every entry (no topics)")
    minimum = _decimal(where, raw.get("minimum"), "minimum")
    if minimum <= 0:
        raise RequirementSetError(f"{where}: minimum must be more than 0")
    return Rule(
        id=rule_id,
        label=_text(where, raw, "label"),
        minimum=minimum,
        source=_parse_source(where, raw.get("source")),
        measure=_choice(where, raw.get("measure", Measure.CREDITS.value), Measure, "measure"),
        topics=topics,
        window=window,
        every=every,
        when=tuple(
            _choice(where, c, Condition, "condition") for c in _list(where, raw.get("when", []), "when")
        ),
        caps=caps,
        not_toward=not_toward,
        due=_optional_date(where, raw, "due"),
        note=str(raw.get("note", "")),
    )


def _parse_cap(where: str, raw: Any) -> Cap:
    if not isinstance(raw, dict) or set(raw) != {"topic", "at_most"}:
        raise RequirementSetError(f"{where}: a cap is {{ topic = ..., at_most = ... }}")
    (topic,) = _topics(where, [raw["topic"]], "caps")
    return Cap(topic, _decimal(where, raw["at_most"], "cap at_most"))


def _parse_carry(where: str, raw: Any, period: PeriodKind) -> CarryForward | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not set(raw) <= {"at_most", "excluded_topics"}:
        raise RequirementSetError(f"{where}: carry_forward is {{ at_most, excluded_topics }}")
    if period is PeriodKind.NONE:
        raise RequirementSetError(f"{where}: carry_forward needs a set with a period")
    where = f"{where}: carry_forward"
    return CarryForward(
        at_most=_decimal(where, raw.get("at_most"), "carry_forward at_most"),
        excluded_topics=_topics(where, raw.get("excluded_topics", []), "excluded_topics"),
    )


def _parse_source(where: str, raw: Any) -> Source:
    if not isinstance(raw, dict):
        raise RequirementSetError(f"{where}: missing source {{ url, checked, verified }}")
    url = raw.get("url")
    if not isinstance(url, str) or not re.match(r"https?://\S+$", url):
        raise RequirementSetError(f"{where}: source url must be an http(s) address")
    checked = raw.get("checked")
    if not isinstance(checked, date):
        raise RequirementSetError(f"{where}: source checked must be a date (YYYY-MM-DD)")
    verified = raw.get("verified")
    if not isinstance(verified, bool):
        raise RequirementSetError(f"{where}: source verified must be true or false")
    return Source(url, checked, verified)


def _no_unknown_keys(where: str, raw: Mapping[str, Any], known: frozenset[str]) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise RequirementSetError(f"{where}: unknown key {unknown[0]!r}")


def _text(where: str, raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RequirementSetError(f"{where}: {key} must be some text")
    return value


def _flag(where: str, raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise RequirementSetError(f"{where}: {key} must be true or false")
    return value


def _list(where: str, value: Any, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise RequirementSetError(f"{where}: {key} must be a list")
    return value


def _words(where: str, value: Any, key: str) -> tuple[str, ...]:
    items = _list(where, value, key)
    if not all(isinstance(v, str) and v.strip() for v in items):
        raise RequirementSetError(f"{where}: {key} must be a list of words")
    return tuple(items)


def _topics(where: str, value: Any, key: str) -> tuple[str, ...]:
    known = entry_topics()
    for code in _words(where, value, key):
        if code not in known:
            raise RequirementSetError(f"{where}: unknown topic {code!r}")
    return tuple(value)


def _choice(where: str, value: Any, kind: type[E], what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise RequirementSetError(f"{where}: unknown {what} {value!r}") from None


def _decimal(where: str, value: Any, what: str) -> Decimal:
    """An exact amount: a whole number or a quoted decimal ("1.5"); a TOML float is refused."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RequirementSetError(
            f"{where}: {what} must be a whole number or a quoted decimal, not {value!r}"
        )
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise RequirementSetError(f"{where}: {what} {value!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise RequirementSetError(f"{where}: {what} {value!r} is not a credit amount")
    return amount


def _optional_date(where: str, raw: Mapping[str, Any], key: str) -> date | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise RequirementSetError(f"{where}: {key} must be a date (YYYY-MM-DD), not {value!r}")
    return value


# Words that surround a set's name without naming it: "my Texas license", "the royal college".
FILLER = frozenset(
    {
        "my",
        "the",
        "a",
        "an",
        "license",
        "licence",
        "state",
        "medical",
        "board",
        "requirements",
        "requirement",
        "cme",
        "renewal",
        "of",
        "for",
        "in",
        "registration",
    }
)


def _normal(text: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept = tuple(w for w in words if w not in FILLER)
    return kept or tuple(words)


def find_set(words: str, sets: Mapping[str, RequirementSet] | None = None) -> RequirementSet | None:
    """The set a member names ("TX", "texas license", "the Royal College"), or None.

    A whole name wins over a name found inside a longer phrase; inside a phrase, the
    longest name wins ("new york" over "york"), and two different sets named equally
    long is no answer: the caller asks rather than guesses.
    """
    known = requirement_sets() if sets is None else sets
    said = _normal(words)
    if not said:
        return None
    names: list[tuple[tuple[str, ...], RequirementSet]] = []
    for one in known.values():
        for text in (one.code.replace("_", " "), one.name, one.short, *one.aliases):
            names.append((_normal(text), one))
    exact = {one.code: one for name, one in names if name == said}
    if len(exact) == 1:
        return next(iter(exact.values()))
    found: dict[str, tuple[int, RequirementSet]] = {}
    for name, one in names:
        n = len(name)
        inside = n and any(said[i : i + n] == name for i in range(len(said) - n + 1))
        if inside and n > found.get(one.code, (0, one))[0]:
            found[one.code] = (n, one)
    if not found:
        return None
    longest = max(n for n, _ in found.values())
    best = [one for n, one in found.values() if n == longest]
    return best[0] if len(best) == 1 else None
