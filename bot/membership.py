"""Who may have a record: the core decides, a door only says who is asking.

A door hands over an `IdentityClaim` (its own account key, plus what its
platform says of the person: name, time zone, profile e-mail and whether the
platform confirmed it). Here that claim becomes a decision: a known member, a
new member enrolled with the claim's verified e-mail, the claim linked to the
record that owns that e-mail, or a refusal with the address to explain.

The link rule (docs/slack.md, "Who joins a record"): an account joins the
record that owns its e-mail only when the address is confirmed on both sides
and the record has no account in another realm (Slack workspace). A realm's
administrators control its profile e-mails, so an account elsewhere claiming a
member's address proves nothing; it is refused, and told how to link itself
with a code from an account already the member's.

An e-mail sender (docs/email.md, "Who may write to a record") is answered only
when the door authenticated the message and the address is a member's
confirmed one. Anyone else confirms first: a reply to a confirmation sent to
the address proves the mailbox, and then the address joins the record that
already lists it, or the member whose private address (cme+token@) the message
went to, or a new record of its own.
"""

from __future__ import annotations

import logging

from bot.envelope import Admission, AdmissionKind, IdentityClaim, JoinOutcome
from bot.ports import Identity, IdentityTaken, Member, RecordStore

log = logging.getLogger(__name__)


def may_link_by_email(
    account: Identity, realm: str, confirmed: bool, email_identity: Identity, identities: list[Identity]
) -> bool:
    """May `account`, of `realm`, join the member who owns this e-mail identity?

    Only when the platform confirmed the address, the member's address is
    verified, and the member has no account of this kind yet (the first one, as
    when an administrator added them) or has one in this same realm, whose
    administrators already vouch for the member's accounts.
    """
    if not confirmed or not email_identity.verified:
        return False
    realms = {i.key.split(":", 1)[0] for i in identities if i.kind == account.kind}
    return not realms or realm in realms


async def known(store: RecordStore, account: Identity) -> Member | None:
    found = await store.member_by_identity(account.kind, account.key)
    return None if found is None else found[0]


async def admit(store: RecordStore, claim: IdentityClaim, default_timezone: str) -> Admission:
    """The member this claim is, enrolling or linking on first use; bots are never members."""
    if claim.is_bot:
        return Admission(AdmissionKind.NOT_A_PERSON)
    if claim.account.kind == "email":
        return await _admit_email(store, claim, default_timezone)
    member = await known(store, claim.account)
    if member is not None:
        return Admission(AdmissionKind.KNOWN, member)
    email = (claim.email or "").strip().lower() or None
    if claim.email_confirmed is False:
        email = None  # an address the platform says is unconfirmed is neither linked nor trusted
    if email:
        owner = await store.member_by_identity("email", email)
        if owner is not None:
            return await _link(store, claim, owner)
    identities = [claim.account] + ([Identity("email", email, True)] if email else [])
    try:
        member = await store.create_member(
            name=claim.name or claim.account.key.rsplit(":", 1)[-1],
            timezone=claim.timezone or default_timezone,
            identities=identities,
        )
    except IdentityTaken:
        # Another process enrolled them (or claimed the e-mail) a moment ago.
        member = await known(store, claim.account)
        if member is None:
            raise
        return Admission(AdmissionKind.KNOWN, member)
    log.info("created member %s for %s", member.id, claim.account.key)
    return Admission(AdmissionKind.ENROLLED, member)


async def _admit_email(store: RecordStore, claim: IdentityClaim, default_timezone: str) -> Admission:
    """An e-mail sender: known, confirm first, or (confirmed now) linked or enrolled; no address, refused."""
    address = claim.account.key.strip().lower()
    if not address or "@" not in address:
        return Admission(AdmissionKind.REFUSED)
    owner = await store.member_by_identity("email", address)
    if claim.email_confirmed is not True:
        if owner is not None and owner[1].verified and claim.account.verified:
            return Admission(AdmissionKind.KNOWN, owner[0])
        target = owner[0] if owner is not None else None
        if target is None and claim.sent_to_token:
            target = await store.member_by_mail_token(claim.sent_to_token)
        return Admission(AdmissionKind.CONFIRM_FIRST, target)
    # The sender answered a confirmation sent to this address: the mailbox is theirs.
    confirmed = Identity("email", address, True)
    if owner is not None:
        if owner[1].verified:
            return Admission(AdmissionKind.KNOWN, owner[0])
        await store.add_identity(owner[0].id, confirmed)
        log.info("confirmed %s on member %s", address, owner[0].id)
        return Admission(AdmissionKind.LINKED, owner[0])
    joining = None if claim.joining is None else await store.member_by_id(claim.joining)
    try:
        if joining is not None:
            await store.add_identity(joining.id, confirmed)
            log.info("linked %s to member %s by their private address", address, joining.id)
            return Admission(AdmissionKind.LINKED, joining)
        member = await store.create_member(
            name=claim.name or address.split("@")[0],
            timezone=claim.timezone or default_timezone,
            identities=[confirmed],
        )
    except IdentityTaken:
        # Confirmed a moment ago by another process (two replies to one confirmation).
        again = await store.member_by_identity("email", address)
        if again is None:
            raise
        return Admission(AdmissionKind.KNOWN, again[0])
    log.info("created member %s for %s", member.id, address)
    return Admission(AdmissionKind.ENROLLED, member)


async def _link(store: RecordStore, claim: IdentityClaim, owner: tuple[Member, Identity]) -> Admission:
    member, address = owner
    if not may_link_by_email(
        claim.account,
        claim.realm,
        claim.email_confirmed is True,
        address,
        await store.identities_of(member.id),
    ):
        log.warning(
            "%s has member %s's e-mail but may not join them by it (another realm, or an "
            "unconfirmed address); told how to link",
            claim.account.key,
            member.id,
        )
        return Admission(AdmissionKind.REFUSED, email=address.key)
    await store.add_identity(member.id, claim.account)
    log.info("linked %s to existing member %s by e-mail", claim.account.key, member.id)
    return Admission(AdmissionKind.LINKED, member)


async def join(store: RecordStore, account: Identity, target_id: int | None, code_key: str) -> JoinOutcome:
    """An account joins the record a link code was issued for (`target_id`; None: a bad code).

    The code is used up (`code_key` marked) only when the join can happen, so a
    member who already has a record of their own keeps the code for the right account.
    """
    target = None if target_id is None else await store.member_by_id(target_id)
    if target is None:
        return JoinOutcome("bad_code")
    current = await known(store, account)
    if current is not None:
        return JoinOutcome("already" if current.id == target.id else "has_own_record", target)
    if not await store.mark_event(code_key):
        return JoinOutcome("bad_code")
    try:
        await store.add_identity(target.id, account)
    except IdentityTaken:
        return JoinOutcome("has_own_record", target)
    log.info("%s linked to member %s by a link code", account.key, target.id)
    return JoinOutcome("linked", target)
