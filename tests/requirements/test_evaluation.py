"""Verdicts of realistic records against each shipped set, from sums worked out by hand (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from bot.domain import Activity, Category
from bot.ports import Member
from bot.requirement_sets.evaluation import evaluate, plan
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import HeldSet, Override, Profile, RuleVerdict, SetVerdict
from bot.requirements import ASPS, Totals, current_cycle, summarize
from tests.requirements.records import MEMBER, cme, sums_of

TWO = Category.TWO


def judge(
    profile: Profile, record: Iterable[Activity], today: date, member: Member = MEMBER
) -> tuple[SetVerdict, ...]:
    sets = requirement_sets()
    wanted = plan(sets, profile, member, today)
    return evaluate(sets, profile, member, today, sums_of(record, wanted))


def only(verdicts: tuple[SetVerdict, ...], code: str) -> SetVerdict:
    return next(v for v in verdicts if v.set.code == code)


def rule(verdict: SetVerdict, rule_id: str) -> RuleVerdict:
    return next(r for r in verdict.rules if r.rule.id == rule_id)


def why(verdict: RuleVerdict) -> str:
    return " | ".join(c.text for c in verdict.why)


# ASPS -----------------------------------------------------------------------------------------

ASPS_CYCLE = [
    cme("ASPS Annual Meeting, Austin", date(2026, 3, 14), "30", safety="6", plastic="25"),
    cme("Plastic Surgery The Meeting", date(2026, 10, 9), "25", safety="4", plastic="20"),
    cme("TOPS registry outcomes review", date(2027, 4, 2), "7", "tops", category=TWO, safety="7"),
    cme("Breast implant device training", date(2027, 6, 1), "3", "device_training", category=TWO, safety="3"),
    cme("PRS journal reading", date(2027, 9, 20), "40", category=TWO),
    cme("Grand rounds, microsurgery", date(2028, 2, 11), "20", safety="2", plastic="8"),
    cme("The Aesthetic Meeting", date(2028, 5, 5), "30", safety="3", plastic="10"),
    cme("Last cycle's meeting", date(2025, 11, 1), "40", safety="20", plastic="40"),
]


def test_asps_cycle_counts_the_members_cycle_and_caps_tops_at_five() -> None:
    asps = only(judge(Profile(), ASPS_CYCLE, date(2028, 6, 15)), "asps")
    assert asps.window == (date(2026, 1, 1), date(2028, 12, 31))
    assert rule(asps, "asps.total").earned == Decimal(155)
    assert rule(asps, "asps.category1").earned == Decimal(105)
    assert rule(asps, "asps.plastic_surgery").earned == Decimal(63)
    safety = rule(asps, "asps.patient_safety")
    assert safety.earned == Decimal(23)  # 25 recorded, TOPS 7 counted as 5
    assert "TOPS" in why(safety) and "at most 5.0 (7.0 recorded)" in why(safety)
    assert asps.met and asps.notes == ()


def test_asps_cap_can_leave_patient_safety_short() -> None:
    record = [a for a in ASPS_CYCLE if a.title not in {"Grand rounds, microsurgery", "The Aesthetic Meeting"}]
    safety = rule(only(judge(Profile(), record, date(2028, 6, 15)), "asps"), "asps.patient_safety")
    assert (safety.earned, safety.met, safety.remaining) == (Decimal(18), False, Decimal(2))


def test_asps_verdict_agrees_with_the_portal_summary() -> None:
    today = date(2028, 6, 15)
    cycle = current_cycle(today, MEMBER.cycle_end_year)
    inside = [a for a in ASPS_CYCLE if cycle.contains(a.start_date)]
    one = [a for a in inside if a.category is Category.ONE]
    totals = Totals(
        category1=sum((a.credits for a in one), Decimal(0)),
        category2=sum((a.credits for a in inside if a not in one), Decimal(0)),
        plastic_surgery=sum((a.plastic_surgery_credits for a in inside), Decimal(0)),
        patient_safety=sum((a.patient_safety_credits for a in inside), Decimal(0)),
    )
    summary = summarize(cycle, totals, today, ASPS)
    asps = only(judge(Profile(), ASPS_CYCLE, today), "asps")
    assert asps.window == (cycle.start, cycle.end)
    by_label = {r.rule.label: r for r in asps.rules}
    for standing in summary.standings:
        verdict = by_label[standing.metric.label]
        assert verdict.required == standing.required
        if standing.metric.label != "Patient Safety":  # the old summary has no TOPS cap
            assert verdict.earned == standing.earned


def test_an_asps_member_who_gave_no_cycle_is_told_the_cycle_is_assumed() -> None:
    member = Member(2, "Ana", None, "UTC", cycle_end_year=None)
    asps = only(judge(Profile(), [], date(2021, 4, 7), member), "asps")
    assert asps.window == (date(2020, 1, 1), date(2022, 12, 31))
    assert len(asps.notes) == 1 and "2022" in asps.notes[0]


# ABPS -----------------------------------------------------------------------------------------


def test_abps_counts_patient_safety_in_the_three_years_to_december_first_and_flags_secondary_figures() -> (
    None
):
    profile = Profile(sets=(HeldSet("abps", renews_on=date(2027, 12, 1)),))
    record = [
        cme("Venous thromboembolism prevention", date(2025, 1, 10), "12", safety="12"),
        cme("Improving safety during sedation", date(2026, 5, 2), "8", safety="8"),
        cme("Safety course before the window", date(2024, 11, 30), "5", safety="5"),
    ]
    abps = only(judge(profile, record, date(2026, 11, 30)), "abps")
    assert abps.window == (date(2024, 12, 2), date(2027, 12, 1))
    assert rule(abps, "abps.patient_safety").met
    assert rule(abps, "abps.patient_safety").earned == Decimal(20)
    assert abps.unverified and "could not be confirmed" in why(rule(abps, "abps.total"))
    assert "could not be confirmed" not in why(rule(abps, "abps.patient_safety"))


# DEA MATE: a one-time rule, conditional ---------------------------------------------------------

DEA = HeldSet("dea_mate", renews_on=date(2027, 5, 31))


def test_dea_mate_one_time_training_counts_training_taken_years_ago() -> None:
    record = [cme("Buprenorphine waiver training", date(2019, 10, 1), "8", "substance_use")]
    dea = only(judge(Profile(sets=(DEA,), dea_registered=True), record, date(2026, 11, 30)), "dea_mate")
    training = rule(dea, "dea_mate.training")
    assert training.met and training.earned == Decimal(8) and training.due == date(2027, 5, 31)
    assert "whole record" in why(training)


def test_dea_mate_short_training_is_due_at_the_registration_renewal() -> None:
    record = [
        cme("Opioid use disorder: treatment basics", date(2024, 2, 1), "3", "opioids"),
        cme("Substance use screening (also opioids)", date(2025, 2, 1), "1", "opioids", "substance_use"),
    ]
    dea = only(judge(Profile(sets=(DEA,), dea_registered=True), record, date(2026, 11, 30)), "dea_mate")
    training = rule(dea, "dea_mate.training")
    assert training.earned == Decimal(4)  # the entry carrying both topics counts once
    assert (training.met, training.remaining, dea.due) == (False, Decimal(4), date(2027, 5, 31))


def test_dea_mate_does_not_apply_to_the_unregistered_or_the_exempt() -> None:
    for profile in (Profile(sets=(DEA,)), Profile(sets=(DEA,), dea_registered=True, dea_exempt=True)):
        training = rule(only(judge(profile, [], date(2026, 11, 30)), "dea_mate"), "dea_mate.training")
        assert not training.applies and training.met and training.why


def test_dea_mate_without_a_renewal_date_asks_for_it() -> None:
    dea = only(
        judge(Profile(sets=(HeldSet("dea_mate"),), dea_registered=True), [], date(2026, 11, 30)), "dea_mate"
    )
    assert rule(dea, "dea_mate.training").due is None
    assert any("renewal date" in n for n in dea.notes)


# Texas: carry-forward, every-Nth period, override -----------------------------------------------

TEXAS = HeldSet("texas", renews_on=date(2027, 3, 31))
TEXAS_PREVIOUS = [
    cme("TMA Fall Conference", date(2023, 9, 15), "30"),
    cme("Ethics in surgical practice", date(2024, 2, 10), "2", "ethics"),
    cme("PRS journal reading", date(2024, 6, 1), "30", category=TWO),
    cme("HHSC human trafficking course", date(2024, 11, 1), "1", "human_trafficking"),
    cme("Safe opioid prescribing", date(2025, 1, 20), "2", "opioids"),
]
TEXAS_CURRENT = [
    cme("Texas Society of Plastic Surgeons", date(2025, 5, 10), "20"),
    cme("Professionalism in practice", date(2025, 9, 12), "2", "professional_responsibility"),
    cme("Journal reading", date(2026, 3, 3), "10", category=TWO),
]


def test_texas_carries_excess_into_the_total_only() -> None:
    texas = only(judge(Profile(sets=(TEXAS,)), TEXAS_PREVIOUS + TEXAS_CURRENT, date(2026, 11, 30)), "texas")
    assert texas.window == (date(2025, 4, 1), date(2027, 3, 31))
    total = rule(texas, "texas.total")
    assert texas.carried_in == Decimal(17)  # 65 last period, 48 required
    assert total.earned == Decimal(49) and total.met  # 32 this period + 17
    assert "17.0 carried from the period ending 2025-03-31" in why(total)
    formal = rule(texas, "texas.formal")
    assert formal.earned == Decimal(22) and not formal.met  # carried credits never reach the formal 24
    assert rule(texas, "texas.ethics").met
    # Human trafficking every third period and pain/opioids every fourth: last period's hours count.
    assert rule(texas, "texas.human_trafficking").met
    assert rule(texas, "texas.pain_opioids").met
    assert not rule(texas, "texas.human_trafficking_first").applies


def test_texas_carry_forward_is_capped_and_never_carries_mandated_topics() -> None:
    big = [cme("Fellowship year lectures", date(2024, 1, 10), "120")]
    texas = only(judge(Profile(sets=(TEXAS,)), big, date(2026, 11, 30)), "texas")
    assert texas.carried_in == Decimal(48)
    mostly_mandated = [
        cme("Grand rounds", date(2024, 1, 10), "10"),
        cme("Ethics retreat", date(2024, 3, 10), "50", "ethics"),
    ]
    texas = only(judge(Profile(sets=(TEXAS,)), mostly_mandated, date(2026, 11, 30)), "texas")
    assert texas.carried_in == Decimal(10)  # 12 over the minimum, but only 10 outside mandated topics


def test_texas_trafficking_hours_count_as_ethics() -> None:
    record = [
        cme("HHSC human trafficking course", date(2025, 6, 1), "1", "human_trafficking"),
        cme("Ethics grand rounds", date(2025, 7, 1), "1", "ethics"),
    ]
    ethics = rule(only(judge(Profile(sets=(TEXAS,)), record, date(2026, 11, 30)), "texas"), "texas.ethics")
    assert ethics.earned == Decimal(2) and ethics.met


def test_texas_human_trafficking_lapses_after_three_periods() -> None:
    old = [cme("HHSC human trafficking course", date(2021, 3, 1), "1", "human_trafficking")]
    texas = only(judge(Profile(sets=(TEXAS,)), old, date(2026, 11, 30)), "texas")
    assert not rule(texas, "texas.human_trafficking").met  # window starts 2021-04-01


def test_texas_first_renewal_asks_trafficking_and_opioids_this_period() -> None:
    profile = Profile(sets=(HeldSet("texas", renews_on=date(2027, 3, 31), first_renewal=True),))
    texas = only(judge(profile, TEXAS_PREVIOUS, date(2026, 11, 30)), "texas")
    assert not rule(texas, "texas.human_trafficking_first").met
    assert not rule(texas, "texas.pain_opioids_first").met
    assert not rule(texas, "texas.human_trafficking").applies


def test_a_members_override_counts_the_rule_met_and_says_it_is_theirs() -> None:
    override = Override("texas.formal", "Board accepted my AOA 1-A credits", date(2026, 10, 1))
    profile = Profile(sets=(TEXAS,), overrides=(override,))
    texas = only(judge(profile, TEXAS_PREVIOUS + TEXAS_CURRENT, date(2026, 11, 30)), "texas")
    formal = rule(texas, "texas.formal")
    assert formal.met and formal.overridden == override and formal.earned == Decimal(22)
    assert "your word" in why(formal) and "AOA 1-A" in why(formal)
    assert texas.met


def test_a_passed_renewal_date_rolls_forward_by_whole_periods() -> None:
    profile = Profile(sets=(HeldSet("texas", renews_on=date(2023, 3, 31)),))
    texas = only(judge(profile, [], date(2026, 11, 30)), "texas")
    assert texas.window == (date(2025, 4, 1), date(2027, 3, 31))
    assert texas.notes == ()


def test_without_a_renewal_date_the_period_is_assumed_and_said_so() -> None:
    texas = only(judge(Profile(sets=(HeldSet("texas"),)), [], date(2026, 11, 30)), "texas")
    assert texas.window is not None and texas.notes and "renewal date" in texas.notes[0]


# Florida: conditional, every third biennium, first renewal ---------------------------------------

FLORIDA = HeldSet("florida", renews_on=date(2028, 1, 31))
FLORIDA_RECORD = [
    cme("FMA annual meeting", date(2026, 7, 30), "30"),
    cme("Preventing medical errors in the OR", date(2026, 8, 1), "2", "medical_errors"),
    cme("Domestic violence: screening and referral", date(2022, 6, 1), "2", "domestic_violence"),
    cme("Florida human trafficking", date(2026, 9, 9), "1", "human_trafficking"),
    cme("Journal reading", date(2027, 1, 15), "8", category=TWO),
]


def test_florida_controlled_substances_only_if_dea_registered() -> None:
    unregistered = only(judge(Profile(sets=(FLORIDA,)), FLORIDA_RECORD, date(2026, 11, 30)), "florida")
    assert not rule(unregistered, "florida.controlled_substances").applies
    assert unregistered.met
    registered = only(
        judge(Profile(sets=(FLORIDA,), dea_registered=True), FLORIDA_RECORD, date(2026, 11, 30)), "florida"
    )
    substances = rule(registered, "florida.controlled_substances")
    assert substances.applies and not substances.met and substances.due == date(2028, 1, 31)
    assert not registered.met


def test_florida_domestic_violence_every_third_biennium() -> None:
    florida = only(judge(Profile(sets=(FLORIDA,)), FLORIDA_RECORD, date(2026, 11, 30)), "florida")
    violence = rule(florida, "florida.domestic_violence")
    assert violence.met and "2022-02-01 to 2028-01-31" in why(violence)
    too_old = [a for a in FLORIDA_RECORD if "Domestic" not in a.title] + [
        cme("Domestic violence update", date(2021, 12, 1), "2", "domestic_violence")
    ]
    florida = only(judge(Profile(sets=(FLORIDA,)), too_old, date(2026, 11, 30)), "florida")
    assert not rule(florida, "florida.domestic_violence").met


def test_florida_hiv_aids_only_at_first_renewal() -> None:
    first = Profile(sets=(HeldSet("florida", renews_on=date(2028, 1, 31), first_renewal=True),))
    florida = only(judge(first, FLORIDA_RECORD, date(2026, 11, 30)), "florida")
    assert rule(florida, "florida.hiv_aids").applies and not rule(florida, "florida.hiv_aids").met
    later = only(judge(Profile(sets=(FLORIDA,)), FLORIDA_RECORD, date(2026, 11, 30)), "florida")
    assert not rule(later, "florida.hiv_aids").applies


# California: one-time ---------------------------------------------------------------------------


def test_california_one_time_pain_hours_count_from_the_whole_record_in_category_1() -> None:
    profile = Profile(sets=(HeldSet("california", renews_on=date(2027, 6, 30)),))
    record = [
        cme("Pain management for surgeons", date(2012, 4, 1), "8", "pain_management"),
        cme("Care of the terminally ill", date(2013, 5, 1), "4", "end_of_life"),
        cme("Palliative reading (Category 2)", date(2013, 6, 1), "6", "pain_management", category=TWO),
        cme("CMA annual meeting", date(2026, 2, 1), "50"),
    ]
    california = only(judge(profile, record, date(2026, 11, 30)), "california")
    pain = rule(california, "california.pain_terminally_ill")
    assert pain.earned == Decimal(12) and pain.met
    assert california.window == (date(2025, 7, 1), date(2027, 6, 30)) and california.met


# New York: rolling years, conditional -----------------------------------------------------------


def test_new_york_rolling_infection_control_and_dea_pain_course() -> None:
    profile = Profile(sets=(HeldSet("new_york"),), dea_registered=True)
    record = [
        cme("NYSDOH infection control", date(2022, 11, 30), "2", "infection_control"),
        cme("Child abuse identification", date(2009, 6, 1), "2", "child_abuse"),
        cme("Pain, palliative care and addiction", date(2024, 3, 1), "3", "pain_management", "substance_use"),
    ]
    ny = only(judge(profile, record, date(2026, 11, 30)), "new_york")
    assert ny.window is None
    assert not rule(ny, "new_york.infection_control").met  # four years ago and a day
    assert rule(ny, "new_york.child_abuse").met
    assert rule(ny, "new_york.pain_palliative_addiction").met
    renewed = [*record, cme("Infection control refresher", date(2023, 1, 5), "2", "infection_control")]
    assert rule(
        only(judge(profile, renewed, date(2026, 11, 30)), "new_york"), "new_york.infection_control"
    ).met


# Pennsylvania: fixed calendar, not_toward -------------------------------------------------------


def test_pennsylvania_mandated_hours_do_not_count_toward_patient_safety() -> None:
    profile = Profile(sets=(HeldSet("pennsylvania"),))
    record = [
        cme("Patient safety summit", date(2025, 3, 1), "10", "risk_management", safety="10"),
        cme("Child abuse recognition and reporting", date(2025, 4, 1), "2", "child_abuse", safety="2"),
        cme("Opioid prescribing in PA", date(2025, 5, 1), "2", "opioids", safety="1"),
        cme("PSPS annual meeting", date(2026, 4, 1), "90"),
        cme("Last period's safety course", date(2024, 12, 31), "12", safety="12"),
    ]
    pa = only(judge(profile, record, date(2026, 6, 1)), "pennsylvania")
    assert pa.window == (date(2025, 1, 1), date(2026, 12, 31))
    safety = rule(pa, "pennsylvania.patient_safety")
    assert safety.earned == Decimal(10) and not safety.met  # 13 recorded, 3 from mandated topics
    assert "left out" in why(safety)
    assert rule(pa, "pennsylvania.child_abuse").met and rule(pa, "pennsylvania.opioids").met
    assert rule(pa, "pennsylvania.total").earned == Decimal(104)


# Illinois: every second period, first renewal exempt ---------------------------------------------


def test_illinois_six_year_topics_and_first_renewal_exemption() -> None:
    record = [
        cme("Recognizing dementia", date(2024, 1, 1), "1", "dementia"),
        cme("Sexual harassment prevention", date(2026, 9, 1), "1", "sexual_harassment"),
    ]
    il = only(judge(Profile(sets=(HeldSet("illinois"),)), record, date(2026, 11, 30)), "illinois")
    assert il.window == (date(2026, 8, 1), date(2029, 7, 31)) and il.notes == ()  # one date statewide
    assert rule(il, "illinois.dementia").met  # within the last two periods
    assert rule(il, "illinois.sexual_harassment").met
    assert not rule(il, "illinois.implicit_bias").met
    assert il.unverified
    first = Profile(sets=(HeldSet("illinois", first_renewal=True),))
    il = only(judge(first, record, date(2026, 11, 30)), "illinois")
    assert not rule(il, "illinois.implicit_bias").applies


# Massachusetts: one-time topics, prescribing condition -------------------------------------------


def test_massachusetts_one_time_topics_and_opioids_if_prescribing() -> None:
    profile = Profile(sets=(HeldSet("massachusetts", renews_on=date(2027, 8, 14)),), prescribes_opioids=True)
    record = [
        cme("EHR proficiency", date(2015, 3, 1), "3", "ehr"),
        cme("Implicit bias in healthcare", date(2026, 1, 10), "2", "implicit_bias"),
        cme("Opioid prescribing and pain", date(2026, 2, 10), "3", "opioids"),
    ]
    ma = only(judge(profile, record, date(2026, 11, 30)), "massachusetts")
    assert ma.window == (date(2025, 8, 15), date(2027, 8, 14))
    assert rule(ma, "massachusetts.ehr").met
    assert not rule(ma, "massachusetts.end_of_life").met
    assert rule(ma, "massachusetts.opioids").met
    assert rule(ma, "massachusetts.risk_management").earned == Decimal(5)  # bias and opioids count toward it
    not_prescribing = Profile(sets=profile.sets)
    assert not rule(
        only(judge(not_prescribing, record, date(2026, 11, 30)), "massachusetts"), "massachusetts.opioids"
    ).applies


# Royal College: each year ------------------------------------------------------------------------


def test_royal_college_needs_twenty_five_every_year_of_the_cycle() -> None:
    profile = Profile(sets=(HeldSet("royal_college", renews_on=date(2028, 12, 31)),))
    record = [
        cme("CSPS meeting", date(2024, 6, 1), "30"),
        cme("Journal club", date(2025, 3, 1), "20", category=TWO),
        cme("Practice audit (Section 3)", date(2026, 5, 1), "26", "assessment"),
    ]
    rc = only(judge(profile, record, date(2026, 11, 30)), "royal_college")
    assert rc.window == (date(2024, 1, 1), date(2028, 12, 31))
    yearly = rule(rc, "royal_college.each_year")
    assert yearly.earned == Decimal(20) and not yearly.met and yearly.due == date(2025, 12, 31)
    assert "2025: 20.0 credits" in why(yearly)
    assert rule(rc, "royal_college.section3").met


# Ordering --------------------------------------------------------------------------------------


def test_sets_come_most_urgent_first() -> None:
    profile = Profile(
        sets=(
            HeldSet("asps"),
            HeldSet("florida", renews_on=date(2028, 1, 31)),
            HeldSet("texas", renews_on=date(2027, 3, 31)),
            HeldSet("dea_mate", renews_on=date(2027, 5, 31)),
        ),
        dea_registered=True,
    )
    record = [*ASPS_CYCLE, cme("Buprenorphine waiver training", date(2019, 10, 1), "8", "substance_use")]
    order = [v.set.code for v in judge(profile, record, date(2026, 11, 30))]
    # Unmet first by earliest deadline (Texas 2027-03, Florida 2028-01, ASPS 2028-12); DEA is met.
    assert order == ["texas", "florida", "asps", "dea_mate"]


def test_a_set_no_file_ships_any_more_is_left_out() -> None:
    verdicts = judge(Profile(sets=(HeldSet("atlantis"), HeldSet("asps"))), [], date(2026, 11, 30))
    assert [v.set.code for v in verdicts] == ["asps"]
