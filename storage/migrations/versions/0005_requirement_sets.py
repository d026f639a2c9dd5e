"""Requirement sets: entry topics, the sets a member holds, profile flags, overrides

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:30:00

Issue 14 tracks several requirement sets at once (ASPS, a state licence, DEA).
An entry's topics are one BIGINT bitmask (bits fixed in bot/entry_topics.json)
so the database sums credits per topic in the same scan as the totals; entries
recorded before this carry no topic (0). The profile flags live on `members`:
they are one per member, and their server defaults give every existing member
the default profile without an insert. No `member_sets` rows are written for
existing members: a member with none holds the default (`Profile()`: ASPS), so
the default lives in one place and a later change of it needs no data rewrite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topics", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dea_registered", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("dea_exempt", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("direct_patient_care", sa.Boolean(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("prescribes_opioids", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "member_sets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("renews_on", sa.Date(), nullable=True),
        sa.Column("first_renewal", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.UniqueConstraint("member_id", "code", name="uq_member_sets_code"),
    )
    op.create_table(
        "requirement_overrides",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rule_id", sa.String(120), nullable=False),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("on", sa.Date(), nullable=False),
        sa.UniqueConstraint("member_id", "rule_id", name="uq_requirement_overrides_rule"),
    )


def downgrade() -> None:
    op.drop_table("requirement_overrides")
    op.drop_table("member_sets")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("prescribes_opioids")
        batch_op.drop_column("direct_patient_care")
        batch_op.drop_column("dea_exempt")
        batch_op.drop_column("dea_registered")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("topics")
