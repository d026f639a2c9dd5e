"""Where a reply goes, and how: private by default, files in the DM.

A physician asks about their record in a hospital channel; the answer must
not appear to colleagues unless they asked ("public"). So replies are
ephemeral in the channel, falling back to the command's `response_url` where
the bot is not a member (chat.postEphemeral answers `channel_not_found`),
and to the DM when there is neither. Report files always go to the DM
through the current two-step upload (`files_upload_v2`: getUploadURLExternal,
POST, completeUploadExternal), never the retired `files.upload`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.envelope import Reply, ReplyFile
from handlers.slack import blocks, inbound, wording

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the request came from, so the reply lands next to it."""

    team_id: str
    user_id: str
    channel_id: str | None = None
    response_url: str | None = None
    thread_ts: str | None = None
    is_dm: bool = False  # the member's DM with the bot: plain messages are private already
    public: bool = False  # the member asked to share the reply
    replace: bool = False  # a button on a message: update that message in place
    overview: bool = False

    @property
    def owner(self) -> str:
        """The identity key a reply's buttons belong to."""
        return inbound.identity(self.team_id, self.user_id).key


class Replies:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session
        self._dms: dict[tuple[str, str], str] = {}

    async def dm_channel(self, client: AsyncWebClient, dest: Destination) -> str:
        key = (dest.team_id, dest.user_id)
        if dest.is_dm and dest.channel_id:
            self._dms[key] = dest.channel_id
        if key not in self._dms:
            opened = await client.conversations_open(users=dest.user_id)
            channel: dict[str, Any] = opened.get("channel") or {}
            self._dms[key] = str(channel["id"])
        return self._dms[key]

    async def send(self, client: AsyncWebClient, dest: Destination, reply: Reply) -> None:
        if reply.files:
            await self._send_files(client, dest, reply)
            return
        payload: dict[str, Any] = {
            "text": blocks.fallback_text(reply),
            "blocks": blocks.reply_blocks(reply, dest.owner, overview=dest.overview),
        }
        await self.post(client, dest, payload)

    async def post(self, client: AsyncWebClient, dest: Destination, payload: dict[str, Any]) -> None:
        replaced = dest.replace and dest.response_url is not None
        if replaced and await self._webhook(str(dest.response_url), {**payload, "replace_original": True}):
            return
        if dest.public and dest.channel_id:
            try:
                await client.chat_postMessage(channel=dest.channel_id, thread_ts=dest.thread_ts, **payload)
                return
            except SlackApiError as exc:
                log.info("chat.postMessage to %s failed: %s", dest.channel_id, exc.response.get("error"))
                if dest.response_url and await self._webhook(
                    dest.response_url, {**payload, "response_type": "in_channel"}
                ):
                    return
        if dest.is_dm and dest.channel_id:
            await client.chat_postMessage(channel=dest.channel_id, thread_ts=dest.thread_ts, **payload)
            return
        if dest.channel_id:
            try:
                await client.chat_postEphemeral(
                    channel=dest.channel_id, user=dest.user_id, thread_ts=dest.thread_ts, **payload
                )
                return
            except SlackApiError as exc:
                log.info("chat.postEphemeral in %s failed: %s", dest.channel_id, exc.response.get("error"))
            if dest.response_url and await self._webhook(
                dest.response_url, {**payload, "response_type": "ephemeral"}
            ):
                return
        await client.chat_postMessage(channel=await self.dm_channel(client, dest), **payload)

    async def _webhook(self, url: str, body: dict[str, Any]) -> bool:
        try:
            response = await AsyncWebhookClient(url, session=self._session).send_dict(body)
        except aiohttp.ClientError as exc:
            log.warning("response_url post failed: %s", exc)
            return False
        return response.status_code == 200

    async def _send_files(self, client: AsyncWebClient, dest: Destination, reply: Reply) -> None:
        """Files go to the DM; a command in a channel gets a private note saying so."""
        dm = await self.dm_channel(client, dest)
        uploads = [_upload(f) for f in reply.files]
        await client.files_upload_v2(
            file_uploads=uploads, channel=dm, initial_comment=blocks.fallback_text(reply)
        )
        if dest.channel_id != dm and (dest.channel_id or dest.response_url):
            note = {
                "text": blocks.notice_text(wording.REPORT_IN_DM),
                "blocks": blocks.sections(wording.REPORT_IN_DM),
            }
            await self.post(client, replace(dest, public=False, replace=False), note)


def _upload(file: ReplyFile) -> dict[str, Any]:
    return {"file": file.data, "filename": file.filename, "title": file.filename}
