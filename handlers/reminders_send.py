"""How a reminder leaves: an e-mail for the outbox, or a Slack DM keyed so a retry is recognisable.

E-mail reminders are RFC 3834 `Auto-Submitted: auto-generated` mail with a
null return path (nothing answers them automatically, and a bounce cannot
start a loop) and a `List-Unsubscribe` that writes "stop reminders" to the
bot. A draft's nudge answers in the draft's own thread, so a plain "yes"
reply confirms that draft.

Slack reminders carry their row's key in Slack's message metadata; after a
crash between the call and the mark, `already_sent` reads the DM's history
for that key before anything is posted again.
"""

from __future__ import annotations

import email.charset
import email.policy
from email.header import Header
from email.message import Message
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.reminders.compose import Notice
from handlers.email import wording as mail_say
from handlers.email.replies import bot_address
from handlers.slack import blocks
from storage.reminders import Mail

METADATA_EVENT = "cmebot_reminder"
# Quoted-printable UTF-8 bodies (readable in the raw mail), CRLF line ends (smtplib refuses bare LF).
_UTF8_QP = email.charset.Charset("utf-8")
_UTF8_QP.body_encoding = email.charset.QP
_CRLF = email.policy.compat32.clone(linesep="\r\n")


def reminder_mail(notice: Notice, *, to_addr: str, to_name: str, domain: str) -> Mail:
    """Built with the compat32 classes: the modern policy's header objects parse every header
    they are given, several times the cost of the whole rest of a reminder."""
    msg = Message()
    msg.set_payload(f"{notice.text}\n\n-- \n{mail_say.SIGNATURE}\n", _UTF8_QP)  # sets the MIME headers
    msg["From"] = formataddr(("CME bot", bot_address(domain)))
    msg["To"] = formataddr((to_name.replace("\n", " ")[:100], to_addr), charset="utf-8")
    msg["Subject"] = Header(notice.subject, "utf-8").encode()
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid("cmebot-reminder", domain=domain)
    if notice.thread:
        msg["In-Reply-To"] = notice.thread
        msg["References"] = notice.thread
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Loop"] = bot_address(domain)
    msg["List-Unsubscribe"] = f"<mailto:{bot_address(domain)}?subject=stop%20reminders&body=stop%20reminders>"
    return Mail(recipient=to_addr, raw=msg.as_bytes(policy=_CRLF))


def slack_message(notice: Notice, owner: str) -> dict[str, Any]:
    """What is frozen in the row before the call: the text and its blocks (buttons for a draft)."""
    body = blocks.sections(notice.text)
    if notice.actions:
        body.append(blocks.actions(notice.actions, owner, block_id="cme_reminder_actions"))
    return {"text": notice.text, "blocks": body}


class SlackDm:
    """Direct messages through the Web API (base URL from settings: tests point it at a stand-in)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def _channel(self, user: str) -> str:
        opened = await self.client.conversations_open(users=user)
        return str(opened["channel"]["id"])

    async def post(self, user: str, key: str, message: dict[str, Any]) -> str:
        channel = await self._channel(user)
        answer = await self.client.chat_postMessage(
            channel=channel,
            text=message["text"],
            blocks=message["blocks"],
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
        )
        return str(answer.get("ts") or "")

    async def already_sent(self, user: str, key: str) -> bool:
        """Is the message keyed `key` in the DM already (posted before a crash)?"""
        channel = await self._channel(user)
        history = await self.client.conversations_history(
            channel=channel, include_all_metadata=True, limit=200
        )
        for message in history.get("messages") or []:
            meta = message.get("metadata") or {}
            if (
                meta.get("event_type") == METADATA_EVENT
                and (meta.get("event_payload") or {}).get("key") == key
            ):
                return True
        return False
