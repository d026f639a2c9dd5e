"""First use creates the member: a physician never fills in a sign-up form.

The door's part is Slack's: users.info describes the user (name, time zone,
profile e-mail with scope users:read.email, whether Slack confirmed it, bot or
not), and that becomes an `IdentityClaim`. Whether the claim is a known member,
a new one, the record that owns its e-mail, or must be refused and told how to
link with a code (`linking.py`) is the core's decision (`bot/membership.py`,
docs/slack.md "Who joins a record").
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.conversation import Conversation
from bot.envelope import AdmissionKind, IdentityClaim
from bot.ports import Member
from handlers.slack.inbound import identity

log = logging.getLogger(__name__)

KNOWN_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Unlinked:
    """A Slack account whose e-mail is a member's, but which may not join that member by itself."""

    email: str


class Members:
    def __init__(self, conversation: Conversation, default_timezone: str) -> None:
        self._core = conversation
        self._default_tz = default_timezone
        self._locks: dict[str, asyncio.Lock] = {}
        # Slack keys known to be members: members are never deleted, and the core
        # looks the member up again anyway, so this only saves a query per request.
        self._known: dict[str, Member] = {}

    async def known(self, team_id: str, user_id: str) -> Member | None:
        """The member for this Slack user if there is one already; asks the database, never Slack."""
        account = identity(team_id, user_id)
        if account.key in self._known:
            return self._known[account.key]
        member = await self._core.member_of(account)
        return None if member is None else self._remember(account.key, member)

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
                made = await self._admit(client, team_id, user_id)
                return self._remember(key, made) if isinstance(made, Member) else made
        finally:
            if not lock.locked():
                self._locks.pop(key, None)

    def _remember(self, key: str, member: Member) -> Member:
        if len(self._known) >= KNOWN_LIMIT:
            self._known.clear()
        self._known[key] = member
        return member

    async def _admit(self, client: AsyncWebClient, team_id: str, user_id: str) -> Member | Unlinked | None:
        account = identity(team_id, user_id)
        already = await self._core.member_of(account)
        if already is not None:  # made while this request waited for the lock
            return already
        admission = await self._core.admit(await self._describe(client, team_id, user_id), self._default_tz)
        if admission.kind is AdmissionKind.REFUSED:
            return Unlinked(admission.email or "")
        return admission.member

    async def _describe(self, client: AsyncWebClient, team_id: str, user_id: str) -> IdentityClaim:
        """users.info as an identity claim: Slack's word on who this is."""
        try:
            response = await client.users_info(user=user_id)
            user: dict[str, Any] = response.get("user") or {}
        except SlackApiError as exc:
            # Without users:read the member still gets in, just without a name, zone or e-mail.
            log.warning("users.info for %s failed (%s)", user_id, exc.response.get("error"))
            user = {"id": user_id}
        profile: dict[str, Any] = user.get("profile") or {}
        name = (
            profile.get("real_name")
            or user.get("real_name")
            or profile.get("display_name")
            or user.get("name")
        )
        confirmed = user.get("is_email_confirmed")
        return IdentityClaim(
            account=identity(team_id, user_id),
            realm=team_id,
            name=str(name or user_id),
            timezone=user.get("tz") or None,
            email=profile.get("email") or None,
            email_confirmed=confirmed if isinstance(confirmed, bool) else None,
            is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        )
