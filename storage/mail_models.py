"""Tables for the e-mail door: inbox, outbox and address confirmations.

The inbox holds every accepted message's raw bytes: a message is answered
`250` only after its row commits, so nothing accepted can be lost. The outbox
holds every reply until the relay takes it (or it is written as a `.eml`
file), so a relay outage delays replies and never drops them. Replies per
address per hour are counted on the outbox itself (index on recipient and
time), which is the rate limit's table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from handlers.email.queue import DONE as DONE
from handlers.email.queue import FAILED as FAILED
from handlers.email.queue import IGNORED as IGNORED
from storage.models import Base, _now

# Inbox states: NEW (waiting for the worker), HELD (waiting for the sender to
# confirm their address), DONE, IGNORED (loop/bounce/list mail: never answered,
# RFC 3834 §2), FAILED (gave up after retries; the sender got an apology).
# The door names the ends of a message it finishes (handlers.email.queue); the waiting states are ours.
NEW, HELD = "new", "held"
# Outbox states.
PENDING, SENT = "pending", "sent"


class MailInboxRow(Base):
    __tablename__ = "mail_inbox"
    __table_args__ = (Index("ix_mail_inbox_state_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_key: Mapped[str] = mapped_column(String(64), unique=True)
    mail_from: Mapped[str] = mapped_column(String(320), default="")
    rcpt_to: Mapped[str] = mapped_column(Text, default="")
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=NEW)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class MailOutboxRow(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_state_due", "state", "next_attempt_at"),
        Index("ix_mail_outbox_recipient_created", "recipient", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    mail_from: Mapped[str] = mapped_column(String(320), default="")
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MailConfirmationRow(Base):
    __tablename__ = "mail_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    address: Mapped[str] = mapped_column(String(320), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    member_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
