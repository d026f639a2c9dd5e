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

import quopri
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.reminders.compose import Notice
from handlers.email import wording as mail_say
from handlers.email.replies import bot_address
from handlers.slack import blocks
from storage.reminders import Mail

METADATA_EVENT = "cmebot_reminder"


def reminder_mail(notice: Notice, *, to_addr: str, to_name: str, domain: str) -> Mail:
    """The mail's bytes written out directly: every header here is ours and plain ASCII (a subject
    or name that is not gets an RFC 2047 encoded word), and the email package's header objects
    and folding cost several times the rest of a reminder."""
    bot = bot_address(domain)
    headers = [
        f"From: CME bot <{bot}>",
        f"To: {formataddr((to_name.replace(chr(10), ' ')[:100], to_addr), charset='utf-8')}",
        f"Subject: {_header_text(notice.subject)}",
        f"Date: {formatdate(usegmt=True)}",
        f"Message-ID: {make_msgid('cmebot-reminder', domain=domain)}",
    ]
    thread = " ".join((notice.thread or "").split())  # a stored Message-ID: one line, whatever it held
    if thread:
        headers += [f"In-Reply-To: {thread}", f"References: {thread}"]
    headers += [
        "Auto-Submitted: auto-generated",
        f"X-Loop: {bot}",
        f"List-Unsubscribe: <mailto:{bot}?subject=stop%20reminders&body=stop%20reminders>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
    ]
    body = quopri.encodestring(f"{notice.text}\n\n-- \n{mail_say.SIGNATURE}\n".encode())
    raw = "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + body.replace(b"\n", b"\r\n")
    return Mail(recipient=to_addr, raw=raw)


def _header_text(text: str) -> str:
    flat = " ".join(text.split())
    return flat if flat.isascii() else Header(flat, "utf-8").encode()


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
