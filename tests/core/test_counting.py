"""Entries count where a plastic surgeon expects (issue 17), in chat, on a real database.

The clock is 2021-04-07 and the member's cycle ends in 2022: this cycle is
2020–2022, the previous one 2017–2019.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot import messages as say
from bot.conversation import Conversation
from bot.domain import FLAG_AUTO_UPLOADED
from bot.envelope import Attachment, Inbound, ReplyKind
from bot.ports import Member
from bot.understanding import Intent
from storage.store import SqlStore
from tests.conftest import say as chat
from tests.core.test_conversation import STEVE, log_fields, send

BREAST = "Outcomes of Prepectoral Implant-Based Breast Reconstruction"


def topic_fields(
    title: str, provider: str = "Lakeshore University Hospital", **more: object
) -> dict[str, object]:
    """An activity whose message named no plastic-surgery credits."""
    return log_fields(title=title, provider=provider, plastic_surgery_credits=None, **more)


async def test_a_plastic_topic_counts_all_its_credits_and_says_so(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, topic_fields(BREAST))
    assert reply.kind is ReplyKind.RECORDED
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.5")
    why = say.TOPIC_WHY_TITLE.format(term="breast reconstruction")
    assert say.TOPIC_PLASTIC.format(credits="1.5", why=why) in reply.text
    assert "plastic surgery credits = 0" not in reply.text


async def test_not_plastics_takes_the_credit_back_and_the_summary_shows_the_move(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, topic_fields(BREAST))
    reply = await chat(conversation, "not plastics")
    assert reply.kind is ReplyKind.EDITED
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00")
    assert "✗ Plastic Surgery: 1.5 → 0 of 50 — 50 to go" in reply.text
    assert "✗ Patient Safety: 0.5 of 20 — 19.5 to go" in reply.text  # did not move: no arrow


async def test_a_clearly_other_topic_counts_none_and_that_was_plastics_counts_all(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, topic_fields("Safe Opioid Prescribing for Surgeons"))
    assert reply.kind is ReplyKind.RECORDED
    why = say.TOPIC_WHY_TITLE.format(term="opioid")
    assert say.TOPIC_OTHER.format(why=why) in reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00")
    fixed = await chat(conversation, "that was plastics")
    assert fixed.kind is ReplyKind.EDITED
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")
    assert "Plastic Surgery: 0 → 1.5 of 50" in fixed.text


async def test_an_unsure_topic_is_recorded_at_zero_out_loud_and_a_word_counts_it(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, topic_fields("Grand Rounds", activity_type="rss"))
    assert reply.kind is ReplyKind.RECORDED
    assert say.TOPIC_UNSURE.format(credits="1.5") in reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00")
    done = await chat(conversation, "that was plastics")
    assert done.kind is ReplyKind.EDITED
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")


async def test_a_plastic_surgery_society_decides_when_the_title_does_not(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(
        conversation, Intent.LOG, topic_fields("Spring Meeting 2021", provider="The Aesthetic Society")
    )
    assert reply.kind is ReplyKind.RECORDED
    why = say.TOPIC_WHY_PROVIDER.format(provider="The Aesthetic Society")
    assert say.TOPIC_PLASTIC.format(credits="1.5", why=why) in reply.text


async def test_an_other_title_is_not_plastics_even_from_a_plastic_surgery_society(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    fields = topic_fields("ICD-10 Coding Update", provider="The Aesthetic Society")
    reply = await send(conversation, Intent.LOG, fields)
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00"), reply.text


async def test_a_stated_plastic_surgery_amount_is_kept_as_said(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(
        conversation, Intent.LOG, log_fields(title=BREAST, plastic_surgery_credits=Decimal("0.5"))
    )
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.50")
    assert "as plastic surgery" not in reply.text


async def test_a_correction_can_name_the_entry(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await send(conversation, Intent.LOG, topic_fields(BREAST))
    await send(conversation, Intent.LOG, topic_fields("Advanced Rhinoplasty", start_date=date(2021, 4, 1)))
    reply = await chat(conversation, "#1 not plastics please")
    assert reply.kind is ReplyKind.EDITED and reply.entries[0].number == 1
    first, second = await store.entries(member.id)
    assert first.activity.plastic_surgery_credits == Decimal("0.00")
    assert second.activity.plastic_surgery_credits == Decimal("1.50")


async def test_the_previous_cycle_is_named_and_its_report_includes_the_entry(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, topic_fields(BREAST, start_date=date(2018, 12, 14)))
    assert reply.kind is ReplyKind.RECORDED
    assert say.PREVIOUS_CYCLE.format(date="2018-12-14", start="2017", end="2019") in reply.text
    assert "→" not in reply.text  # nothing in this cycle moved
    report = await chat(conversation, "csv report previous cycle")
    assert report.kind is ReplyKind.REPORT
    assert [f.filename for f in report.files] == ["cme-report-cycle-2019.csv"]
    assert "Prepectoral" in report.files[0].data.decode("utf-8-sig")
    assert report.summary is not None and report.summary.totals.plastic_surgery == Decimal("1.50")


async def test_an_activity_older_than_the_previous_cycle_is_asked_about_first(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await send(conversation, Intent.LOG, topic_fields(BREAST, start_date=date(2015, 6, 1)))
    assert draft.kind is ReplyKind.DRAFT
    assert any(
        p.startswith("Dated 2015-06-01: that's in the cycle ending in 2016 (2014–2016)")
        for p in draft.problems
    )
    assert await store.entries(member.id) == []
    done = await chat(conversation, "yes")
    assert done.kind is ReplyKind.RECORDED
    assert len(await store.entries(member.id)) == 1


async def test_this_cycle_gets_no_cycle_notice(conversation: Conversation, member: Member) -> None:
    reply = await send(conversation, Intent.LOG, topic_fields(BREAST, start_date=date(2020, 1, 1)))
    assert reply.kind is ReplyKind.RECORDED
    assert "cycle (" not in reply.text.split("\n\n")[0]


async def test_recording_and_deleting_mark_only_the_lines_that_moved(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    first = await send(
        conversation, Intent.LOG, log_fields(patient_safety_credits=Decimal("12.5"), credits=Decimal(61))
    )
    assert first.kind is ReplyKind.DRAFT  # 61 credits in a day is asked about
    first = await chat(conversation, "yes")
    assert "✓ Category 1: 0 → 61 of 60" in first.text
    assert "✗ Patient Safety: 0 → 12.5 of 20 — 7.5 to go" in first.text
    second = await send(
        conversation,
        Intent.LOG,
        log_fields(
            title="Sedation Safety",
            patient_safety_credits=Decimal(1),
            plastic_surgery_credits=Decimal(0),
            credits=Decimal(1),
        ),
    )
    assert "✗ Patient Safety: 12.5 → 13.5 of 20 — 6.5 to go" in second.text
    assert "✓ Category 1: 61 → 62 of 60" in second.text
    assert "\n✗ Total (Cat. 1 + Cat. 2): 61 → 62 of 150 — 88 to go" in second.text
    assert "\n✗ Plastic Surgery: 1.5 of 50 — 48.5 to go" in second.text  # did not move
    gone = await chat(conversation, "undo")
    assert gone.kind is ReplyKind.DELETED
    assert "✗ Patient Safety: 13.5 → 12.5 of 20 — 7.5 to go" in gone.text


async def test_a_summary_on_its_own_has_no_arrows(conversation: Conversation, member: Member) -> None:
    await send(conversation, Intent.LOG, log_fields())
    reply = await chat(conversation, "summary")
    assert reply.kind is ReplyKind.SUMMARY and "→" not in reply.text


async def test_jointly_provided_asps_activities_get_the_warning_and_the_mark(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    providers = ["ASPS/PSF", "ASPS Education Network", "Jointly provided by ASPS and Lakeshore Hospital"]
    for day, provider in enumerate(providers, start=1):
        reply = await send(
            conversation, Intent.LOG, log_fields(provider=provider, start_date=date(2021, 4, day))
        )
        assert reply.kind is ReplyKind.RECORDED, reply.text
        assert say.AUTO_UPLOADED.format(society="ASPS") in reply.text
    entries = await store.entries(member.id)
    assert [FLAG_AUTO_UPLOADED in e.flags for e in entries] == [True, True, True]


async def test_a_provider_merely_containing_the_letters_is_not_asps(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await send(conversation, Intent.LOG, log_fields(provider="Aspsen Valley Hospital"))
    [entry] = await store.entries(member.id)
    assert FLAG_AUTO_UPLOADED not in entry.flags and "Heads up" not in reply.text


BREAST_CERTIFICATE = [
    "Lakeshore University Hospital",
    "This certifies that Steve Sample, MD",
    f'participated in the live activity "{BREAST}"',
    "held on December 14, 2020 in Chicago, IL",
    "and is awarded 1.5 AMA PRA Category 1 Credits™.",
    "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical education.",
]


async def test_the_2020_breast_reconstruction_certificate_counts_as_plastics_in_the_previous_cycle(
    conversation: Conversation, store: SqlStore
) -> None:
    from tests.conftest import add_member
    from tests.email.files import certificate_pdf

    member = await add_member(store, cycle_end=2023)  # this cycle 2021–2023, the previous 2018–2020
    pdf = Attachment("certificate.pdf", "application/pdf", certificate_pdf(BREAST_CERTIFICATE))
    reply = await conversation.handle(Inbound(source="email", sender=STEVE, attachments=(pdf,)))
    assert reply.kind is ReplyKind.RECORDED, reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")
    assert "I counted all 1.5 as plastic surgery" in reply.text
    assert say.PREVIOUS_CYCLE.format(date="2020-12-14", start="2018", end="2020") in reply.text
    previous = await chat(conversation, "csv report previous cycle")
    assert previous.summary is not None and previous.summary.totals.plastic_surgery == Decimal("1.50")


async def test_category_2_is_counted_as_plastics_only_when_the_member_says_so(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    fields = topic_fields(BREAST, provider=None, category="2", activity_type="journal")
    reply = await send(conversation, Intent.LOG, fields)
    assert reply.kind is ReplyKind.RECORDED
    assert "plastic surgery credits = 0" in reply.text and "as plastic surgery" not in reply.text
    fixed = await chat(conversation, "that was plastics")
    assert fixed.kind is ReplyKind.EDITED
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")


async def test_a_certificate_jointly_provided_by_asps_is_marked_though_another_is_the_provider(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    from tests.email.files import certificate_pdf

    lines = [
        "Lakeshore University Hospital",
        "This certifies that Steve Sample, MD",
        'participated in the live activity "Hand Trauma Update"',
        "held on March 3, 2021 in Chicago, IL",
        "and is awarded 2 AMA PRA Category 1 Credits™.",
        "This activity was jointly provided by ASPS and Lakeshore University Hospital.",
        "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical education.",
    ]
    pdf = Attachment("certificate.pdf", "application/pdf", certificate_pdf(lines))
    reply = await conversation.handle(Inbound(source="email", sender=STEVE, attachments=(pdf,)))
    assert reply.kind is ReplyKind.RECORDED, reply.text
    [entry] = await store.entries(member.id)
    assert entry.activity.provider == "Lakeshore University Hospital"
    assert FLAG_AUTO_UPLOADED in entry.flags
    assert say.AUTO_UPLOADED.format(society="ASPS") in reply.text
