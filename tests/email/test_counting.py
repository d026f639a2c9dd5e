"""Issue 17 over real SMTP: a forwarded certificate counts as plastics, in the cycle it belongs to.

Mail is handled at the time it arrives (the real clock), so the certificate
dates are placed relative to today.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.requirements import previous_cycle
from handlers.email.door import EmailDoor
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import BOT, Sink, body_of, make_mail, send
from tests.email.files import certificate_pdf

TITLE = "Outcomes of Prepectoral Implant-Based Breast Reconstruction"


def certificate(day: date) -> bytes:
    return certificate_pdf(
        [
            "Lakeshore University Hospital",
            "This certifies that Steve Sample, MD",
            f'participated in the live activity "{TITLE}"',
            f"held on {day:%B} {day.day}, {day.year} in Chicago, IL",
            "and is awarded 1.5 AMA PRA Category 1 Credits™.",
            "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical"
            " education.",
        ]
    )


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_a_certificate_from_the_previous_cycle_counts_as_plastics_and_says_which_cycle(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    member = await add_member(store, cycle_end=2028)
    previous = previous_cycle(date.today(), 2028)
    day = date(previous.end.year, 12, 14)
    mail = make_mail(
        "please log",
        subject="Fwd: certificate",
        attachments=[(certificate(day), "application/pdf", "cert.pdf")],
    )
    await send(door.port, mail)
    [reply] = await sink.wait(1)
    text = flat(body_of(reply.message))
    assert "Recorded #1" in text, text
    said = (
        'I counted all 1.5 as plastic surgery (the title says “breast reconstruction”) — say "not plastics"'
    )
    assert said in text
    years = f"({previous.start.year}–{previous.end.year})"
    assert f"Dated {day.isoformat()}: that's your previous cycle {years}, not this one" in text
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")


async def test_the_2020_certificate_is_asked_about_then_recorded_and_not_plastics_corrects_it(
    store: SqlStore, door: EmailDoor, sink: Sink
) -> None:
    member = await add_member(store, cycle_end=2028)
    mail = make_mail(
        "",
        subject="Fwd: certificate",
        attachments=[(certificate(date(2020, 12, 14)), "application/pdf", "cert.pdf")],
    )
    await send(door.port, mail)
    [draft] = await sink.wait(1)
    text = flat(body_of(draft.message))
    assert "I haven't recorded this yet" in text and "1.5 plastic surgery" in text, text
    assert (
        "Dated 2020-12-14: that's in the cycle ending in 2022 (2020–2022), before your previous cycle" in text
    )
    assert await store.entries(member.id) == []

    async def answer(words: str, after: int) -> str:
        await send(door.port, make_mail(words, subject="Re: Fwd: certificate", to=BOT))
        replies = await sink.wait(after)
        return flat(body_of(replies[after - 1].message))

    assert "Recorded #1" in await answer("yes", 2)
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")
    assert "Updated #1" in await answer("not plastics", 3)
    [entry] = await store.entries(member.id)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00")
