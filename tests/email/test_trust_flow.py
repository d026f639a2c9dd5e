"""Who may write: verified members, confirmed newcomers; forged and automated mail can't."""

from __future__ import annotations

import re

import pytest

from handlers.app import App
from handlers.email import wording
from handlers.email.door import start
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import LOG_LINE, Sink, body_of, fast, make_mail, raw, send, with_settings

FORGED = (
    "mx.cme.localhost; dkim=fail (bad signature) header.d=example.org; "
    "spf=fail smtp.mailfrom=example.org; dmarc=fail header.from=example.org"
)


async def test_a_forged_sender_cannot_write_to_a_members_record(
    app: App, store: SqlStore, sink: Sink
) -> None:
    """GIVEN a trusted MTA that says DKIM/SPF/DMARC failed for a member's address
    WHEN a log arrives "from" that member
    THEN nothing is recorded and the real owner is asked to confirm instead."""
    member = await add_member(store)
    app = with_settings(app, trusted_authserv_id="mx.cme.localhost")
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        await send(door.port, make_mail(LOG_LINE, headers={"Authentication-Results": FORGED}))
        [mail] = await sink.wait(1)
        assert mail.message["Subject"] == wording.CONFIRM_SUBJECT
        assert mail.rcpt_tos == ["steve@example.org"]
        assert await store.entries(member.id) == []
        assert await door.mail.inbox_states() == {"held": 1}
    finally:
        await door.stop()


async def test_a_passing_trusted_header_lets_a_member_write(app: App, store: SqlStore, sink: Sink) -> None:
    member = await add_member(store)
    app = with_settings(app, trusted_authserv_id="mx.cme.localhost")
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        passed = "mx.cme.localhost; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=example.org"
        # a header from some other server claiming a pass is ignored, ours decides
        msg = make_mail(LOG_LINE, headers={"Authentication-Results": passed})
        await send(door.port, msg)
        [reply] = await sink.wait(1)
        assert "Recorded #1" in body_of(reply.message)
        assert len(await store.entries(member.id)) == 1
    finally:
        await door.stop()


async def test_a_missing_trusted_header_counts_as_unverified_when_an_mta_is_configured(
    app: App, store: SqlStore, sink: Sink
) -> None:
    member = await add_member(store)
    app = with_settings(app, trusted_authserv_id="mx.cme.localhost")
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        fake = "mx.cme.localhost.evil; dkim=pass header.d=example.org"
        await send(door.port, make_mail(LOG_LINE, headers={"Authentication-Results": fake}))
        [mail] = await sink.wait(1)
        assert mail.message["Subject"] == wording.CONFIRM_SUBJECT
        assert await store.entries(member.id) == []
    finally:
        await door.stop()


async def test_an_unknown_sender_confirms_by_reply_and_their_message_is_then_processed(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN an address the bot has never seen
    WHEN it sends a log, then another message, then replies to the confirmation address
    THEN exactly one confirmation went out, a member named from the From header exists,
    and both held messages are processed."""
    newcomer = "new.doc@example.net"
    await send(door.port, make_mail(LOG_LINE, sender=newcomer, name="Dr New Doc"), mail_from=newcomer)
    [ask] = await sink.wait(1)
    assert ask.message["Subject"] == wording.CONFIRM_SUBJECT
    confirm_to = ask.message["Reply-To"]
    assert re.fullmatch(r"cme\+confirm-[0-9a-f]{24}@cme\.localhost", confirm_to)
    await send(door.port, make_mail("summary", sender=newcomer, name="Dr New Doc"), mail_from=newcomer)
    await door.progress.wait_for(lambda c: c["held"] >= 2)
    assert await store.member_by_identity("email", newcomer) is None
    assert len(sink.messages) == 1  # one confirmation, not one per message

    await send(
        door.port,
        make_mail("yes\n\n> To confirm that this address is yours…", sender=newcomer, subject="Re: confirm"),
        mail_from=newcomer,
        to=[confirm_to],
    )
    mails = await sink.wait(4)
    found = await store.member_by_identity("email", newcomer)
    assert found is not None
    member, identity = found
    assert identity.verified
    assert member.name == "Dr New Doc"
    bodies = [body_of(m.message) for m in mails[1:]]
    assert any(wording.CONFIRMED.format(address=newcomer) in b for b in bodies)
    assert any("Recorded #1" in b for b in bodies)
    assert len(await store.entries(member.id)) == 1


async def test_a_confirmation_address_works_once(store: SqlStore, door, sink: Sink) -> None:  # type: ignore[no-untyped-def]
    newcomer = "once@example.net"
    await send(door.port, make_mail("summary", sender=newcomer), mail_from=newcomer)
    [ask] = await sink.wait(1)
    confirm_to = ask.message["Reply-To"]
    await send(door.port, make_mail("yes", sender=newcomer), mail_from=newcomer, to=[confirm_to])
    await door.progress.wait_for(lambda c: c["confirmed"] >= 1)
    await send(door.port, make_mail("yes again", sender=newcomer), mail_from=newcomer, to=[confirm_to])
    await door.progress.wait_for(lambda c: c["ignored"] >= 1)
    assert len(await store.list_members()) == 1


async def test_an_unknown_address_writing_to_a_members_secret_address_joins_that_member(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    member = await add_member(store)
    other = "steve.work@hospital.example"
    to = f"cme+{member.mail_token}@cme.localhost"
    await send(door.port, make_mail(LOG_LINE, sender=other), mail_from=other, to=[to])
    [ask] = await sink.wait(1)
    assert wording.CONFIRM_JOINING_MEMBER.strip() in body_of(ask.message)
    await send(door.port, make_mail("yes", sender=other), mail_from=other, to=[ask.message["Reply-To"]])
    await sink.wait(3)
    found = await store.member_by_identity("email", other)
    assert found is not None and found[0].id == member.id and found[1].verified
    assert len(await store.entries(member.id)) == 1


LOOPS = {
    "auto-submitted": ({"Auto-Submitted": "auto-replied"}, "steve@example.org", "steve@example.org"),
    "mailer-daemon": ({}, "MAILER-DAEMON@example.org", "steve@example.org"),
    "list": ({"List-Id": "<cme.lists.example.org>"}, "steve@example.org", "steve@example.org"),
    "bulk": ({"Precedence": "bulk"}, "steve@example.org", "steve@example.org"),
    "empty return path": ({}, "steve@example.org", ""),
    "ourselves": ({}, "cme@cme.localhost", "cme@cme.localhost"),
}


@pytest.mark.parametrize("case", list(LOOPS))
async def test_automated_mail_is_never_answered(case: str, store: SqlStore, door, sink: Sink) -> None:  # type: ignore[no-untyped-def]
    member = await add_member(store)
    headers, sender, envelope = LOOPS[case]
    await send(door.port, make_mail(LOG_LINE, sender=sender, headers=headers), mail_from=envelope)
    await door.progress.wait_for(lambda c: c["ignored"] >= 1)
    assert await door.mail.outbox_count() == 0
    assert await store.entries(member.id) == []
    assert sink.messages == []


async def test_replies_to_one_address_are_rate_limited(app: App, store: SqlStore, sink: Sink) -> None:
    await add_member(store)
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}", replies_per_hour=2, workers=1))
    try:
        for _ in range(3):
            await send(door.port, make_mail("summary"))
        await door.progress.wait_for(lambda c: c["answered"] + c["rate_limited"] >= 3)
        assert door.progress.counts["rate_limited"] == 1
        assert await door.mail.outbox_count() == 2
    finally:
        await door.stop()


async def test_dkim_checked_by_the_bot_decides_when_no_trusted_mta_is_configured(
    app: App,
    store: SqlStore,
    sink: Sink,
    keypair,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN no trusted Authentication-Results and DKIM-signed mail
    WHEN one message is signed properly and one was altered after signing
    THEN the first is recorded and the second is held for confirmation."""
    import dkim

    private, dns = keypair
    member = await add_member(store)
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}", dnsfunc=dns, workers=1))

    def signed(body: str) -> bytes:
        message = raw(make_mail(body))
        return (
            dkim.sign(message, b"sel", b"example.org", private, include_headers=[b"from", b"subject"])
            + message
        )

    try:
        await send(door.port, signed(LOG_LINE))
        [ok] = await sink.wait(1)
        assert "Recorded #1" in body_of(ok.message)
        tampered = signed(LOG_LINE.replace("Flap Salvage", "Rhinoplasty")).replace(
            b"Rhinoplasty", b"Liposuction"
        )
        await send(door.port, tampered)
        [_, held] = await sink.wait(2)
        assert held.message["Subject"] == wording.CONFIRM_SUBJECT
        assert len(await store.entries(member.id)) == 1
    finally:
        await door.stop()


async def test_the_reply_limit_holds_when_many_workers_answer_one_address_at_once(
    app: App, store: SqlStore, sink: Sink
) -> None:
    """Eight workers finishing messages from one sender at the same moment still queue
    exactly `replies_per_hour` replies (PostgreSQL: a lock per recipient, not a race)."""
    await add_member(store)
    options = fast(relay_url=f"smtp://127.0.0.1:{sink.port}", replies_per_hour=2, workers=8)
    door = await start(app, options)
    door.worker.stop()  # let the mail pile up, then release every worker together
    try:
        for _ in range(8):
            await send(door.port, make_mail("summary"))
        await door.stop()
        door = await start(app, options)
        await door.progress.wait_for(lambda c: c["answered"] + c["rate_limited"] >= 8, timeout=30)
        assert await door.mail.outbox_count() == 2
        assert door.progress.counts["rate_limited"] == 6
    finally:
        await door.stop()


async def test_behind_an_mta_unsigned_mail_is_unverified_even_without_a_trusted_authserv_id(
    app: App, store: SqlStore, sink: Sink
) -> None:
    """GIVEN CMEBOT_LMTP=1 (an MTA in front) and no CMEBOT_TRUSTED_AUTHSERV_ID
    WHEN the MTA hands over an unsigned log "from" a member's address (a forged From: from anywhere)
    THEN nothing is recorded: the address is asked to confirm, as for any unverified mail."""
    member = await add_member(store)
    door = await start(app, fast(lmtp=True, relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        await send(door.port, make_mail(LOG_LINE), lmtp=True)
        [mail] = await sink.wait(1)
        assert mail.message["Subject"] == wording.CONFIRM_SUBJECT
        assert await store.entries(member.id) == []
        assert await door.mail.inbox_states() == {"held": 1}
    finally:
        await door.stop()


async def test_confirmation_mails_are_capped_per_domain_and_overall(
    app: App, store: SqlStore, sink: Sink
) -> None:
    """GIVEN forged mail "from" many addresses (each would get a confirmation mail)
    WHEN more arrive in an hour than the caps allow (here 2 per domain, 3 in all)
    THEN only that many confirmation mails go out; every message is still kept (held)."""
    app = with_settings(app, mail_confirmations_per_hour=3, mail_confirmations_per_domain_per_hour=2)
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        victims = [f"doc{i}@victim.example" for i in range(4)] + [f"doc{i}@other.example" for i in range(3)]
        for address in victims:
            await send(door.port, make_mail("summary", sender=address), mail_from=address)
        await door.progress.wait_for(lambda c: c["held"] >= len(victims))
        assert await door.mail.outbox_count() == 3
        sent = [m.rcpt_tos[0] for m in await sink.wait(3)]
        assert sum(a.endswith("@victim.example") for a in sent) == 2
        assert await door.mail.inbox_states() == {"held": len(victims)}
    finally:
        await door.stop()


async def test_a_confirmation_mail_does_not_repeat_the_senders_subject_or_name(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """Anyone can put anyone's address in From:, so the words in a confirmation mail are all ours."""
    bait = "Your account is locked - call +1 XQZ-VVKW now"  # a marker no Message-ID or date contains
    victim = "someone@example.net"
    await send(door.port, make_mail("summary", sender=victim, name=bait, subject=bait), mail_from=victim)
    [ask] = await sink.wait(1)
    assert ask.message["Subject"] == wording.CONFIRM_SUBJECT
    assert "XQZ-VVKW" not in body_of(ask.message)
    assert "XQZ-VVKW" not in str(ask.message["To"])
    assert "XQZ-VVKW" not in ask.message.as_string()
