"""What a door hands the core (`Inbound`) and what the core hands back (`Reply`).

One vocabulary for every transport: the Slack and e-mail handlers translate
their payloads into an `Inbound` and render a `Reply` their own way (Block
Kit, an e-mail body with attachments, console text). Nothing past the door
knows which door it was (paperless-ngx's `ConsumableDocument` idea).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import RecordedActivity
from bot.ports import Identity, Member
from bot.requirements import Summary
from bot.understanding.contract import Understanding


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a member.

    `sender` is who the door says sent it, with `verified` meaning the door
    authenticated it (Slack's signature, DKIM or a trusted
    Authentication-Results). `understood` carries structured input (a button,
    a modal's fields) that needs no text understanding. `event_key` makes a
    retried delivery (Slack retry, same Message-ID) a no-op.
    """

    source: str
    sender: Identity
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    received_at: datetime | None = None
    event_key: str | None = None
    understood: Understanding | None = None
    # E-mail threading: this message's Message-ID, and the ids it replies to (In-Reply-To,
    # References), so a reply answers the draft its thread names and no other.
    message_id: str | None = None
    replying_to: tuple[str, ...] = ()


class ReplyKind(enum.StrEnum):
    RECORDED = "recorded"
    DRAFT = "draft"
    CANCELLED = "cancelled"
    DELETED = "deleted"
    EDITED = "edited"
    SUMMARY = "summary"
    NEED = "need"
    REPORT = "report"
    HELP = "help"
    ANSWER = "answer"
    REJECTED = "rejected"
    UNKNOWN_MEMBER = "unknown_member"
    ALREADY_HANDLED = "already_handled"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ReplyFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Action:
    """A suggested next step; Slack shows a button, e-mail says "reply …"."""

    id: str  # "undo", "edit", "confirm", "cancel", "report", "submit"
    label: str
    value: str = ""


@dataclass(slots=True)
class Reply:
    kind: ReplyKind
    text: str
    member: Member | None = None
    entries: list[RecordedActivity] = field(default_factory=list)
    draft: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    summary: Summary | None = None
    files: list[ReplyFile] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    draft_number: int | None = None  # the draft this reply shows, when it shows one
    intent: str | None = None  # what the message was taken for ("log", "certificate", …), for the log line
