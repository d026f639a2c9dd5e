"""A bare "undo" takes back the last change, whatever it was.

It once deleted the newest entry whatever the last change had been: after
"delete #2" it deleted #1 as well, and after a correction it deleted the entry
corrected. A wrong record the member did not see coming; now a delete is
restored, a correction is asked about, and a new entry is deleted as before.
"""

from __future__ import annotations

from decimal import Decimal

from bot.conversation import Conversation
from bot.envelope import ReplyKind
from bot.ports import Member
from storage.store import SqlStore
from tests.conftest import say

LOGS = [
    "log 1 cat 2 reading PRS on 4/1",
    "log 1 cat 2 reading ASJ on 4/2",
    "log 2 cat 2 aesthetic podcast on 4/3",
]


async def _numbers(store: SqlStore, member: Member) -> list[int]:
    return sorted(e.number for e in await store.entries(member.id) if not e.deleted)


async def _three(conversation: Conversation) -> None:
    for text in LOGS:
        assert (await say(conversation, text)).kind is ReplyKind.RECORDED


async def test_undo_after_a_delete_restores_every_entry_it_deleted(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _three(conversation)
    assert (await say(conversation, "delete #2 #3")).kind is ReplyKind.DELETED
    reply = await say(conversation, "undo")
    assert reply.text.startswith("Restored #2") and "Restored #3" in reply.text
    assert await _numbers(store, member) == [1, 2, 3]
    assert reply.summary is not None and reply.summary.totals.category2 == Decimal("4.00")


async def test_oops_undo_that_after_a_delete_restores_only_that_delete(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _three(conversation)
    await say(conversation, "delete #1")
    await say(conversation, "delete #3")
    await say(conversation, "oops undo that")
    assert await _numbers(store, member) == [2, 3]


async def test_undo_after_a_correction_asks_and_changes_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _three(conversation)
    edited = await say(conversation, "make #1 3 credits")
    assert edited.kind is ReplyKind.EDITED
    assert [a.id for a in edited.actions] == ["edit"]  # no button that would delete what was corrected
    reply = await say(conversation, "undo")
    assert reply.kind is ReplyKind.ANSWER and "correction to #1" in reply.text
    assert await _numbers(store, member) == [1, 2, 3]
    entry = await store.entry(member.id, 1)
    assert entry is not None and entry.activity.credits == Decimal("3.00")


async def test_undo_after_a_new_entry_still_deletes_it(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _three(conversation)
    reply = await say(conversation, "undo")
    assert reply.kind is ReplyKind.DELETED and reply.text.startswith("Deleted #3")
    assert await _numbers(store, member) == [1, 2]


async def test_delete_the_last_one_names_an_entry_and_is_no_undo(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await _three(conversation)
    await say(conversation, "delete #1")
    reply = await say(conversation, "delete the last one")
    assert reply.kind is ReplyKind.DELETED
    assert await _numbers(store, member) == [2]


async def test_a_new_total_carries_subject_credits_that_were_all_of_the_old_one(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(
        conversation,
        "2 cat 1 rhinoplasty grand rounds on 4/1, provider Baylor College of Medicine, 2 plastic surgery",
    )
    reply = await say(conversation, "actually it was 1.5")
    assert reply.kind is ReplyKind.EDITED
    entry = await store.entry(member.id, 1)
    assert entry is not None
    assert (entry.activity.credits, entry.activity.plastic_surgery_credits) == (
        Decimal("1.50"),
        Decimal("1.50"),
    )


async def test_subject_credits_named_with_the_new_total_are_the_members(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await say(
        conversation,
        "2 cat 1 rhinoplasty grand rounds on 4/1, provider Baylor College of Medicine, 2 plastic surgery",
    )
    await say(conversation, "make #1 3 credits, 1 plastic surgery")
    entry = await store.entry(member.id, 1)
    assert entry is not None
    assert (entry.activity.credits, entry.activity.plastic_surgery_credits) == (
        Decimal("3.00"),
        Decimal("1.00"),
    )
