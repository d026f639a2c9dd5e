"""Issue 13: who may have a record is the core's decision, whatever door the claim comes through.

Each test hands `Conversation.admit` / `join` an identity claim as a door would, on
SQLite and PostgreSQL, with no Slack in sight: the Slack door's own tests
(tests/slack/test_linking.py) prove the same rules end to end.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.conversation import Conversation
from bot.envelope import AdmissionKind, IdentityClaim
from bot.ports import Identity, IdentityTaken
from storage.store import SqlStore
from tests.conftest import add_member

DEFAULT_TZ = "America/New_York"


def slack(team: str, user: str) -> Identity:
    return Identity("slack", f"{team}:{user}", verified=True)


def claim(team: str = "T1", user: str = "U1", **kw: object) -> IdentityClaim:
    return IdentityClaim(account=slack(team, user), realm=team, **kw)  # type: ignore[arg-type]


async def test_a_first_claim_enrols_with_its_confirmed_email_and_a_second_is_known(
    conversation: Conversation, store: SqlStore
) -> None:
    first = await conversation.admit(
        claim(name="Ana Jones", timezone="America/Chicago", email="Ana@Example.org", email_confirmed=True),
        DEFAULT_TZ,
    )
    assert first.kind is AdmissionKind.ENROLLED and first.member is not None
    assert first.member.name == "Ana Jones" and first.member.timezone == "America/Chicago"
    by_mail = await store.member_by_identity("email", "ana@example.org")
    assert by_mail is not None and by_mail[0].id == first.member.id and by_mail[1].verified
    again = await conversation.admit(claim(name="Ana Jones"), DEFAULT_TZ)
    assert again.kind is AdmissionKind.KNOWN and again.member == first.member


async def test_a_bot_is_never_a_member(conversation: Conversation, store: SqlStore) -> None:
    admission = await conversation.admit(claim(user="B1", is_bot=True), DEFAULT_TZ)
    assert admission.kind is AdmissionKind.NOT_A_PERSON and admission.member is None
    assert await store.list_members() == []


async def test_a_confirmed_email_joins_its_record_only_in_the_records_own_workspace(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store, slack="T1:U9")
    same = await conversation.admit(
        claim("T1", "U2", email="steve@example.org", email_confirmed=True), DEFAULT_TZ
    )
    assert same.kind is AdmissionKind.LINKED and same.member is not None and same.member.id == steve.id
    other = await conversation.admit(
        claim("T2", "U3", email="steve@example.org", email_confirmed=True), DEFAULT_TZ
    )
    assert other.kind is AdmissionKind.REFUSED and other.email == "steve@example.org"
    assert await store.member_by_identity("slack", "T2:U3") is None
    assert len(await store.list_members()) == 1


async def test_a_record_without_a_slack_account_is_joined_by_its_confirmed_email(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store)
    admission = await conversation.admit(
        claim("T7", email="steve@example.org", email_confirmed=True), DEFAULT_TZ
    )
    assert admission.kind is AdmissionKind.LINKED and admission.member is not None
    assert admission.member.id == steve.id


async def test_an_email_the_platform_did_not_confirm_joins_nothing(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store)
    unconfirmed = await conversation.admit(
        claim("T1", "U1", email="steve@example.org", email_confirmed=False), DEFAULT_TZ
    )
    assert unconfirmed.kind is AdmissionKind.ENROLLED and unconfirmed.member is not None
    assert unconfirmed.member.id != steve.id and unconfirmed.member.email is None
    unsaid = await conversation.admit(claim("T1", "U2", email="steve@example.org"), DEFAULT_TZ)
    assert unsaid.kind is AdmissionKind.REFUSED


async def test_two_first_messages_at_once_make_one_member(
    conversation: Conversation, store: SqlStore
) -> None:
    first, second = await asyncio.gather(
        conversation.admit(claim(name="Ana"), DEFAULT_TZ), conversation.admit(claim(name="Ana"), DEFAULT_TZ)
    )
    assert first.member is not None and second.member is not None
    assert first.member.id == second.member.id
    assert {first.kind, second.kind} <= {AdmissionKind.ENROLLED, AdmissionKind.KNOWN}
    assert len(await store.list_members()) == 1


async def test_the_store_says_an_identity_is_taken_in_the_ports_words(store: SqlStore) -> None:
    await add_member(store, slack="T1:U1")
    with pytest.raises(IdentityTaken):
        await store.create_member(name="Other", timezone=DEFAULT_TZ, identities=[slack("T1", "U1")])
    other = await add_member(store, "other@example.org")
    with pytest.raises(IdentityTaken):
        await store.add_identity(other.id, slack("T1", "U1"))


async def test_a_link_code_joins_once_and_never_moves_an_account_that_has_a_record(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store, slack="T1:U1")
    assert (await conversation.join(slack("T2", "U2"), None, "code-0")).result == "bad_code"
    assert (await conversation.join(slack("T1", "U1"), steve.id, "code-1")).result == "already"
    ana = await add_member(store, "ana@example.org", "Ana Jones", slack="T3:U3")
    refused = await conversation.join(slack("T3", "U3"), steve.id, "code-2")
    assert refused.result == "has_own_record"
    assert (await conversation.member_of(slack("T3", "U3"))) == ana
    joined = await conversation.join(slack("T2", "U2"), steve.id, "code-3")
    assert joined.result == "linked" and joined.member is not None and joined.member.id == steve.id
    assert (await conversation.join(slack("T4", "U4"), steve.id, "code-3")).result == "bad_code"  # used once
    found = await conversation.member_of(slack("T2", "U2"))
    assert found is not None and found.id == steve.id


# ---- an e-mail sender (the e-mail door's claims: tests/email/test_trust_flow.py proves them end to end) ----


def mail(address: str, authenticated: bool = True, **kw: object) -> IdentityClaim:
    return IdentityClaim(
        account=Identity("email", address, authenticated),
        realm="email",
        email=address,
        **kw,  # type: ignore[arg-type]
    )


async def test_an_email_sender_is_known_only_when_authenticated_from_a_confirmed_address(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store)
    known = await conversation.admit(mail("steve@example.org"), DEFAULT_TZ)
    assert known.kind is AdmissionKind.KNOWN and known.member == steve
    forged = await conversation.admit(mail("steve@example.org", authenticated=False), DEFAULT_TZ)
    assert forged.kind is AdmissionKind.CONFIRM_FIRST and forged.member == steve
    stranger = await conversation.admit(mail("new@example.net"), DEFAULT_TZ)
    assert stranger.kind is AdmissionKind.CONFIRM_FIRST and stranger.member is None
    assert (await conversation.admit(mail(""), DEFAULT_TZ)).kind is AdmissionKind.REFUSED
    assert len(await store.list_members()) == 1  # asking to confirm changes no record


async def test_a_confirmed_address_joins_the_member_whose_private_address_it_wrote_to(
    conversation: Conversation, store: SqlStore
) -> None:
    steve = await add_member(store)
    assert steve.mail_token
    asked = await conversation.admit(mail("steve@home.example", sent_to_token=steve.mail_token), DEFAULT_TZ)
    assert asked.kind is AdmissionKind.CONFIRM_FIRST and asked.member == steve
    confirmed = await conversation.admit(
        mail("steve@home.example", email_confirmed=True, joining=steve.id), DEFAULT_TZ
    )
    assert confirmed.kind is AdmissionKind.LINKED and confirmed.member == steve
    found = await store.member_by_identity("email", "steve@home.example")
    assert found is not None and found[0].id == steve.id and found[1].verified
    again = await conversation.admit(mail("steve@home.example", email_confirmed=True), DEFAULT_TZ)
    assert again.kind is AdmissionKind.KNOWN


async def test_a_confirmed_stranger_gets_a_record_and_an_unconfirmed_address_is_verified_in_place(
    conversation: Conversation, store: SqlStore
) -> None:
    new = await conversation.admit(
        mail("ana@example.net", email_confirmed=True, name="Ana Jones"), DEFAULT_TZ
    )
    assert new.kind is AdmissionKind.ENROLLED and new.member is not None
    assert new.member.name == "Ana Jones" and new.member.timezone == DEFAULT_TZ
    ben = await store.create_member(
        name="Ben", timezone=DEFAULT_TZ, identities=[Identity("email", "ben@example.org", False)]
    )
    assert (await conversation.admit(mail("ben@example.org"), DEFAULT_TZ)).kind is AdmissionKind.CONFIRM_FIRST
    verified = await conversation.admit(mail("ben@example.org", email_confirmed=True), DEFAULT_TZ)
    assert verified.kind is AdmissionKind.LINKED and verified.member == ben
    assert (await conversation.admit(mail("ben@example.org"), DEFAULT_TZ)).kind is AdmissionKind.KNOWN
