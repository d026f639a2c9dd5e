"""Reminders the bot owes members, and their reminder settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 23:30:00

Each reminder is a row keyed (member, kind, period, threshold) with a due
time, so planning is idempotent and a crash loses none; the (status, due_at)
index serves the scheduler's scan of what is due. `message` holds a Slack
reminder's frozen text while it is being sent, so a restart re-checks and
never recomposes it. Settings hold NULL where the member kept the default.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("threshold", sa.String(12), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.String(80), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False, server_default=""),
        sa.Column("message", sa.JSON(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("member_id", "kind", "period", "threshold", name="uq_reminders_key"),
    )
    op.create_index("ix_reminders_status_due", "reminders", ["status", "due_at"])
    op.create_table(
        "reminder_settings",
        sa.Column(
            "member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("digest", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("quiet_start", sa.Integer(), nullable=True),
        sa.Column("quiet_end", sa.Integer(), nullable=True),
        sa.Column("days_off", sa.String(20), nullable=False, server_default=""),
        sa.Column("snooze_until", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False, server_default="auto"),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reminder_settings")
    op.drop_index("ix_reminders_status_due", table_name="reminders")
    op.drop_table("reminders")
