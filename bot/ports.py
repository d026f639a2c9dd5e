"""The seams between the core and the outside: what the core needs from storage.

The core talks to this `Protocol`; `storage.store.SqlStore` implements it with
SQLAlchemy. Every method that changes the record is one transaction, scoped to
one member id: there is no method that takes an entry number without the
member it belongs to, so no caller can reach another member's entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from bot.domain import Activity, RecordedActivity
from bot.reminders.prefs import ReminderPrefs
from bot.requirement_sets.model import Aggregate, Profile, Window
from bot.requirements import Totals


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    email: str | None
    timezone: str
    cycle_end_year: int | None = None
    asps_id: str | None = None
    home_city: str | None = None
    home_state: str | None = None
    home_country: str | None = None
    mail_token: str | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str  # "email" | "slack"
    key: str  # lower-cased address, or "TEAM:USER"
    verified: bool


@dataclass(frozen=True, slots=True)
class FileData:
    """A file as the core and every door carry it: a certificate coming in, a report going out.

    One type for all three uses (`bot.envelope.Attachment`, `bot.envelope.ReplyFile` and
    `NewDocument` below), so a certificate received is kept and sent back without copying fields.
    """

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class NewDocument(FileData):
    """A certificate file to keep with an activity (seed: keep your certificates)."""

    # Which of the recorded entries (their index) this file certifies: several certificates
    # in one message each stay with their own entry. None: kept, with no entry (unreadable).
    entry: int | None = 0


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    sha256: str
    filename: str
    content_type: str
    size: int
    entry_number: int | None


@dataclass(frozen=True, slots=True)
class NewEntry:
    activity: Activity
    flags: frozenset[str] = frozenset()
    source: str = "chat"
    document_ids: tuple[int, ...] = ()  # already stored (a draft's files), linked on record


class DraftStatus:
    """A draft is open until it is recorded, cancelled or expires; it leaves "open" once."""

    OPEN = "open"
    RECORDED = "recorded"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@dataclass(slots=True)
class Draft:
    """Activities waiting for the member's yes or correction, kept between messages.

    A member may have several; `number` (per member, from 1) is how the member
    and the buttons name one. `thread` is the e-mail Message-ID the draft was
    asked in, so a threaded reply answers that draft and no other.
    """

    activities: list[dict[str, Any]]
    documents: list[int] = field(default_factory=list)
    source: str = "chat"
    number: int = 0  # 0: not stored yet
    status: str = DraftStatus.OPEN
    recorded_as: tuple[int, ...] = ()
    thread: str | None = None
    created_at: datetime | None = None
    # Which activity each kept certificate file belongs to (file id -> index); files not named
    # here go with the first activity.
    document_entries: dict[int, int] = field(default_factory=dict)


class AlreadyProcessed(Exception):
    """The event (Slack event id, Message-ID) was handled before; do nothing twice."""


class DraftClosed(Exception):
    """The draft left "open" meanwhile (the other of two presses got there first)."""

    def __init__(self, draft: Draft | None) -> None:
        super().__init__(draft.number if draft else None)
        self.draft = draft


class IdentityTaken(ValueError):
    """The identity (an address, a Slack account) already belongs to a member, perhaps one made a
    moment ago by another process; the store raises it instead of its database's own error."""


class RecordStore(Protocol):
    # members and identities
    async def member_by_identity(self, kind: str, key: str) -> tuple[Member, Identity] | None: ...
    async def member_by_id(self, member_id: int) -> Member | None: ...
    async def member_by_mail_token(self, token: str) -> Member | None: ...
    async def create_member(
        self,
        *,
        name: str,
        timezone: str,
        identities: Sequence[Identity],
        cycle_end_year: int | None = None,
        asps_id: str | None = None,
        home: tuple[str | None, str | None, str | None] = (None, None, None),
    ) -> Member: ...
    async def add_identity(self, member_id: int, identity: Identity) -> None: ...
    async def identities_of(self, member_id: int) -> list[Identity]: ...
    async def list_members(self) -> list[Member]: ...
    async def set_cycle_end(self, member_id: int, year: int) -> None: ...

    # the record
    async def record(
        self,
        member_id: int,
        entries: Sequence[NewEntry],
        *,
        event_key: str | None = None,
        from_draft: int | None = None,
        documents: Sequence[NewDocument] = (),
    ) -> list[RecordedActivity]:
        """Record entries in one transaction. `from_draft` marks that draft recorded in it too,
        or raises `DraftClosed` (recording nothing) when it is no longer open; `documents`
        (certificate files) are stored in it, each kept with the entry its `entry` index names."""
        ...

    async def entry(self, member_id: int, number: int) -> RecordedActivity | None: ...
    async def last_entry(self, member_id: int) -> RecordedActivity | None: ...
    async def last_touched(self, member_id: int) -> RecordedActivity | None:
        """The entry most recently recorded or edited (else the last one)."""
        ...

    async def entries(
        self, member_id: int, start: date | None = None, end: date | None = None
    ) -> list[RecordedActivity]: ...
    async def recent_entries(self, member_id: int, limit: int) -> list[RecordedActivity]: ...
    async def delete(
        self, member_id: int, numbers: Sequence[int], *, event_key: str | None = None
    ) -> list[RecordedActivity]:
        """Soft-delete those of the member's entries that exist, in one transaction."""

    async def restore(self, member_id: int, number: int) -> RecordedActivity | None: ...
    async def last_change(self, member_id: int) -> tuple[str, tuple[int, ...]] | None:
        """The member's last change to the record ("recorded", "edited", "deleted", "restored") and
        the entries it touched: what a bare "undo" takes back."""
        ...

    async def update(
        self, member_id: int, number: int, activity: Activity, *, event_key: str | None = None
    ) -> RecordedActivity | None: ...
    async def find_duplicate(self, member_id: int, title: str, start: date) -> int | None: ...
    async def totals(self, member_id: int, start: date, end: date) -> Totals: ...
    async def aggregates(
        self, member_id: int, wanted: dict[Window, frozenset[Aggregate]]
    ) -> dict[Window, dict[Aggregate, Decimal]]:
        """Every sum asked for, per window, computed by the database (issue 14: one scan per window)."""
        ...

    # requirement-set profiles: which sets a member holds, and what anchors them
    async def profile(self, member_id: int) -> Profile:
        """The member's profile; one who never set one holds ASPS alone."""
        ...

    async def save_profile(self, member_id: int, profile: Profile) -> None: ...

    # reminder settings (issue 15): what the member said about being reminded
    async def reminder_prefs(self, member_id: int) -> ReminderPrefs: ...
    async def save_reminder_prefs(self, member_id: int, prefs: ReminderPrefs) -> None: ...

    # drafts, documents, events
    async def save_draft(self, member_id: int, draft: Draft, documents: Sequence[NewDocument] = ()) -> Draft:
        """Store a new draft (`number` 0: it gets the member's next number) or replace an open
        one's activities; `documents` are stored in the same transaction and added to it.
        Raises `DraftClosed` when the draft named is no longer open."""
        ...

    async def open_drafts(self, member_id: int) -> list[Draft]:
        """The member's open drafts, oldest first."""
        ...

    async def draft(self, member_id: int, number: int) -> Draft | None: ...
    async def pending_draft(self, member_id: int) -> Draft | None:
        """The newest open draft."""
        ...

    async def close_draft(self, member_id: int, number: int, status: str) -> Draft | None:
        """Move an open draft to `status`; None when it was not open (closed by someone else)."""
        ...

    async def store_documents(self, member_id: int, documents: Sequence[NewDocument]) -> list[int]: ...
    async def documents(self, member_id: int) -> list[StoredDocument]: ...
    async def document_data(self, member_id: int, document_id: int) -> bytes | None: ...
    async def event_seen(self, key: str) -> bool: ...
    async def mark_event(self, key: str) -> bool: ...
