"""Reading an entry's topics from its title and certificate (issue 14).

Titles below are invented the way course catalogues word them; each topic
has several, and the look-alikes that must not count are as important.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from bot.drafting import from_storable, merge, to_storable
from bot.entry_topics import entry_topics
from bot.understanding import understand
from bot.understanding.entry_topics_reading import (
    applied,
    change_field,
    from_field,
    read_topics,
    to_field,
    topics_named,
)

NOW = datetime(2021, 4, 7, 9, 0, tzinfo=ZoneInfo("America/New_York"))

POSITIVES: dict[str, list[str]] = {
    "ethics": [
        "Ethics in Aesthetic Practice",
        "Ethical Dilemmas in Cosmetic Surgery",
        "Bioethics Grand Rounds",
    ],
    "professional_responsibility": [
        "Professionalism and the Surgeon",
        "Professional Responsibility in Social Media Marketing",
        "Maintaining Professional Boundaries with Patients",
    ],
    "opioids": [
        "Safe Opioid Prescribing After Outpatient Surgery",
        "SCOPE of Pain: Safer Opioid Prescribing",
        "Naloxone Co-Prescribing for Surgeons",
        "Opioid-Sparing Anesthesia in Abdominoplasty",
    ],
    "substance_use": [
        "Recognizing Substance Use Disorders in Surgical Patients",
        "Addiction Medicine for the Non-Specialist",
        "MATE Act Training: Treating Opioid Use Disorder",
    ],
    "controlled_substances": [
        "Controlled Substance Prescribing: Texas Rules",
        "DEA Registration and Prescribing Practices",
    ],
    "pain_management": [
        "Multimodal Analgesia in Breast Surgery",
        "Chronic Pain After Mastectomy",
        "Palliative Care Principles for Surgeons",
    ],
    "medical_errors": [
        "Prevention of Medical Errors (Florida 2-hour course)",
        "Medication Errors in the Ambulatory Surgery Center",
        "Root Cause Analysis of Wrong-Site Surgery",
    ],
    "risk_management": [
        "Risk Management for Plastic Surgeons",
        "Patient Safety in Office-Based Anesthesia",
        "Informed Consent Pitfalls and Malpractice Claims",
    ],
    "domestic_violence": [
        "Domestic Violence: Screening in the Clinic",
        "Intimate Partner Violence and Facial Trauma",
    ],
    "human_trafficking": [
        "Human Trafficking Awareness for Health Care Providers",
        "Recognizing Victims of Sex Trafficking",
    ],
    "implicit_bias": [
        "Implicit Bias in Health Care",
        "Unconscious Bias Training for Surgical Faculty",
        "Addressing Implicit Biases in Aesthetic Consultations",
    ],
    "infection_control": [
        "Infection Control in the Office OR (NY mandatory)",
        "Hand Hygiene and Surgical Site Infections",
        "Sepsis and Infection Prevention",
    ],
    "child_abuse": [
        "Child Abuse Recognition and Reporting",
        "Mandated Reporter Training (New York)",
        "Burns and Child Maltreatment",
    ],
    "end_of_life": [
        "End-of-Life Conversations",
        "Advance Directives in the Surgical Patient",
        "Hospice Referral",
    ],
    "dementia": [
        "Alzheimer's Disease and Consent",
        "Dementia and Postoperative Delirium",
        "Cognitive Impairment in Older Surgical Patients",
    ],
    "cultural_competency": [
        "Cultural Competency in Aesthetic Surgery",
        "Health Equity Grand Rounds",
        "Social Determinants of Health and Wound Healing",
    ],
    "sexual_harassment": [
        "Sexual Harassment Prevention (California AB 1825)",
        "Preventing Workplace Harassment",
    ],
    "hiv_aids": ["HIV/AIDS Update 2021", "Lipodystrophy in HIV", "AIDS-Related Facial Wasting"],
    "board_regulations": [
        "Texas Medical Board Jurisprudence",
        "Laws and Rules for Physicians",
        "Medical Practice Act Review",
    ],
    "ehr": ["EHR Documentation Tips", "Electronic Health Records and Liability", "EMR Charting Shortcuts"],
    "tops": ["TOPS Registry: Tracking Operations and Outcomes", "Entering Your Cases in TOPS"],
    "device_training": ["Device Training: New Tissue Expander"],
    "research": ["Research Methods for the Surgeon-Scientist", "Good Clinical Practice (GCP) Refresher"],
    "accreditation_workshop": ["AAAASF Accreditation Workshop"],
    "assessment": [
        "2021 Self-Assessment Exam: Hand Module",
        "Royal College Section 3 Self Assessment Program",
    ],
}

# Look-alikes: a word of a term inside something else, or the term's word in another sense.
NEGATIVES = [
    "Ethicon Energy Devices Dinner Symposium",
    "Surgical Aids in Rhinoplasty",
    "Visual Aids for Patient Education",
    "Fat Grafting Aids Healing in Radiated Breasts",
    "Tips and Tops of Abdominoplasty",
    "Research Update: Breast Implant Outcomes",
    "Drug Trafficking and Facial Gunshot Wounds",
    "Opioid",  # fine on its own, but see the next: a prefix term never matches inside another word
    "Flap Salvage Strategies",
    "Rhinoplasty Masterclass",
    "Breast Reconstruction Grand Rounds",
    "Hand Surgery Update",
    "Pediatric Cleft Lip Repair",
    "Board Review Course in Plastic Surgery",
    "Laser Resurfacing Essentials",
    "Aesthetic Injectables: Complications",
    "Lifetime of Implants",  # "life" is not "end of life"
    "Error Bars and Statistics for Reviewers",
    "Harassing Phone Calls From Former Patients",
    "Childhood Burn Reconstruction",
]


@pytest.mark.parametrize(("code", "title"), [(c, t) for c, ts in POSITIVES.items() for t in ts])
def test_a_title_about_a_topic_is_read_as_it(code: str, title: str) -> None:
    assert code in read_topics(title)


def test_every_topic_has_titles_here() -> None:
    assert set(POSITIVES) == set(entry_topics())


@pytest.mark.parametrize("title", [t for t in NEGATIVES if t != "Opioid"])
def test_a_look_alike_is_no_topic(title: str) -> None:
    assert read_topics(title) == frozenset()


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("Ethics & Professionalism Webinar", {"ethics", "professional_responsibility"}),
        ("Opioid Use Disorder and Pain Management", {"opioids", "substance_use", "pain_management"}),
        ("Research Ethics", {"research", "ethics"}),
    ],
)
def test_a_title_about_several_topics_carries_them_all(title: str, codes: set[str]) -> None:
    assert read_topics(title) == codes


def _variants(phrase: str) -> list[str]:
    """The same words as catalogues and certificates print them: case, hyphens, punctuation."""
    return [
        phrase.upper(),
        phrase.lower(),
        phrase.title(),
        phrase.replace(" ", "-"),
        f"Grand Rounds: {phrase}.",
        f"({phrase}) — online module",
        f"Update on {phrase}, 2021",
    ]


def _plain_terms() -> list[tuple[str, str]]:
    raw = json.loads(resources.files("bot").joinpath("entry_topics.json").read_text("utf-8"))
    return [
        (t["code"], term.rstrip("*"))
        for t in raw["topics"]
        for term in t["terms"]
        if not term.startswith("=")
    ]


@pytest.mark.parametrize(
    ("code", "text"),
    [(c, v) for c, term in _plain_terms() for v in _variants(term)],
)
def test_every_term_is_read_whatever_its_case_and_punctuation(code: str, text: str) -> None:
    assert code in read_topics(text)


def test_a_prefix_term_matches_words_it_begins_and_no_others() -> None:
    assert "opioids" in read_topics("Opioids and Opiates")
    assert read_topics("Non-opioid alternatives") == {"opioids"}  # "non-opioid" is words "non", "opioid"
    assert read_topics("Ethicon Product Theater") == frozenset()


def test_aids_and_tops_count_only_as_the_disease_and_the_program() -> None:
    assert read_topics("AIDS Update") == {"hiv_aids"}
    assert read_topics("aids update") == frozenset()
    assert read_topics("SURGICAL AIDS AND TOOLS") == frozenset()  # shouting has no case to tell by
    assert read_topics("TOPS data entry") == {"tops"}
    assert read_topics("tops and bottoms") == frozenset()


def test_subject_credit_lines_of_a_certificate_are_not_the_patient_safety_topic() -> None:
    for line in [
        "Patient Safety Credits: 1.0",
        "Plastic Surgery Credits: 6.0    Patient Safety Credits: 1.0",
        "This activity includes 1.0 hour of patient safety content.",
        "Patient safety 0.5",
    ]:
        assert read_topics(line) == frozenset(), line
    assert read_topics("provides 2.0 hours of patient safety / risk management education") == {
        "risk_management"
    }


def test_a_certificate_carries_the_topics_of_its_title_and_its_text() -> None:
    text = (
        "MERCY HOSPITAL CME\nCertificate of Attendance\n"
        "Surgical Airway Emergencies\nMarch 5, 2021\nAwarded to: Dr. Jane Roe\n"
        "Mercy Hospital is accredited by the ACCME to provide continuing medical education for physicians "
        "and designates this live activity for a maximum of 1.0 AMA PRA Category 1 Credit™.\n"
        "This activity meets the Florida requirement for prevention of medical errors.\n"
    )
    understood = understand(text, now=NOW, kind="certificate")
    assert from_field(understood.fields.get("topics")) == {"medical_errors"}
    assert understood.to_json()["fields"]["topics"] == ["medical_errors"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("message", "codes"),
    [
        ('log 1.5 cat 1 "Ethics in Aesthetic Practice" Mercy Hospital yesterday', {"ethics"}),
        ('1 credit cat 1 "Implicit Bias in Health Care" from Mercy Hospital on 3/2', {"implicit_bias"}),
        (
            "log 2 cat 1 Title: Human Trafficking Awareness, provider Mercy Hospital, yesterday",
            {"human_trafficking"},
        ),
    ],
)
def test_a_logged_message_carries_its_titles_topics(message: str, codes: set[str]) -> None:
    understood = understand(message, now=NOW)
    assert from_field(understood.fields.get("topics")) == codes


@pytest.mark.parametrize(
    "message",
    [
        "log 1 cat 1 grand rounds yesterday, 0.5 patient safety",
        'log 2 cat 1 "Flap Salvage" Mercy Hospital yesterday, 1 hr patient safety',
        "log 1.5 cat 1 tumor board yesterday",
    ],
)
def test_a_messages_own_words_about_subject_credits_are_no_topic(message: str) -> None:
    assert "topics" not in understand(message, now=NOW).fields


def test_topics_survive_a_draft_between_messages_and_corrections_add_and_take_off() -> None:
    fields = understand('log 2 cat 1 "Safe Opioid Prescribing" yesterday', now=NOW).fields
    kept = from_storable(to_storable(fields))
    assert from_field(kept["topics"]) == {"opioids"}
    added = merge(kept, {"topics": change_field(add={"ethics", "child_abuse"})})
    assert from_field(added["topics"]) == {"opioids", "ethics", "child_abuse"}
    taken = merge(added, {"topics": change_field(remove={"opioids"})})
    assert from_field(taken["topics"]) == {"ethics", "child_abuse"}
    cleared = merge(taken, {"topics": ""})  # a form with every choice taken off
    assert from_storable(to_storable(cleared))["topics"] == ""
    # A draft that read none keeps none, yet "not …" of the title's own topic still takes it off.
    titled = merge({"title": "Ethics Update"}, {"topics": change_field(remove={"ethics"})})
    assert titled["topics"] == ""


def test_the_field_keeps_one_order_and_drops_what_it_does_not_know() -> None:
    assert to_field({"opioids", "ethics"}) == "ethics,opioids"
    assert from_field("ethics,retired_topic") == {"ethics"}
    assert applied("ethics", "+opioids,-ethics") == "opioids"
    assert applied("ethics", "child_abuse") == "child_abuse"


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        ("ethics", {"ethics"}),
        ("Ethics", {"ethics"}),
        ("opioids", {"opioids"}),
        ("opioid prescribing", {"opioids"}),
        ("pain management", {"pain_management"}),
        ("risk management", {"risk_management"}),
        ("child abuse", {"child_abuse"}),
        ("mandated reporter training", {"child_abuse"}),
        ("HIV/AIDS", {"hiv_aids"}),
        ("end-of-life care", {"end_of_life"}),
        ("Alzheimer's disease and dementia", {"dementia"}),
        ("Self-assessment (Royal College Section 3)", {"assessment"}),
        ("substance_use", {"substance_use"}),
    ],
)
def test_a_member_names_a_topic_by_its_code_label_or_usual_words(words: str, codes: set[str]) -> None:
    assert topics_named(words) == codes


@pytest.mark.parametrize("words", ["pediatrics", "breast", "grand rounds", "", "the"])
def test_words_that_are_no_topic_name_none(words: str) -> None:
    assert topics_named(words) is None


def test_no_two_topics_share_a_bit_or_a_label() -> None:
    topics = list(entry_topics().values())
    for a, b in itertools.combinations(topics, 2):
        assert a.bit != b.bit and a.label != b.label
