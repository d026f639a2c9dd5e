"""The shape of a requirement set: what a board, a society or a licence asks, as data.

A set is read from its own TOML file (`bot/requirement_sets/data/*.toml`), each
rule with the source it was read from and the day it was checked; the code
below knows the *kinds* of rule (a period, a one-time rule, a rule every Nth
period, a condition, a cap, a carry-forward) and nothing of Texas or ASPS, so
a new licence is a new file. Trackers lose their users' trust on wrong
requirement data, which is why a figure never lives in code and a rule whose
source could not be read says so when the bot answers from it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from bot.domain import ZERO


class Measure(enum.StrEnum):
    """Which credits of an entry a rule adds up."""

    CREDITS = "credits"  # every credit, Category 1 and 2
    CATEGORY1 = "category1"  # AMA PRA Category 1 ("formal" in Texas and Illinois)
    CATEGORY2 = "category2"
    PATIENT_SAFETY = "patient_safety"  # the entry's patient-safety credits
    PLASTIC_SURGERY = "plastic_surgery"  # the entry's plastic-surgery credits


TOPIC_JOIN = "|"


class Aggregate(NamedTuple):
    """One sum the database computes: `measure` over the entries carrying `topic` (None: all).

    `topic` may name several codes joined by "|" ("ethics|professional_responsibility"):
    the entries carrying any of them, each entry once. A rule that accepts two topics
    (Texas: ethics *or* professional responsibility) must not count an entry tagged
    with both twice, and a sum of per-topic sums would; one bitmask test
    (`topics & topic_mask(codes) != 0`) gives the union in the same scan.
    """

    measure: Measure
    topic: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The topic codes this sum is over; () for every entry."""
        return tuple(self.topic.split(TOPIC_JOIN)) if self.topic else ()


def any_of(codes: tuple[str, ...] | list[str] | frozenset[str]) -> str | None:
    """The `Aggregate.topic` for "entries carrying any of `codes`", spelled one way (sorted)."""
    return TOPIC_JOIN.join(sorted(set(codes))) or None


class Window(NamedTuple):
    """An inclusive range of entry start dates a sum runs over."""

    start: date
    end: date


class PeriodKind(enum.StrEnum):
    CALENDAR = "calendar"  # N whole calendar years, ending Dec 31 (ASPS, Pennsylvania)
    ANCHORED = "anchored"  # N months ending on a date: the licence's renewal or expiry (Texas, Florida)
    NONE = "none"  # no period of its own: each rule has its own window (New York)


class RuleWindow(enum.StrEnum):
    PERIOD = "period"  # within the set's current period
    EVERY_N_PERIODS = "every_n_periods"  # within the last `every` periods, this one included
    ONE_TIME = "one_time"  # once, ever, by `due` or the member's given date
    EACH_YEAR = "each_year"  # in every year of the period so far (Royal College: ≥ 25 a year)
    ROLLING_YEARS = "rolling_years"  # within the last `every` years to today (New York's topics)


class Condition(enum.StrEnum):
    """What a rule may depend on, answered by the member's profile."""

    DEA_REGISTERED = "dea_registered"
    NOT_DEA_EXEMPT = "not_dea_exempt"
    DIRECT_PATIENT_CARE = "direct_patient_care"
    PRESCRIBES_OPIOIDS = "prescribes_opioids"
    FIRST_RENEWAL = "first_renewal"
    NOT_FIRST_RENEWAL = "not_first_renewal"


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    checked: date
    verified: bool  # False: read on a secondary source, or not found; the bot says so


@dataclass(frozen=True, slots=True)
class Cap:
    """Entries carrying `topic` count at most `at_most` toward the rule (ASPS: TOPS ≤ 5 patient safety)."""

    topic: str
    at_most: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # "<set code>.<rule>", stable: overrides and reminders key on it
    label: str  # what the member reads: "Ethics / professional responsibility"
    minimum: Decimal
    source: Source
    measure: Measure = Measure.CREDITS
    topics: tuple[str, ...] = ()  # entries carrying any of these count; (): every entry
    window: RuleWindow = RuleWindow.PERIOD
    every: int = 1  # periods (EVERY_N_PERIODS) or years (ROLLING_YEARS)
    when: tuple[Condition, ...] = ()  # all must hold, else the rule does not apply
    caps: tuple[Cap, ...] = ()
    not_toward: tuple[str, ...] = ()  # topics whose hours do not count toward this rule (PA: the 4 mandated)
    due: date | None = None  # a one-time rule's own deadline, if the rule fixes one
    note: str = ""  # a line the member reads with the verdict ("a shortfall can be cured in 30 days")


@dataclass(frozen=True, slots=True)
class CarryForward:
    """Credits above the total carried into the next period (Texas: ≤ 48, mandated topics excluded)."""

    at_most: Decimal
    excluded_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequirementSet:
    code: str  # "asps", "texas": the file's name, and what profiles store
    name: str  # "Texas Medical Board"
    short: str  # "Texas": what one line of a summary starts with
    period: PeriodKind
    months: int  # the period's length (36 for ASPS); 0 for PeriodKind.NONE
    source: Source
    rules: tuple[Rule, ...]
    anchor: date | None = None  # a default period end when the member gave none (ASPS: 2022-12-31)
    carry_forward: CarryForward | None = None
    aliases: tuple[str, ...] = ()  # words a member names it by: "TX", "texas license", "DEA"
    # The period ends in the member's own stated cycle year (Member.cycle_end_year: the ASPS
    # portal's "cycle ending in"), before any date on the held set.
    cycle_from_member: bool = False
    # One date for every holder (Illinois: July 31 statewide), so a missing renewal date is
    # no guess and needs no "tell me your date" note.
    anchor_shared: bool = False

    def total_rule(self) -> Rule | None:
        """The rule a carry-forward adds to: every credit of every entry, in the period, for everyone."""
        return next(
            (
                r
                for r in self.rules
                if r.window is RuleWindow.PERIOD
                and r.measure is Measure.CREDITS
                and not r.topics
                and not r.when
            ),
            None,
        )


@dataclass(frozen=True, slots=True)
class HeldSet:
    """A set a member answers to, with what anchors its period."""

    code: str
    renews_on: date | None = None  # licence renewal / expiry, or the DEA registration's renewal
    first_renewal: bool = False


@dataclass(frozen=True, slots=True)
class Override:
    """The member's own word on a rule ("my board accepted it"): counted as met, and shown as theirs."""

    rule_id: str
    note: str
    on: date


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything the member's requirement sets depend on. A member who said nothing holds ASPS."""

    sets: tuple[HeldSet, ...] = (HeldSet("asps"),)
    dea_registered: bool = False
    dea_exempt: bool = False  # addiction board certification, or a recent graduate with the curriculum
    direct_patient_care: bool = True
    prescribes_opioids: bool = False
    overrides: tuple[Override, ...] = ()

    def holds(self, code: str) -> HeldSet | None:
        return next((h for h in self.sets if h.code == code), None)


@dataclass(frozen=True, slots=True)
class Counted:
    """One line of "why?": which entries a rule counted, and what a cap or carry-forward changed."""

    text: str
    entry_numbers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleVerdict:
    rule: Rule
    required: Decimal
    earned: Decimal
    due: date | None  # when it must be met: the period's end, or a one-time rule's deadline
    applies: bool = True
    why: tuple[Counted, ...] = ()  # ("not DEA-registered" when it does not apply)
    overridden: Override | None = None

    @property
    def met(self) -> bool:
        return not self.applies or self.overridden is not None or self.earned >= self.required

    @property
    def remaining(self) -> Decimal:
        return ZERO if self.met else max(self.required - self.earned, ZERO)


@dataclass(frozen=True, slots=True)
class SetVerdict:
    set: RequirementSet
    held: HeldSet
    window: Window | None  # the current period; None for a set without one (New York)
    rules: tuple[RuleVerdict, ...]
    carried_in: Decimal = ZERO  # credits carried forward from the previous period
    notes: tuple[str, ...] = field(default=())  # "period anchored on the default: tell me your renewal date"

    @property
    def met(self) -> bool:
        return all(r.met for r in self.rules)

    @property
    def shortfalls(self) -> tuple[RuleVerdict, ...]:
        return tuple(r for r in self.rules if not r.met)

    @property
    def due(self) -> date | None:
        """The earliest deadline among the rules still unmet: what orders sets "most urgent first"."""
        dates = [r.due for r in self.shortfalls if r.due is not None]
        return min(dates) if dates else None

    @property
    def unverified(self) -> bool:
        return any(not r.rule.source.verified for r in self.rules if r.applies)
