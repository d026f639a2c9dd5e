"""Reply -> e-mail: a plain-text body, attachments, and headers that thread and stop loops.

Threading per RFC 5322 §3.6.4 (In-Reply-To, References, "Re:" subject);
`Auto-Submitted: auto-replied` per RFC 3834 §5, sent with a null return path
(RFC 3834 §3.3) so a bounce of our reply can't start a loop; `X-Loop` lets us
spot our own mail coming back.
"""

from __future__ import annotations

import email.policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.envelope import Reply
from handlers.email import wording as say
from handlers.email.parsing import ParsedMail, bare_subject
from handlers.email.queue import OutgoingMail


class _CachedHeaderRegistry(HeaderRegistry):
    """CPython's registry builds a new header class with `type()` on every lookup, a third of
    the time it takes to build a reply; the classes depend only on the header name."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# policy.SMTP (CRLF line ends: smtplib refuses bare LF) with the cached registry.
POLICY = email.policy.SMTP.clone(header_factory=_CachedHeaderRegistry())


def bot_address(domain: str) -> str:
    return f"cme@{domain}"


def render_body(reply: Reply | None, notes: list[str]) -> str:
    """Notes about unreadable attachments first, then the core's text, then e-mail-only hints."""
    parts: list[str] = []
    if notes:
        parts.append("\n".join([say.COULD_NOT_READ, *(f"– {n}" for n in notes)]))
    if reply is not None and reply.text:
        parts.append(reply.text)
        ids = {a.id for a in reply.actions}
        if "report" in ids and '"report"' not in reply.text:
            parts.append(say.REPORT_HINT)
    if not parts:
        parts.append(say.NOTHING_READABLE)
    return "\n\n".join(parts) + f"\n\n-- \n{say.SIGNATURE}\n"


def threaded(
    original: ParsedMail,
    *,
    to_addr: str,
    to_name: str,
    domain: str,
    body: str,
    reply_to: str | None = None,
    subject: str | None = None,
) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = Address("CME bot", addr_spec=bot_address(domain))
    msg["To"] = _address(to_name, to_addr)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject or "Re: " + (bare_subject(original.subject) or "your message")
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid("cmebot", domain=domain)
    if original.message_id:
        msg["In-Reply-To"] = original.message_id
        msg["References"] = " ".join([*original.references[-10:], original.message_id])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Loop"] = bot_address(domain)
    msg.set_content(body)
    return msg


def with_files(msg: EmailMessage, reply: Reply | None) -> EmailMessage:
    for file in reply.files if reply is not None else []:
        maintype, _, subtype = file.content_type.partition("/")
        msg.add_attachment(
            file.data, maintype=maintype, subtype=subtype or "octet-stream", filename=file.filename
        )
    return msg


def outgoing(msg: EmailMessage, recipient: str) -> OutgoingMail:
    """Serialised with CRLF line ends (`policy.SMTP`): smtplib refuses bare LF ("500 Line too long")."""
    return OutgoingMail(recipient=recipient, mail_from="", raw=msg.as_bytes(policy=POLICY))


def _address(name: str, addr: str) -> Address | str:
    try:
        return Address(name.replace("\n", " ")[:100], addr_spec=addr)
    except (ValueError, IndexError):
        return addr
