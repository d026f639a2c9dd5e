"""Several drafts per member, numbered, each with its own state

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 21:00:00

A member may have several activities waiting at once (one waits for its
provider while the next is recorded). Each draft gets a per-member number the
member and the buttons can name, a state (open, recorded, cancelled, expired)
changed by one conditional UPDATE so a double press acts once, the entry
numbers it became, and the thread (e-mail Message-ID) it was asked in. The old
one-row-per-member drafts are carried over as draft 1.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_draft", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "member_drafts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="open"),
        sa.Column("recorded_as", sa.String(200), nullable=False, server_default=""),
        sa.Column("thread", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("member_id", "number", name="uq_member_drafts_number"),
    )
    op.create_index("ix_member_drafts_open", "member_drafts", ["member_id", "status"])
    op.execute(
        "INSERT INTO member_drafts (member_id, number, payload, status, recorded_as, created_at, updated_at) "
        "SELECT member_id, 1, payload, 'open', '', updated_at, updated_at FROM drafts"
    )
    op.execute("UPDATE members SET next_draft = 1 WHERE id IN (SELECT member_id FROM drafts)")
    op.drop_table("drafts")


def downgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column(
            "member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.drop_index("ix_member_drafts_open", table_name="member_drafts")
    op.drop_table("member_drafts")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("next_draft")
