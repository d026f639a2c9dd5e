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

# What a door may use of the core besides this module, `bot.conversation` and `bot.ports`
# (tests/test_layers.py holds doors to that). These are re-exported on purpose, not by accident:
# a `Reply` carries domain objects (entries, a summary, form fields), so a door that renders them
# needs their types and the core's one way of writing credits, dates and notes; a door writing its
# own `format_credits` would drift from the chat's. Reading a door's input (a credit amount, a
# draft reference, a file's real type, whether a certificate file can be read at all and what to
# say when not) uses the same rules the core checks with, for the same reason.
from bot.cards import OVERVIEW_HELP, notes_beside_cards
from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    FORM_FIELDS,
    TEXT_LIMITS,
    ActivityType,
    Category,
    RecordedActivity,
    format_credits,
    to_credits,
)
from bot.drafting import is_draft_ref
from bot.filetypes import safe_filename, sniff
from bot.ports import FileData, Identity, Member
from bot.presenting import date_span, entry_line, summary_notes
from bot.requirements import Standing, Summary
from bot.understanding.activity import MAX_CREDITS
from bot.understanding.admit import MAX_FILE_BYTES, certificate_problem, too_large
from bot.understanding.contract import Fields, Intent, Understanding
from bot.understanding.entry_topics_reading import FIELD as TOPICS_FIELD
from bot.understanding.entry_topics_reading import topic_choices

__all__ = [
    "FLAG_AUTO_UPLOADED",
    "FLAG_DUPLICATE",
    "FORM_FIELDS",
    "MAX_CREDITS",
    "MAX_FILE_BYTES",
    "OVERVIEW_HELP",
    "TEXT_LIMITS",
    "TOPICS_FIELD",
    "Action",
    "ActivityType",
    "Admission",
    "AdmissionKind",
    "Attachment",
    "Category",
    "Fields",
    "FormView",
    "HomeView",
    "IdentityClaim",
    "Inbound",
    "Intent",
    "JoinOutcome",
    "RecordedActivity",
    "Reply",
    "ReplyFile",
    "ReplyKind",
    "Standing",
    "Summary",
    "Understanding",
    "certificate_problem",
    "date_span",
    "entry_line",
    "format_credits",
    "is_draft_ref",
    "notes_beside_cards",
    "safe_filename",
    "sniff",
    "summary_notes",
    "to_credits",
    "too_large",
    "topic_choices",
]


Attachment = FileData  # a file a member sent (a certificate)


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


ReplyFile = FileData  # a file the bot sends back (a report)


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


# ---- membership: a door says who is asking, the core decides (bot/membership.py) ----------------


@dataclass(frozen=True, slots=True)
class IdentityClaim:
    """Who a door's platform says is asking, before the core decides whose record that is.

    `account` is the door's own key for them (a Slack team+user); `realm` is where
    that account lives (the workspace), whose administrators vouch for its profile
    e-mails; `email_confirmed` is the platform's word on the address (None: it
    did not say).

    An e-mail sender is an `account` of kind "email" whose `verified` says the
    door authenticated this message (DKIM, a trusted Authentication-Results);
    `email_confirmed` True says the sender has answered a confirmation sent to
    the address (double opt-in). `sent_to_token` is the member token of the
    private address (cme+token@) the message came to; `joining` is the record a
    confirmation was asked for (the `member` of the CONFIRM_FIRST admission).
    """

    account: Identity
    realm: str
    name: str | None = None
    timezone: str | None = None
    email: str | None = None
    email_confirmed: bool | None = None
    is_bot: bool = False
    sent_to_token: str | None = None
    joining: int | None = None


class AdmissionKind(enum.StrEnum):
    KNOWN = "known"  # a member already
    ENROLLED = "enrolled"  # a new member, made now
    LINKED = "linked"  # joined the record that owns their confirmed e-mail
    REFUSED = "refused"  # their e-mail is a record they may not join by it: explain linking
    NOT_A_PERSON = "not_a_person"  # a bot: never a member, never answered
    # e-mail: not answered until the sender confirms the address; `member` is the record the
    # confirmation would add it to (None: a new record)
    CONFIRM_FIRST = "confirm_first"


@dataclass(frozen=True, slots=True)
class Admission:
    kind: AdmissionKind
    member: Member | None = None
    email: str | None = None  # REFUSED: the address whose record they may not join (None: no address)


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    """An account's attempt to join a record with a link code."""

    result: str  # "linked" | "already" | "has_own_record" | "bad_code"
    member: Member | None = None  # the record the code named, when it names one


# ---- what a door renders besides a Reply --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormView:
    """The submission form as the core fills it: its title and prefilled fields."""

    title: str
    fields: Fields


@dataclass(frozen=True, slots=True)
class HomeView:
    """The member's dashboard (the portal's CME SUMMARY): the cycle's standing and latest entries."""

    member: Member
    summary: Summary | None
    recent: list[RecordedActivity]
    # Issue 14: the requirement sets held, a line each (the core's wording), and the buttons that
    # change them ("Add a licence", "Drop Texas"): the door draws them and sends the presses back.
    sets: tuple[str, ...] = ()
    set_actions: tuple[Action, ...] = ()
    reminders: str = ""  # the member's reminder settings, and the words that change them
