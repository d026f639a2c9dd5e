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
    # Plain ALTER TABLE, never Alembic's batch rebuild: on SQLite a rebuild drops the old table,
    # and with foreign keys on, dropping `members` cascades away every member's entries.
    op.add_column("activities", sa.Column("topics", sa.BigInteger(), nullable=False, server_default="0"))
    for name, default in _FLAGS:
        op.add_column("members", sa.Column(name, sa.Boolean(), nullable=False, server_default=default))
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
    for name, _ in reversed(_FLAGS):
        op.drop_column("members", name)  # SQLite >= 3.35 drops a column in place
    op.drop_column("activities", "topics")


# The profile flags, with constant defaults ("0"/"1": an expression default makes SQLite rebuild).
_FLAGS = (
    ("dea_registered", "0"),
    ("dea_exempt", "0"),
    ("direct_patient_care", "1"),
    ("prescribes_opioids", "0"),
)
