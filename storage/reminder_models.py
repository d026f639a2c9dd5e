"""Tables for reminders: one row per reminder the bot owes a member, and each member's settings.

A reminder row is its own durable schedule: keyed (member, kind, period,
threshold) so planning twice plans once, found by the index on (status,
due_at), claimed by a conditional UPDATE, and marked sent in the same
transaction that hands the message on (see `storage.reminders`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, _now

# Reminder states: PENDING (waiting for due_at), SENDING (claimed; for Slack, the message is frozen in
# `message` before the call), SENT, SKIPPED (nothing to say when due: caught up, draft answered),
# STOPPED (the member turned reminders off before it was due).
PENDING, SENDING, SENT, SKIPPED, STOPPED = "pending", "sending", "sent", "skipped", "stopped"


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("member_id", "kind", "period", "threshold", name="uq_reminders_key"),
        Index("ix_reminders_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(40))
    threshold: Mapped[str] = mapped_column(String(12))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    channel: Mapped[str] = mapped_column(String(8), default="")
    message: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class ReminderSettingsRow(Base):
    __tablename__ = "reminder_settings"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quiet_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    days_off: Mapped[str] = mapped_column(String(20), default="")
    snooze_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    channel: Mapped[str] = mapped_column(String(8), default="auto")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
