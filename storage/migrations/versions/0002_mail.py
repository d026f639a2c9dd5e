"""e-mail inbox, outbox and address confirmations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:55:00

Plain `op.create_table` calls, no model imports: a migration must describe the
schema as it was at this revision, whatever the models say later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sa.String(length=64), nullable=False),
        sa.Column("mail_from", sa.String(length=320), nullable=False),
        sa.Column("rcpt_to", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("confirmation_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_key"),
    )
    op.create_index("ix_mail_inbox_state_due", "mail_inbox", ["state", "next_attempt_at"], unique=False)
    op.create_index("ix_mail_inbox_confirmation_id", "mail_inbox", ["confirmation_id"], unique=False)

    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbox_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("mail_from", sa.String(length=320), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mail_outbox_state_due", "mail_outbox", ["state", "next_attempt_at"], unique=False)
    op.create_index(
        "ix_mail_outbox_recipient_created", "mail_outbox", ["recipient", "created_at"], unique=False
    )
    op.create_index("ix_mail_outbox_inbox_id", "mail_outbox", ["inbox_id"], unique=False)

    op.create_table(
        "mail_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index("ix_mail_confirmations_address", "mail_confirmations", ["address"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mail_confirmations_address", table_name="mail_confirmations")
    op.drop_table("mail_confirmations")
    op.drop_index("ix_mail_outbox_inbox_id", table_name="mail_outbox")
    op.drop_index("ix_mail_outbox_recipient_created", table_name="mail_outbox")
    op.drop_index("ix_mail_outbox_state_due", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_index("ix_mail_inbox_confirmation_id", table_name="mail_inbox")
    op.drop_index("ix_mail_inbox_state_due", table_name="mail_inbox")
    op.drop_table("mail_inbox")
