"""Bolt listeners: acknowledge at once, then translate, delegate to the core, and reply.

The app runs with `process_before_response=True`, so each ack function
returns Slack's 200 without Bolt's 10 ms polling floor; everything slow (the
database, OCR, PDF rendering, uploads, Web API calls) runs afterwards in a
worker pool, so a shutdown or a test can wait for it. Slack wants
the ack within 3 seconds; only the modal's inline validation waits for the
database, because `response_action: errors` must be the ack itself.

Work after the ack goes to `work.WorkPool` (a few workers per lane, so a
burst cannot starve the acks); opening a modal skips the queues.

Retries (X-Slack-Retry-Num) do nothing twice. The Events API retries, so an
event's id is claimed with `store.mark_event` before anything is said or
changed; Slack never retries slash commands or interactions, so those skip
the extra write. Every request also gives the core its `event_key`, so a
record change and its key commit in one transaction.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.envelope import Attachment, Fields, Inbound, Intent, Reply, ReplyKind, Understanding
from bot.ports import Member
from handlers.app import App
from handlers.slack import blocks, forms, inbound, wording
from handlers.slack.files import FileFetcher
from handlers.slack.linking import LinkCodes
from handlers.slack.members import Members, Unlinked
from handlers.slack.replies import Destination, Replies
from handlers.slack.work import WorkPool

log = logging.getLogger(__name__)

CHANGES = (ReplyKind.RECORDED, ReplyKind.DELETED, ReplyKind.EDITED, ReplyKind.CANCELLED)


class Listeners:
    """The Slack side of every conversation; one per running door."""

    def __init__(
        self, app: App, members: Members, replies: Replies, fetcher: FileFetcher, codes: LinkCodes
    ) -> None:
        self.app = app
        self.members = members
        self.replies = replies
        self.fetcher = fetcher
        self.codes = codes
        self.work = WorkPool()

    def spawn(self, work: Coroutine[Any, Any, None], *, urgent: bool = False, lane: str = "chat") -> None:
        if urgent:
            self.work.now(work)
        else:
            self.work.queue(work, lane)

    async def idle(self) -> None:
        """Wait until every reply that was started has been sent."""
        await self.work.idle()

    async def close(self) -> None:
        await self.work.close()

    # ---- registration -------------------------------------------------------------------

    def register(self, bolt: AsyncApp) -> None:
        bolt.use(self.turn_away_events_when_full)
        bolt.command("/cme")(self.on_command)
        bolt.event("message")(self.on_message)
        bolt.event("app_mention")(self.on_mention)
        bolt.event("file_shared")(self.on_file_shared)
        bolt.event("app_home_opened")(self.on_home_opened)
        bolt.action(re.compile(f"^{inbound.ACTION_PREFIX}"))(self.on_action)
        bolt.view_submission(blocks.MODAL_CALLBACK)(self.on_view_submission)
        bolt.view_submission(blocks.SETS_CALLBACK)(self.on_sets_submission)

    async def turn_away_events_when_full(
        self, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """Past the backlog limit an event is answered 503 before any listener runs: Slack sends
        it again later (with backoff), so a flood costs time, not messages or memory."""
        if self.work.full and body.get("type") == "event_callback":
            return BoltResponse(status=503, body="busy")
        await next()
        return None

    # ---- listeners (ack first) -------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, request: AsyncBoltRequest
    ) -> None:
        if self.work.full:  # Slack never retries a command: say so, in the ack
            await ack(text=wording.BUSY)
            return
        await ack()
        command = inbound.read_command(str(body.get("text") or ""))
        dest = Destination(
            team_id=str(body.get("team_id")),
            user_id=str(body.get("user_id")),
            channel_id=body.get("channel_id"),
            response_url=body.get("response_url"),
            public=command.public,
            overview=command.overview,
        )
        key = inbound.event_key(body, request.raw_body)
        if command.link is not None:  # never shared in the channel: a code is as good as a password
            self.spawn(self.link(client, replace(dest, public=False), command.link))
        elif command.open_form:
            rest = command.text.split(None, 1)[1] if " " in command.text else ""
            self.spawn(self.open_form(client, dest, str(body.get("trigger_id")), "", rest), urgent=True)
        elif command.overview:
            self.spawn(self.converse(client, key, dest, understood=Understanding(Intent.SUMMARY)))
        else:
            self.spawn(self.converse(client, key, dest, text=command.text))

    async def on_message(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> None:
        await ack()
        subtype = event.get("subtype")
        if event.get("channel_type") != "im" or _from_a_bot(event) or subtype not in (None, "file_share"):
            return
        user = event.get("user")
        if not user:
            return
        dest = _event_destination(body, event, str(user), is_dm=True)
        text = inbound.clean_text(str(event.get("text") or ""))
        key = inbound.event_key(body, request.raw_body)
        files = [f for f in event.get("files") or [] if isinstance(f, dict)]
        code = inbound.link_request(text)
        if code is not None and not files:
            self.spawn(self.link(client, dest, code, claim=key))
        elif files:
            self.spawn(
                self.converse_files(client, key, dest, files, text, _bot_token(context, client)), lane="files"
            )
        elif text:
            self.spawn(self.converse(client, key, dest, text=text, claim=True))

    async def on_mention(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        await ack()
        if not event.get("user") or _from_a_bot(event):
            return
        dest = _event_destination(body, event, str(event["user"]), is_dm=False)
        text = inbound.clean_text(str(event.get("text") or ""))
        key = inbound.event_key(body, request.raw_body)
        if text:
            self.spawn(self.converse(client, key, dest, text=text, claim=True))
        else:
            self.spawn(
                self.converse(
                    client, key, replace(dest, overview=True), Understanding(Intent.SUMMARY), claim=True
                )
            )

    async def on_file_shared(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> None:
        """A file shared in the DM without a message event (the message path usually wins)."""
        await ack()
        channel = str(event.get("channel_id") or "")
        file_id = event.get("file_id") or (event.get("file") or {}).get("id")
        if not channel.startswith("D") or not file_id or not event.get("user_id"):
            return
        dest = Destination(
            team_id=str(body.get("team_id")), user_id=str(event["user_id"]), channel_id=channel, is_dm=True
        )
        key = inbound.event_key(body, request.raw_body)
        self.spawn(
            self.fetch_and_converse(client, key, dest, str(file_id), _bot_token(context, client)),
            lane="files",
        )

    async def on_home_opened(
        self, ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        if event.get("tab", "home") == "home" and event.get("user"):
            team = str(event.get("team") or body.get("team_id"))
            self.spawn(self.publish_home(client, team, str(event["user"])))

    async def on_action(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, request: AsyncBoltRequest
    ) -> None:
        await ack()
        action: dict[str, Any] = (body.get("actions") or [{}])[0]
        name = str(action.get("action_id", "")).removeprefix(inbound.ACTION_PREFIX)
        owner, value = inbound.read_button_value(str(action.get("value") or ""))
        user: dict[str, Any] = body.get("user") or {}
        container: dict[str, Any] = body.get("container") or {}
        on_message = container.get("type") in ("message", "ephemeral_message")
        dest = Destination(
            team_id=str(user.get("team_id") or (body.get("team") or {}).get("id")),
            user_id=str(user.get("id")),
            channel_id=(body.get("channel") or {}).get("id") if on_message else None,
            response_url=body.get("response_url") if on_message else None,
            replace=on_message and name in ("undo", "confirm", "cancel"),
        )
        refusal = _not_theirs(owner, dest, container)
        if refusal is not None:
            self.spawn(self.replies.post(client, replace(dest, replace=False), _notice(refusal)), urgent=True)
            return
        if name in ("edit", "submit"):
            ref = inbound.entry_ref(value) if name == "edit" else ""
            if ref is None:
                self.spawn(
                    self.replies.post(client, replace(dest, replace=False), _notice(wording.BAD_BUTTON))
                )
                return
            self.spawn(self.open_form(client, dest, str(body.get("trigger_id")), ref), urgent=True)
            return
        if name == "sets_add":  # the Home tab's requirement sets (issue 14)
            self.spawn(self.open_sets_form(client, str(body.get("trigger_id"))), urgent=True)
            return
        if name == "sets_drop":
            key = inbound.event_key(body, request.raw_body)
            self.spawn(self.converse_sets(client, key, dest, wording.DROP_SET_TEXT.format(code=value[:40])))
            return
        understood = inbound.action_understanding(name, value)
        if understood is not None:
            key = inbound.event_key(body, request.raw_body)
            self.spawn(self.converse(client, key, dest, understood))
        elif name == "undo":
            self.spawn(self.replies.post(client, replace(dest, replace=False), _notice(wording.BAD_BUTTON)))

    async def on_view_submission(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """Validate inline (`response_action: errors`), close the modal, record afterwards.

        Validation needs only the database: a first-time member (whom users.info must
        describe, 4 s when Slack is slow) is checked as a newcomer in the default time
        zone, and made a member after the ack.
        """
        user: dict[str, Any] = body.get("user") or {}
        team = str(user.get("team_id") or (body.get("team") or {}).get("id"))
        values = ((view.get("state") or {}).get("values")) or {}
        fields, errors = inbound.form_fields(values)
        known = await self.members.known(team, str(user.get("id")))
        fields = inbound.zero_if_missing(fields)
        errors = {**self.app.conversation.form_errors(fields, known or self.members.newcomer()), **errors}
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        dest = Destination(team_id=team, user_id=str(user.get("id")))
        key = inbound.event_key(body, request.raw_body)
        self.spawn(self.submit(client, key, dest, forms.form_ref(view), fields))

    async def on_sets_submission(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
    ) -> None:
        """The "Add a licence" modal: its one line is read as the member's message, answered in the DM."""
        await ack()
        user: dict[str, Any] = body.get("user") or {}
        team = str(user.get("team_id") or (body.get("team") or {}).get("id"))
        values = ((view.get("state") or {}).get("values")) or {}
        said = str(((values.get(blocks.SETS_FIELD) or {}).get(blocks.SETS_FIELD) or {}).get("value") or "")
        if said.strip():
            dest = Destination(team_id=team, user_id=str(user.get("id")))
            key = inbound.event_key(body, request.raw_body)
            self.spawn(self.converse_sets(client, key, dest, wording.ADD_SET_TEXT.format(text=said.strip())))

    async def open_sets_form(self, client: AsyncWebClient, trigger_id: str) -> None:
        await client.views_open(trigger_id=trigger_id, view=blocks.sets_modal())

    async def converse_sets(self, client: AsyncWebClient, key: str, dest: Destination, text: str) -> None:
        """A change of requirement sets from the Home tab, confirmed in the DM, and the tab redrawn."""
        await self.converse(client, key, dest, text=text)
        await self.publish_home(client, dest.team_id, dest.user_id)

    # ---- after the ack ----------------------------------------------------------------------

    async def converse(
        self,
        client: AsyncWebClient,
        key: str,
        dest: Destination,
        understood: Understanding | None = None,
        *,
        text: str = "",
        attachments: tuple[Attachment, ...] = (),
        claim: bool = False,
    ) -> None:
        """One message through the core and its reply back to Slack; a retried event does nothing."""
        if claim and not await self.app.store.mark_event(key + ":door"):
            return
        member = await self.member_for(client, dest)
        if member is None:
            return
        reply = await self.app.conversation.respond(
            Inbound(
                source=inbound.SOURCE,
                sender=inbound.identity(dest.team_id, dest.user_id),
                text=text,
                attachments=attachments,
                event_key=key,
                understood=understood,
            )
        )
        await self.deliver(client, dest, reply)

    async def deliver(self, client: AsyncWebClient, dest: Destination, reply: Reply) -> None:
        if reply.kind is ReplyKind.ALREADY_HANDLED:
            return
        await self.replies.send(client, dest, reply)
        if reply.kind in CHANGES:
            await self.publish_home(client, dest.team_id, dest.user_id)

    async def converse_files(
        self,
        client: AsyncWebClient,
        key: str,
        dest: Destination,
        files: list[dict[str, Any]],
        text: str,
        token: str,
    ) -> None:
        """Certificates in the DM, read and confirmed like a forwarded e-mail; each file once."""
        if not await self.app.store.mark_event(key + ":door"):
            return
        fresh = [f for f in files if f.get("id") and await self.app.store.mark_event(f"slack-file:{f['id']}")]
        if not fresh:
            return
        fetched = [await self.fetcher.fetch(f, token) for f in fresh]
        problems = [f.problem for f in fetched if f.problem]
        if problems:
            await self.replies.post(client, dest, _notice("\n".join(problems)))
        attachments = tuple(f.attachment for f in fetched if f.attachment is not None)
        if attachments:
            await self.converse(client, key, dest, text=text, attachments=attachments)

    async def fetch_and_converse(
        self, client: AsyncWebClient, key: str, dest: Destination, file_id: str, token: str
    ) -> None:
        if await self.app.store.event_seen(f"slack-file:{file_id}"):
            return
        info = await client.files_info(file=file_id)
        file: dict[str, Any] = info.get("file") or {}
        if file.get("user") not in (None, dest.user_id):
            return
        await self.converse_files(client, key, dest, [file], "", token)

    async def submit(
        self, client: AsyncWebClient, key: str, dest: Destination, ref: str, fields: Fields
    ) -> None:
        member = await self.member_for(client, dest)
        if member is None:
            return
        understood = await self.app.conversation.form_meaning(member, ref, fields)
        await self.converse(client, key, dest, understood)

    async def open_form(
        self, client: AsyncWebClient, dest: Destination, trigger_id: str, ref: str, text: str = ""
    ) -> None:
        """The submission modal, prefilled from an entry, the pending draft, or the command's text."""
        member = await self.member_for(client, dest)
        if member is None:
            return
        form = await self.app.conversation.form(member, ref, text)
        if form is None:
            await self.replies.post(client, replace(dest, replace=False), _notice(wording.NOTHING_TO_EDIT))
            return
        view = blocks.submission_modal(form.fields, {"ref": ref}, title=form.title)
        await client.views_open(trigger_id=trigger_id, view=view)

    async def publish_home(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        """App Home as the portal's dashboard, refreshed whenever the record changes."""
        member = await self.members.ensure(client, team_id, user_id)
        if isinstance(member, Unlinked):
            text = wording.LINK_NEEDED.format(email=member.email)
            await client.views_publish(
                user_id=user_id, view={"type": "home", "blocks": blocks.sections(text)}
            )
            return
        if member is None:
            return
        sender = inbound.identity(team_id, user_id)
        home = await self.app.conversation.home(member, Inbound(source=inbound.SOURCE, sender=sender))
        await client.views_publish(user_id=user_id, view=blocks.home_view(home, sender.key))

    async def member_for(self, client: AsyncWebClient, dest: Destination) -> Member | None:
        """The member this request acts for; a user who may not join their e-mail's record is told how."""
        member = await self.members.ensure(client, dest.team_id, dest.user_id)
        if isinstance(member, Unlinked):
            notice = _notice(wording.LINK_NEEDED.format(email=member.email))
            await self.replies.post(client, replace(dest, replace=False, public=False), notice)
            return None
        return member

    async def link(self, client: AsyncWebClient, dest: Destination, code: str, claim: str = "") -> None:
        """`link` alone: a code for the member's record; `link CODE`: this Slack account joins it."""
        if claim and not await self.app.store.mark_event(claim + ":door"):
            return
        if not code:
            member = await self.member_for(client, dest)
            if member is not None:
                minutes = self.codes.ttl // 60
                text = wording.LINK_CODE.format(code=self.codes.issue(member.id), minutes=minutes)
                await self.replies.post(client, dest, _notice(text))
            return
        joined, text = await self._join(dest, code)
        await self.replies.post(client, dest, _notice(text))
        if joined:
            await self.publish_home(client, dest.team_id, dest.user_id)

    async def _join(self, dest: Destination, code: str) -> tuple[bool, str]:
        account = inbound.identity(dest.team_id, dest.user_id)
        outcome = await self.app.conversation.join(account, self.codes.read(code), self.codes.key(code))
        if outcome.result == "linked" and outcome.member is not None:
            return True, wording.LINKED.format(name=outcome.member.name)
        return False, _JOIN_REFUSALS.get(outcome.result, wording.LINK_BAD_CODE)


_JOIN_REFUSALS = {"already": wording.LINK_ALREADY, "has_own_record": wording.LINK_HAS_OWN_RECORD}


def _notice(text: str) -> dict[str, Any]:
    return {"text": blocks.notice_text(text), "blocks": blocks.sections(text)}


def _from_a_bot(event: dict[str, Any]) -> bool:
    """A bot's message or mention (another app, a workflow): never answered, never made a member.

    Told by the event itself, before users.info, which may fail or be slow.
    """
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") == "bot_message"


def _not_theirs(owner: str | None, dest: Destination, container: dict[str, Any]) -> str | None:
    """Why a button press is refused: the card is another member's, or whose it is can't be told.

    A card without an owner (made before buttons carried one) is trusted only where no one
    else could have seen it: App Home, an ephemeral message, or the presser's DM with the bot.
    """
    if owner is not None:
        return None if owner == dest.owner else wording.SOMEONE_ELSES
    private = (
        container.get("type") in ("view", "ephemeral_message")
        or bool(container.get("is_ephemeral"))
        or str(dest.channel_id or "").startswith("D")
    )
    return None if private else wording.WHOSE_CARD


def _bot_token(context: AsyncBoltContext, client: AsyncWebClient) -> str:
    return str(context.bot_token or client.token or "")


def _event_destination(body: dict[str, Any], event: dict[str, Any], user: str, *, is_dm: bool) -> Destination:
    """Where to answer a message or mention event: its channel, in its thread."""
    return Destination(
        team_id=str(event.get("team") or body.get("team_id")),
        user_id=user,
        channel_id=event.get("channel"),
        thread_ts=event.get("thread_ts"),
        is_dm=is_dm,
    )
