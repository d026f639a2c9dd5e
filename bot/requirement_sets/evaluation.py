"""A member's record against the sets they hold: which sums are needed, then the verdicts.

Two pure steps around one database call: `plan` lists every (window, sum) the
verdicts will read, so the store computes them all in one visit; `evaluate`
turns those sums into verdicts. Both walk the same `_layout`, so a sum the
verdicts read is always one the plan asked for.

How a rule's earned figure is built, all from sums the database already keeps:
- the base: the rule's measure over the entries carrying any of its topics
  (`any_of`), each entry once;
- a cap: a capped topic's excess over its cap is taken off (ASPS: TOPS counts
  at most 5 toward patient safety);
- not_toward: the sum over entries carrying any excluded topic is taken off the
  whole (Pennsylvania: the mandated child-abuse and opioid hours are not patient
  safety hours). Both are exact only for a rule over every entry, which the
  loader enforces; an entry carrying two capped topics may be reduced by both
  caps, which under-counts, never over-counts;
- carry-forward: the previous period's credits above the total minimum, at most
  the credits outside the excluded topics, capped, added to the total rule
  alone (Texas: ≤ 48, mandated topics never carried).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain import ZERO
from bot.ports import Member
from bot.requirement_sets import wording
from bot.requirement_sets.model import (
    Aggregate,
    Cap,
    Condition,
    Counted,
    HeldSet,
    Measure,
    Override,
    PeriodKind,
    Profile,
    RequirementSet,
    Rule,
    RuleVerdict,
    RuleWindow,
    SetVerdict,
    Window,
    any_of,
)
from bot.requirement_sets.periods import Placement, RuleSpan, place, rule_span

Sums = Mapping[Window, Mapping[Aggregate, Decimal]]
_Reader = Callable[[Window, Aggregate], Decimal]


@dataclass(frozen=True, slots=True)
class _RulePlan:
    rule: Rule
    failed: Condition | None  # the first condition that does not hold; None: the rule applies
    span: RuleSpan
    base: Aggregate
    caps: tuple[tuple[Cap, Aggregate], ...]
    without: Aggregate | None

    @property
    def applies(self) -> bool:
        return self.failed is None

    def needs(self) -> list[tuple[Window, Aggregate]]:
        wanted = [(w, self.base) for w in self.span.windows]
        window = self.span.windows[0]
        wanted += [(window, agg) for _, agg in self.caps]
        if self.without is not None:
            wanted.append((window, self.without))
        return wanted


@dataclass(frozen=True, slots=True)
class _Carry:
    previous: Window
    total: Aggregate
    excluded: Aggregate | None
    minimum: Decimal
    at_most: Decimal
    into: str  # the total rule's id

    def needs(self) -> list[tuple[Window, Aggregate]]:
        wanted = [(self.previous, self.total)]
        if self.excluded is not None:
            wanted.append((self.previous, self.excluded))
        return wanted


@dataclass(frozen=True, slots=True)
class _SetPlan:
    set: RequirementSet
    held: HeldSet
    where: Placement
    rules: tuple[_RulePlan, ...]
    carry: _Carry | None


def _holds(condition: Condition, profile: Profile, held: HeldSet) -> bool:
    answers = {
        Condition.DEA_REGISTERED: profile.dea_registered,
        Condition.NOT_DEA_EXEMPT: not profile.dea_exempt,
        Condition.DIRECT_PATIENT_CARE: profile.direct_patient_care,
        Condition.PRESCRIBES_OPIOIDS: profile.prescribes_opioids,
        Condition.FIRST_RENEWAL: held.first_renewal,
        Condition.NOT_FIRST_RENEWAL: not held.first_renewal,
    }
    return answers[condition]


def _rule_plan(rule: Rule, profile: Profile, held: HeldSet, where: Placement, today: date) -> _RulePlan:
    failed = next((c for c in rule.when if not _holds(c, profile, held)), None)
    return _RulePlan(
        rule=rule,
        failed=failed,
        span=rule_span(rule, held, where, today),
        base=Aggregate(rule.measure, any_of(rule.topics)),
        caps=tuple((cap, Aggregate(rule.measure, cap.topic)) for cap in rule.caps),
        without=Aggregate(rule.measure, any_of(rule.not_toward)) if rule.not_toward else None,
    )


def _layout(
    sets: Mapping[str, RequirementSet], profile: Profile, member: Member, today: date
) -> list[_SetPlan]:
    """The plan of every held set the files know; a code no file ships any more is left out."""
    plans: list[_SetPlan] = []
    for held in profile.sets:
        one = sets.get(held.code)
        if one is None:
            continue
        where = place(one, held, member, today)
        rules = tuple(_rule_plan(r, profile, held, where, today) for r in one.rules)
        carry = None
        total = one.total_rule()
        previous = where.previous()
        if one.carry_forward is not None and total is not None and previous is not None:
            excluded = one.carry_forward.excluded_topics
            carry = _Carry(
                previous=previous,
                total=Aggregate(Measure.CREDITS),
                excluded=Aggregate(Measure.CREDITS, any_of(excluded)) if excluded else None,
                minimum=total.minimum,
                at_most=one.carry_forward.at_most,
                into=total.id,
            )
        plans.append(_SetPlan(one, held, where, rules, carry))
    return plans


def plan(
    sets: Mapping[str, RequirementSet], profile: Profile, member: Member, today: date
) -> dict[Window, frozenset[Aggregate]]:
    """Every sum the verdicts of `profile`'s sets will read, per window."""
    wanted: dict[Window, set[Aggregate]] = defaultdict(set)
    for set_plan in _layout(sets, profile, member, today):
        needs = [n for r in set_plan.rules if r.applies for n in r.needs()]
        if set_plan.carry is not None:
            needs += set_plan.carry.needs()
        for window, aggregate in needs:
            wanted[window].add(aggregate)
    return {w: frozenset(a) for w, a in wanted.items()}


def evaluate(
    sets: Mapping[str, RequirementSet], profile: Profile, member: Member, today: date, sums: Sums
) -> tuple[SetVerdict, ...]:
    """The verdict of each held set, most urgent first: unmet before met, then the earliest deadline."""

    def read(window: Window, aggregate: Aggregate) -> Decimal:
        return sums.get(window, {}).get(aggregate, ZERO)

    overrides = {o.rule_id: o for o in profile.overrides}
    verdicts: list[SetVerdict] = []
    for set_plan in _layout(sets, profile, member, today):
        carried = _carried(set_plan.carry, read)
        into = set_plan.carry.into if set_plan.carry else None
        rules = tuple(
            _verdict(r, read, overrides.get(r.rule.id), carried if r.rule.id == into else None)
            for r in set_plan.rules
        )
        notes: list[str] = []
        window = set_plan.where.window
        if set_plan.where.assumed and window is not None:
            notes.append(wording.period_assumed(set_plan.set, window))
        if set_plan.set.period is PeriodKind.NONE and any(
            r.applies and not r.met and r.due is None and r.rule.window is RuleWindow.ONE_TIME for r in rules
        ):
            notes.append(wording.due_unknown(set_plan.set))
        verdicts.append(
            SetVerdict(
                set=set_plan.set,
                held=set_plan.held,
                window=window,
                rules=rules,
                carried_in=carried[0] if carried else ZERO,
                notes=tuple(notes),
            )
        )
    order = list(sets)
    verdicts.sort(
        key=lambda v: (
            v.met,
            v.due or date.max,
            order.index(v.set.code) if v.set.code in order else len(order),
        )
    )
    return tuple(verdicts)


def _carried(carry: _Carry | None, read: _Reader) -> tuple[Decimal, Window] | None:
    if carry is None:
        return None
    total = read(carry.previous, carry.total)
    outside = total - (read(carry.previous, carry.excluded) if carry.excluded is not None else ZERO)
    amount = min(total - carry.minimum, outside, carry.at_most)
    return (max(amount, ZERO), carry.previous)


def _verdict(
    plan_: _RulePlan, read: _Reader, ov: Override | None, carried: tuple[Decimal, Window] | None
) -> RuleVerdict:
    rule = plan_.rule
    if not plan_.applies:
        assert plan_.failed is not None
        return RuleVerdict(
            rule=rule,
            required=rule.minimum,
            earned=ZERO,
            due=plan_.span.due,
            applies=False,
            why=(Counted(wording.NOT_APPLYING[plan_.failed]),),
            overridden=ov,
        )
    why: list[Counted] = []
    window = plan_.span.windows[0]
    due = plan_.span.due
    if rule.window is RuleWindow.EACH_YEAR:
        per_year = [(w, read(w, plan_.base)) for w in plan_.span.windows]
        why += [Counted(wording.year_counted(v, w)) for w, v in per_year]
        earned = min(v for _, v in per_year)
        short = [w for w, v in per_year if v < rule.minimum]
        if short:
            due = short[0].end
    else:
        earned = read(window, plan_.base)
        why.append(
            Counted(
                wording.counted(
                    earned, rule.measure, rule.topics, window, ever=rule.window is RuleWindow.ONE_TIME
                )
            )
        )
    for cap, aggregate in plan_.caps:
        recorded = read(window, aggregate)
        if recorded > cap.at_most:
            earned -= recorded - cap.at_most
            why.append(Counted(wording.capped(cap.topic, cap.at_most, recorded)))
    if plan_.without is not None:
        left_out = read(window, plan_.without)
        if left_out:
            earned -= left_out
            why.append(Counted(wording.excluded(left_out, rule.not_toward)))
    if carried is not None and carried[0] > 0:
        earned += carried[0]
        why.append(Counted(wording.carried(*carried)))
    if ov is not None:
        why.append(Counted(wording.overridden(ov)))
    if not rule.source.verified:
        why.append(Counted(wording.unverified(rule.source.url)))
    return RuleVerdict(
        rule=rule,
        required=rule.minimum,
        earned=max(earned, ZERO),
        due=due,
        applies=True,
        why=tuple(why),
        overridden=ov,
    )
