"""A realistic sample record, for the README's picture of page 1 and the benchmark.

The first entries are the seed portal's own CME report (Steve Sample, ID#
22428, "Spring Meeting 2021" listed twice); the rest are the kinds of
activity a plastic surgeon logs, with the characters that break weak PDF code
(™, em dashes, accents, very long titles).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.domain import FLAG_AUTO_UPLOADED, FLAG_DUPLICATE, Activity, ActivityType, Category, RecordedActivity
from bot.ports import Member
from bot.reports.data import ReportData
from bot.requirements import Totals, cycle_ending, summarize

ASPS = "American Society of Plastic Surgeons"

# title, provider, type, category, start, end, credits, plastic surgery, patient safety
SEED: tuple[tuple[str, str | None, ActivityType, Category, date, date, str, str, str], ...] = (
    (
        "Spring Meeting 2021",
        ASPS,
        ActivityType.LIVE,
        Category.ONE,
        date(2021, 3, 20),
        date(2021, 3, 22),
        "13",
        "13",
        "6",
    ),
    (
        "Spring Meeting 2021",
        ASPS,
        ActivityType.LIVE,
        Category.ONE,
        date(2021, 3, 20),
        date(2021, 3, 22),
        "13",
        "13",
        "6",
    ),
    (
        "Fundamentals in Plastic Surgery at 2021 Spring Meeting BREAST",
        ASPS,
        ActivityType.LIVE,
        Category.ONE,
        date(2021, 3, 22),
        date(2021, 3, 22),
        "4.5",
        "4.5",
        "1.75",
    ),
    (
        "Fundamentals in Plastic Surgery at 2021 Spring Meeting BODY",
        ASPS,
        ActivityType.LIVE,
        Category.ONE,
        date(2021, 3, 22),
        date(2021, 3, 22),
        "1.25",
        "1.25",
        "0.5",
    ),
    (
        "Best of Hot Topics and Then Some",
        ASPS,
        ActivityType.LIVE,
        Category.ONE,
        date(2021, 3, 22),
        date(2021, 3, 22),
        "1",
        "1",
        "0.5",
    ),
    (
        "Journal CME Article: Update on Liposuction: What All Plastic Surgeons Should Know",
        ASPS,
        ActivityType.JOURNAL,
        Category.ONE,
        date(2021, 3, 23),
        date(2021, 3, 23),
        "1",
        "1",
        "0.5",
    ),
    (
        "Journal CME Article: Current Use of Cosmetic Toxins to Improve Facial Aesthetics",
        ASPS,
        ActivityType.JOURNAL,
        Category.ONE,
        date(2021, 3, 23),
        date(2021, 3, 23),
        "1",
        "1",
        "0.5",
    ),
    (
        "2021 In-Service Exam: Hand and Lower Extremity Module",
        ASPS,
        ActivityType.ENDURING,
        Category.ONE,
        date(2021, 4, 6),
        date(2021, 4, 6),
        "7.5",
        "7.5",
        "1.5",
    ),
)

OTHERS: tuple[tuple[str, str | None, ActivityType, Category, str, str, str], ...] = (
    ("Plastic Surgery Grand Rounds — Microsurgical Breast Reconstruction: Flap Salvage and Outcomes",
     "Lakeshore University Hospital", ActivityType.RSS, Category.ONE, "1", "1", "0.25"),
    ("Congrès de chirurgie plastique — Rhinoplastie esthétique et fonctionnelle",
     "Société Française de Chirurgie Plastique Reconstructrice et Esthétique", ActivityType.LIVE,
     Category.ONE, "6", "6", "1"),
    ("Reading: Plastic and Reconstructive Surgery, vol. 147 — aesthetic section", None,
     ActivityType.OTHER, Category.TWO, "2", "2", "0"),
    ("Opioid Prescribing: Safe Practice, Changing Lives (AMA PRA Category 1 Credit™)",
     "Boston University School of Medicine", ActivityType.ENDURING, Category.ONE, "3", "0", "3"),
    ("Hand Surgery Update 2020: Nerve Transfers, Tendon Repair, Replantation and the Management "
     "of Complex Upper-Extremity Trauma in the Era of Wide-Awake Local Anesthesia No Tourniquet",
     "American Association for Hand Surgery", ActivityType.LIVE, Category.ONE, "10.5", "8", "2"),
    ("Teaching residents: cleft lip and palate clinic", None, ActivityType.TEACHING, Category.TWO,
     "4", "4", "0"),
    ("Pacific Northwest Plastic Surgery Annual Meeting", "Northwest Society of Plastic Surgeons",
     ActivityType.LIVE, Category.ONE, "8", "8", "1.5"),
    ("Internet point-of-care: venous thromboembolism prophylaxis in abdominoplasty",
     "UpToDate (Wolters Kluwer)", ActivityType.INTERNET_POC, Category.ONE, "0.5", "0.5", "0.5"),
)  # fmt: skip

SAMPLE_MEMBER = Member(
    id=1,
    name="Steve Sample, MD, FACS",
    email="ssample@plasticsurgery.org",
    timezone="America/New_York",
    cycle_end_year=2022,
    asps_id="22428",
    home_city="Dallas",
    home_state="TX",
    home_country="US",
)


def _recorded(number: int, row: tuple[object, ...], start: date, end: date) -> RecordedActivity:
    title, provider, kind, category, credits, plastic, safety = row
    activity = Activity(
        title=str(title),
        start_date=start,
        end_date=end,
        activity_type=kind,  # type: ignore[arg-type]
        category=category,  # type: ignore[arg-type]
        credits=Decimal(str(credits)),
        provider=provider,  # type: ignore[arg-type]
        patient_safety_credits=Decimal(str(safety)),
        plastic_surgery_credits=Decimal(str(plastic)),
        city="Dallas",
        state="TX",
        country="US",
    )
    flags = (
        {FLAG_AUTO_UPLOADED}
        if provider
        and ("American Society of Plastic" in str(provider) or "Northwest Society" in str(provider))
        else set()
    )
    return RecordedActivity(number=number, activity=activity, flags=frozenset(flags))  # fmt: skip


def sample_entries(count: int | None = None) -> list[RecordedActivity]:
    """The seed's eight entries, then `count - 8` more cycled from OTHERS across 2020–2022."""
    entries: list[RecordedActivity] = []
    for title, provider, kind, category, start, end, credits, plastic, safety in SEED:
        row = (title, provider, kind, category, credits, plastic, safety)
        entries.append(_recorded(len(entries) + 1, row, start, end))
    entries[1] = RecordedActivity(2, entries[1].activity, entries[1].flags | {FLAG_DUPLICATE})
    total = count if count is not None else len(SEED) + len(OTHERS)
    day = date(2020, 1, 9)
    while len(entries) < total:
        row = OTHERS[(len(entries) - len(SEED)) % len(OTHERS)]
        span = 2 if row[2] is ActivityType.LIVE and row[4] in ("6", "10.5") else 0
        entries.append(_recorded(len(entries) + 1, row, day, day + timedelta(days=span)))
        day += timedelta(days=max(1, 1000 // max(total, 1)))
        if day > date(2022, 12, 1):
            day = date(2020, 1, 9)
    ordered = sorted(entries[:total], key=lambda e: (e.activity.start_date, e.number))
    # Numbered in date order, as a member logging as they go would see them.
    return [RecordedActivity(i, e.activity, e.flags) for i, e in enumerate(ordered, start=1)]


def sample_report(count: int | None = None, member: Member = SAMPLE_MEMBER) -> ReportData:
    """A cycle-ending-2022 report as the store would build it, without a database."""
    entries = sample_entries(count)
    period = cycle_ending(2022)
    c1 = sum((e.activity.credits for e in entries if e.activity.category is Category.ONE), Decimal(0))
    c2 = sum((e.activity.credits for e in entries if e.activity.category is Category.TWO), Decimal(0))
    totals = Totals(
        category1=c1,
        category2=c2,
        plastic_surgery=sum((e.activity.plastic_surgery_credits for e in entries), Decimal(0)),
        patient_safety=sum((e.activity.patient_safety_credits for e in entries), Decimal(0)),
        entries=len(entries),
    )
    now = datetime(2021, 4, 7, 11, 0, tzinfo=ZoneInfo(member.timezone))
    return ReportData(
        member=member,
        period=period,
        summary=summarize(period, totals, now.date()),
        entries=entries,
        generated_at=now,
    )
