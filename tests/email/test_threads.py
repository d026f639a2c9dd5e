"""A reply acts on the draft its e-mail thread names (issue 11, item 14), over real SMTP."""

from __future__ import annotations

from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import Sink, body_of, make_mail, send


async def test_a_threaded_yes_records_the_draft_it_answers_and_no_other(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN two e-mailed activities that each became a draft (150 credits is asked about)
    WHEN the member answers "yes" in the thread of the first
    THEN the first is recorded, and the second still waits — never recorded or dropped."""
    member = await add_member(store)
    for mid, title in (("<first@example.org>", "First Course"), ("<second@example.org>", "Second Course")):
        body = f'log 150 cat 1 "{title}" on 4/1/2021, Mercy Hospital'
        await send(door.port, make_mail(body, message_id=mid))
    drafts = await sink.wait(2)
    assert all("draft" in body_of(d.message) for d in drafts)
    yes = make_mail(
        "yes",
        subject="Re: CME",
        headers={"In-Reply-To": "<first@example.org>", "References": "<first@example.org>"},
    )
    await send(door.port, yes)
    replies = await sink.wait(3)
    assert "Recorded #1" in body_of(replies[-1].message)
    [entry] = await store.entries(member.id)
    assert entry.activity.title == "First Course"
    [waiting] = await store.open_drafts(member.id)
    assert waiting.activities[0]["title"] == "Second Course"
