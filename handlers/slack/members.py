"""First use creates the member: a physician never fills in a sign-up form.

The Slack team+user is the member's identity. Their Slack profile e-mail
(scope users:read.email) becomes a verified e-mail identity, so forwarding a
certificate by e-mail works at once. An unconfirmed one
(`is_email_confirmed: false`) is neither linked nor trusted.

If that address already belongs to a member, the Slack account joins that
member only under `may_link_by_email` (docs/slack.md, "Who joins a record"):
the e-mail is confirmed on both sides, and the record has no Slack account
yet or has one in this same workspace. A workspace's administrators control
its profile e-mails, so an account in some other workspace claiming a
member's address proves nothing; it is not linked, no record is made for it,
and it is told how to link itself with a code from an account already theirs
(`linking.py`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError

from bot.ports import Identity, Member, RecordStore
from handlers.slack.inbound import identity

log = logging.getLogger(__name__)

KNOWN_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Unlinked:
    """A Slack account whose e-mail is a member's, but which may not join that member by itself."""

    email: str


def may_link_by_email(
    team_id: str, slack_confirmed: bool, email_identity: Identity, identities: list[Identity]
) -> bool:
    """May a Slack account of `team_id` join the member who owns this e-mail identity?

    Only when Slack confirmed the address, the member's address is verified, and
    the member has no Slack account yet (the first one, as when an administrator
    added them) or has one in this same workspace, whose administrators already
    vouch for the member's accounts.
    """
    if not slack_confirmed or not email_identity.verified:
        return False
    teams = {i.key.split(":", 1)[0] for i in identities if i.kind == "slack"}
    return not teams or team_id in teams


class Members:
    def __init__(self, store: RecordStore, default_timezone: str) -> None:
        self._store = store
        self._default_tz = default_timezone
        self._locks: dict[str, asyncio.Lock] = {}
        # Slack keys known to be members: members are never deleted, and the core
        # looks the member up again anyway, so this only saves a query per request.
        self._known: dict[str, Member] = {}

    async def known(self, team_id: str, user_id: str) -> Member | None:
        """The member for this Slack user if there is one already; asks the database, never Slack."""
        key = identity(team_id, user_id).key
        if key in self._known:
            return self._known[key]
        found = await self._store.member_by_identity("slack", key)
        return None if found is None else self._remember(key, found[0])

    def newcomer(self) -> Member:
        """Who a first-time user is before Slack has described them: checks that need a member use this."""
        return Member(0, "", None, self._default_tz)

    async def ensure(self, client: AsyncWebClient, team_id: str, user_id: str) -> Member | Unlinked | None:
        """The member for this Slack user, created on first use; None for bots; Unlinked when the
        user's e-mail is another record's that they may not join by themselves."""
        key = identity(team_id, user_id).key
        member = await self.known(team_id, user_id)
        if member is not None:
            return member
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                found = await self._store.member_by_identity("slack", key)
                if found is not None:
                    return found[0]
                made = await self._create(client, team_id, user_id)
                return self._remember(key, made) if isinstance(made, Member) else made
        finally:
            if not lock.locked():
                self._locks.pop(key, None)

    def _remember(self, key: str, member: Member) -> Member:
        if len(self._known) >= KNOWN_LIMIT:
            self._known.clear()
        self._known[key] = member
        return member

    async def _create(self, client: AsyncWebClient, team_id: str, user_id: str) -> Member | Unlinked | None:
        try:
            response = await client.users_info(user=user_id)
            user: dict[str, Any] = response.get("user") or {}
        except SlackApiError as exc:
            # Without users:read the member still gets in, just without a name, zone or e-mail.
            log.warning("users.info for %s failed (%s)", user_id, exc.response.get("error"))
            user = {"id": user_id}
        if user.get("is_bot") or user_id == "USLACKBOT":
            return None
        profile: dict[str, Any] = user.get("profile") or {}
        name = (
            profile.get("real_name")
            or user.get("real_name")
            or profile.get("display_name")
            or user.get("name")
        )
        email = (profile.get("email") or "").strip().lower() or None
        if user.get("is_email_confirmed") is False:
            email = None
        slack = identity(team_id, user_id)
        if email:
            owner = await self._store.member_by_identity("email", email)
            if owner is not None:
                member, address = owner
                confirmed = user.get("is_email_confirmed") is True
                if not may_link_by_email(
                    team_id, confirmed, address, await self._store.identities_of(member.id)
                ):
                    log.warning(
                        "Slack user %s has member %s's e-mail but may not join them by it (another "
                        "workspace, or an unconfirmed address); told how to link",
                        slack.key,
                        member.id,
                    )
                    return Unlinked(email)
                await self._store.add_identity(member.id, slack)
                log.info("linked Slack user %s to existing member %s by e-mail", slack.key, member.id)
                return member
        identities = [slack] + ([Identity("email", email, True)] if email else [])
        try:
            member = await self._store.create_member(
                name=str(name or user_id), timezone=user.get("tz") or self._default_tz, identities=identities
            )
        except IntegrityError:
            # Another process created them (or claimed the e-mail) a moment ago.
            found = await self._store.member_by_identity("slack", slack.key)
            if found is None:
                raise
            return found[0]
        log.info("created member %s for Slack user %s", member.id, slack.key)
        return member
