"""An entry's topics in chat (issue 14): read from the title, said aloud, corrected in words.

Real database (SQLite and PostgreSQL), the real conversation; the clock is
2021-04-07 (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from bot import messages as say
from bot.conversation import Conversation
from bot.envelope import ReplyKind
from bot.ports import Member
from bot.understanding import wording
from bot.understanding.topic_corrections import correction
from storage.store import SqlStore
from tests.conftest import say as chat

ETHICS_LOG = 'log 1.5 cat 1 "Ethics in Aesthetic Practice" Lakeshore University Hospital yesterday'
BOARD_LOG = "log 1 cat 1 tumor board at Lakeshore University Hospital yesterday"


async def topics_of(store: SqlStore, member: Member, number: int) -> frozenset[str]:
    entry = await store.entry(member.id, number)
    assert entry is not None
    return entry.activity.topics


async def test_a_title_about_ethics_is_recorded_as_ethics_and_the_reply_says_so(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await chat(conversation, ETHICS_LOG)
    assert reply.kind is ReplyKind.RECORDED
    assert await topics_of(store, member, 1) == {"ethics"}
    assert say.TOPICS_PART.format(topics="Ethics") in reply.text


async def test_an_entry_without_topics_reads_as_it_always_did(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await chat(conversation, BOARD_LOG)
    assert reply.kind is ReplyKind.RECORDED
    assert await topics_of(store, member, 1) == frozenset()
    assert "counts toward" not in reply.text


@pytest.mark.parametrize(
    "words",
    [
        "not ethics",
        "that wasn't ethics",
        "that doesn't count as ethics",
        "remove the ethics topic",
        "#1 not ethics",
    ],
)
async def test_a_word_takes_a_topic_off(
    conversation: Conversation, store: SqlStore, member: Member, words: str
) -> None:
    await chat(conversation, ETHICS_LOG)
    reply = await chat(conversation, words)
    assert reply.kind is ReplyKind.EDITED
    assert await topics_of(store, member, 1) == frozenset()
    assert "counts toward" not in reply.text.split("\n")[0]


@pytest.mark.parametrize(
    ("words", "added"),
    [
        ("that counts as opioids", {"opioids"}),
        ("that was also opioid CME", {"opioids"}),
        ("it also counted toward risk management and implicit bias", {"risk_management", "implicit_bias"}),
        ("tag it as child abuse", {"child_abuse"}),
        ("add end-of-life to #1", {"end_of_life"}),
    ],
)
async def test_a_word_adds_a_topic_to_the_ones_read(
    conversation: Conversation, store: SqlStore, member: Member, words: str, added: set[str]
) -> None:
    await chat(conversation, ETHICS_LOG)
    reply = await chat(conversation, words)
    assert reply.kind is ReplyKind.EDITED, reply.text
    assert await topics_of(store, member, 1) == {"ethics", *added}
    assert "Ethics" in reply.text.split("\n")[0]


async def test_an_entry_named_by_its_title_or_number_gets_the_topic_not_the_last_one(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, BOARD_LOG)
    await chat(conversation, ETHICS_LOG)
    named = await chat(conversation, "the tumor board one counted as risk management")
    assert named.kind is ReplyKind.EDITED
    assert await topics_of(store, member, 1) == {"risk_management"}
    assert await topics_of(store, member, 2) == {"ethics"}
    numbered = await chat(conversation, "add child abuse to #1")
    assert numbered.kind is ReplyKind.EDITED
    assert await topics_of(store, member, 1) == {"risk_management", "child_abuse"}
    assert await topics_of(store, member, 2) == {"ethics"}


async def test_a_topic_it_does_not_know_is_asked_about_and_nothing_changes(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, ETHICS_LOG)
    reply = await chat(conversation, "that counts as pediatric sedation")
    assert reply.kind is ReplyKind.REJECTED
    assert wording.TOPIC_UNKNOWN.split("“")[0] in reply.text
    assert "Child abuse recognition and reporting" in reply.text  # the known topics are listed
    assert await topics_of(store, member, 1) == {"ethics"}


async def test_a_draft_keeps_its_topics_between_messages_and_takes_a_correction(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    draft = await chat(conversation, 'log 2 cat 1 "Safe Opioid Prescribing" yesterday')
    assert draft.kind is ReplyKind.DRAFT
    assert say.TOPICS_PART.format(topics="Opioids / pain management prescribing") in draft.text
    corrected = await chat(conversation, "that also counts as controlled substances")
    assert corrected.kind is ReplyKind.DRAFT
    assert "Controlled-substance prescribing" in corrected.text
    done = await chat(conversation, "provider is Lakeshore University Hospital")
    assert done.kind is ReplyKind.RECORDED, done.text
    assert await topics_of(store, member, 1) == {"opioids", "controlled_substances"}


async def test_not_a_topic_on_a_draft_that_never_had_it_goes_to_the_entry_that_does(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, ETHICS_LOG)
    draft = await chat(conversation, 'log 2 cat 1 "Safe Opioid Prescribing" yesterday')
    assert draft.kind is ReplyKind.DRAFT
    reply = await chat(conversation, "not ethics")
    assert reply.kind is ReplyKind.EDITED
    assert await topics_of(store, member, 1) == frozenset()


async def test_the_credit_corrections_are_still_theirs(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, ETHICS_LOG)
    plastics = await chat(conversation, "that was plastics")
    assert plastics.kind is ReplyKind.EDITED
    safety = await chat(conversation, "add 0.5 patient safety to #1")
    assert safety.kind is ReplyKind.EDITED
    entry = await store.entry(member.id, 1)
    assert entry is not None
    assert entry.activity.plastic_surgery_credits == entry.activity.credits
    assert str(entry.activity.patient_safety_credits) == "0.50"
    assert entry.activity.topics == {"ethics"}


@pytest.mark.parametrize(
    "words",
    [
        "not plastics",
        "that was plastics",
        "not 4",
        "make it 2 not 1.5",
        "add 0.5 patient safety",
        "that counts as patient safety",
        "remove #12",
        "remove the ethics one",
        "delete #3",
        "that was yesterday",
        "that was Lakeshore Hospital",
        "no",
        "yes",
        "also ethics grand rounds tomorrow?",
    ],
)
def test_what_is_not_about_topics_is_left_to_the_other_readers(words: str) -> None:
    assert correction(words) is None


async def test_a_word_that_changes_nothing_says_so_instead_of_updated(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, ETHICS_LOG)
    again = await chat(conversation, "that counts as ethics")
    assert again.kind is ReplyKind.REJECTED
    assert again.text == say.TOPICS_ALREADY.format(number=1, topics="Ethics")
    absent = await chat(conversation, "not opioids")
    assert absent.kind is ReplyKind.REJECTED
    assert absent.text == say.TOPICS_NOT_THERE.format(
        number=1, topics="Opioids / pain management prescribing"
    )
    assert await topics_of(store, member, 1) == {"ethics"}


async def test_a_draft_still_missing_its_credits_shows_the_topics_read(
    conversation: Conversation, member: Member
) -> None:
    draft = await chat(conversation, 'log cat 1 "Ethics Update" Mercy Hospital yesterday')
    assert draft.kind is ReplyKind.DRAFT
    assert say.TOPICS_PART.format(topics="Ethics") in draft.text
    fixed = await chat(conversation, "not ethics")
    assert fixed.kind is ReplyKind.DRAFT
    assert "counts toward" not in fixed.text


_NAMES = {
    "ethics": "ethics",
    "opioid CME": "opioids",
    "child abuse": "child_abuse",
    "implicit bias training": "implicit_bias",
    "risk management hours": "risk_management",
    "end-of-life care": "end_of_life",
    "HIV/AIDS": "hiv_aids",
}
_SUBJECTS = {"that": "last", "it": "last", "this one": "last", "#7": "7", "entry 7": "7"}
_ADDS = ["counts as", "also counts toward", "counted for", "should count as", "qualifies as", "was also"]
_REMOVES = ["doesn't count as", "didn't count toward", "wasn't", "isn't really", "shouldn't count as"]


def _phrasings(verbs: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for i, (subject, ref) in enumerate(_SUBJECTS.items()):
        for j, verb in enumerate(verbs):
            for k, (name, code) in enumerate(_NAMES.items()):
                lead = ["", "oh, ", "sorry — ", "actually "][(i + j + k) % 4]
                tail = ["", " too", " please", "."][(i * j + k) % 4]
                out.append((f"{lead}{subject} {verb} {name}{tail}", ref, code))
    return out


@pytest.mark.parametrize(("words", "ref", "code"), _phrasings(_ADDS))
def test_the_ways_of_saying_it_counts_toward_a_topic(words: str, ref: str, code: str) -> None:
    understood = correction(words)
    assert understood is not None
    assert understood.fields == {"ref": ref, "topics": f"+{code}"}


@pytest.mark.parametrize(("words", "ref", "code"), _phrasings(_REMOVES))
def test_the_ways_of_saying_it_does_not(words: str, ref: str, code: str) -> None:
    understood = correction(words)
    assert understood is not None
    assert understood.fields == {"ref": ref, "topics": f"-{code}"}


@pytest.mark.parametrize(
    ("words", "fields"),
    [
        ("not ethics", {"ref": "last", "topics": "-ethics"}),
        ("not ethics or opioids", {"ref": "last", "topics": "-ethics,-opioids"}),
        ("#4 not implicit bias", {"ref": "4", "topics": "-implicit_bias"}),
        ("remove the implicit bias topic", {"ref": "last", "topics": "-implicit_bias"}),
        ("drop the ethics tag from #7", {"ref": "7", "topics": "-ethics"}),
        ("take ethics off #4", {"ref": "4", "topics": "-ethics"}),
        ("untag opioids", {"ref": "last", "topics": "-opioids"}),
        ("add child abuse to #12", {"ref": "12", "topics": "+child_abuse"}),
        ("add the dementia topic", {"ref": "last", "topics": "+dementia"}),
        ("tag #3 as human trafficking", {"ref": "3", "topics": "+human_trafficking"}),
        ("mark it as cultural competency", {"ref": "last", "topics": "+cultural_competency"}),
        ("file that under infection control", {"ref": "last", "topics": "+infection_control"}),
        ("ethics and professionalism too", {"ref": "last", "topics": "+ethics,+professional_responsibility"}),
        (
            "the tumor board one counted as risk management",
            {"ref": "last", "match": "tumor board", "topics": "+risk_management"},
        ),
        (
            "the rhinoplasty one wasn't ethics",
            {"ref": "last", "match": "rhinoplasty", "topics": "-ethics"},
        ),
    ],
)
def test_more_corrections_name_the_entry_and_the_topics(words: str, fields: dict[str, str]) -> None:
    understood = correction(words)
    assert understood is not None and understood.fields == fields


@pytest.mark.parametrize(
    "words",
    [
        "that counts as pediatrics",
        "tag it as breast",
        "add ethics and sedation to #2",
        "remove the botox topic",
    ],
)
def test_a_topic_it_does_not_know_is_a_question(words: str) -> None:
    understood = correction(words)
    assert understood is not None and understood.fields.get("topic_question")
    assert "Which one did you mean?" in str(understood.fields["topic_question"])


async def test_an_entry_named_by_number_is_edited_even_when_a_waiting_drafts_title_matches_the_words(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, BOARD_LOG)
    first = await chat(conversation, 'log 1 cat 1 "Child Abuse Update" yesterday')
    second = await chat(conversation, 'log 2 cat 1 "Safe Opioid Prescribing" yesterday')
    assert first.kind is second.kind is ReplyKind.DRAFT
    reply = await chat(conversation, "add child abuse to #1")
    assert reply.kind is ReplyKind.EDITED
    assert await topics_of(store, member, 1) == {"child_abuse"}
    assert len(await store.open_drafts(member.id)) == 2
