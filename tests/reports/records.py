"""A realistic record in a real store: the seed portal's entries plus the awkward cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    Activity,
    ActivityType,
    Category,
    RecordedActivity,
)
from bot.ports import Identity, Member, NewDocument, NewEntry
from bot.reports import ReportData, build_report
from bot.requirements import cycle_ending
from storage.store import SqlStore

# 2021-04-07 11:00 in New York, as in tests/conftest.py's NOW.
NOW = datetime(2021, 4, 7, 15, 0, tzinfo=UTC)
TODAY = date(2021, 4, 7)
ASPS = "American Society of Plastic Surgeons"
CYCLE_2022 = cycle_ending(2022)


def activity(
    title: str,
    day: date,
    credits: str,
    *,
    provider: str | None = "Lakeshore University Hospital",
    category: Category = Category.ONE,
    kind: ActivityType = ActivityType.LIVE,
    end: date | None = None,
    plastic: str = "0",
    safety: str = "0",
) -> Activity:
    return Activity(
        title=title,
        start_date=day,
        end_date=end or day,
        activity_type=kind,
        category=category,
        credits=Decimal(credits),
        provider=provider if category is Category.ONE else None,
        patient_safety_credits=Decimal(safety),
        plastic_surgery_credits=Decimal(plastic),
        city="Dallas",
        state="TX",
        country="US",
    )


def seed_entries() -> list[NewEntry]:
    spring = activity(
        "Spring Meeting 2021",
        date(2021, 3, 20),
        "13",
        provider=ASPS,
        end=date(2021, 3, 22),
        plastic="13",
        safety="6",
    )
    return [
        NewEntry(spring, frozenset({FLAG_AUTO_UPLOADED})),
        NewEntry(spring, frozenset({FLAG_AUTO_UPLOADED, FLAG_DUPLICATE})),
        NewEntry(
            activity(
                "Journal CME Article: Update on Liposuction: What All Plastic Surgeons Should Know",
                date(2021, 3, 23),
                "1",
                provider=ASPS,
                kind=ActivityType.JOURNAL,
                plastic="1",
                safety="0.5",
            ),
            frozenset({FLAG_AUTO_UPLOADED}),
        ),
        NewEntry(
            activity(
                "Opioid Prescribing: Safe Practice, Changing Lives (AMA PRA Category 1 Credit™)",
                date(2020, 7, 13),
                "3",
                provider="Boston University School of Medicine",
                kind=ActivityType.ENDURING,
                safety="3",
            )
        ),
        NewEntry(
            activity(
                "Congrès de chirurgie plastique — Rhinoplastie esthétique",
                date(2020, 3, 11),
                "6",
                provider="Société Française de Chirurgie Plastique",
                end=date(2020, 3, 13),
                plastic="6",
                safety="1",
            )
        ),
        NewEntry(
            activity(
                'Reading "PRS", vol. 147, aesthetic section',
                date(2021, 1, 5),
                "2",
                category=Category.TWO,
                kind=ActivityType.OTHER,
                plastic="2",
            )
        ),
        NewEntry(activity("=HYPERLINK(evil) grand rounds", date(2021, 2, 3), "1.25", kind=ActivityType.RSS)),
        NewEntry(activity("Line one\nline two, with comma", date(2021, 2, 4), "0.5")),
    ]


async def add_steve(store: SqlStore, email: str = "steve@example.org", home: bool = True) -> Member:
    return await store.create_member(
        name="Steve Sample, MD, FACS",
        timezone="America/New_York",
        identities=[Identity("email", email, verified=True)],
        cycle_end_year=2022,
        asps_id="22428",
        home=("Dallas", "TX", "US") if home else (None, None, None),
    )


async def seed(store: SqlStore, member: Member) -> list[RecordedActivity]:
    return await store.record(member.id, seed_entries())


async def seed_with_certificates(store: SqlStore, member: Member) -> list[RecordedActivity]:
    """The seed record, with certificate files kept for the first and third entries."""
    entries = seed_entries()
    pdf_id, jpg_id, stray_id, outside_id = await store.store_documents(
        member.id,
        [
            NewDocument("../../etc/passwd", "application/pdf", b"%PDF-1.4 spring meeting certificate"),
            NewDocument("IMG 0001.HEIC", "image/jpeg", b"\xff\xd8\xff\xe0 photo of the certificate"),
            NewDocument("stray.pdf", "application/pdf", b"%PDF-1.4 never linked"),
            NewDocument("old.pdf", "application/pdf", b"%PDF-1.4 from 2018"),
        ],
    )
    entries[0] = NewEntry(entries[0].activity, entries[0].flags, document_ids=(pdf_id, jpg_id))
    entries[2] = NewEntry(entries[2].activity, entries[2].flags, document_ids=(stray_id,))
    old = NewEntry(activity("Old meeting", date(2018, 5, 1), "2"), document_ids=(outside_id,))
    return await store.record(member.id, [*entries, old])


async def cycle_report(store: SqlStore, member: Member, *, with_documents: bool = False) -> ReportData:
    return await build_report(store, member, CYCLE_2022, TODAY, NOW, with_documents=with_documents)
