"""The schema, as SQLAlchemy 2 typed models.

Credits are stored as whole hundredths (`Centi`) in an INTEGER column: exact on
SQLite and PostgreSQL alike, summed by the database without a float in sight,
and handed back to Python as `Decimal`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.domain import TEXT_LIMITS

HUNDRED = Decimal(100)


class Centi(TypeDecorator[Decimal]):
    """Decimal credits kept as integer hundredths of a credit."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * HUNDRED).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / HUNDRED).quantize(Decimal("0.01"))


class Base(DeclarativeBase):
    pass


def _now() -> Any:
    return func.now()


class MemberRow(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    cycle_end_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    asps_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    home_city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    home_state: Mapped[str | None] = mapped_column(String(10), nullable=True)
    home_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    mail_token: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    next_number: Mapped[int] = mapped_column(Integer, default=0)
    next_draft: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The profile flags requirement sets depend on (bot.requirement_sets.model.Profile).
    dea_registered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    dea_exempt: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    direct_patient_care: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    prescribes_opioids: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class IdentityRow(Base):
    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_identity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(320))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("member_id", "number", name="uq_activity_number"),
        Index("ix_activity_member_start", "member_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TEXT_LIMITS["title"]))
    title_key: Mapped[str] = mapped_column(String(500))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    activity_type: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(1))
    provider: Mapped[str | None] = mapped_column(String(TEXT_LIMITS["provider"]), nullable=True)
    credits: Mapped[Decimal] = mapped_column(Centi)
    patient_safety_credits: Mapped[Decimal] = mapped_column(Centi, default=Decimal(0))
    plastic_surgery_credits: Mapped[Decimal] = mapped_column(Centi, default=Decimal(0))
    city: Mapped[str | None] = mapped_column(String(TEXT_LIMITS["city"]), nullable=True)
    state: Mapped[str | None] = mapped_column(String(TEXT_LIMITS["state"]), nullable=True)
    country: Mapped[str | None] = mapped_column(String(TEXT_LIMITS["country"]), nullable=True)
    flags: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="chat")
    # bot.entry_topics bits: summed per topic by `(topics & bit) != 0` in the totals' scan
    topics: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("member_id", "sha256", name="uq_document_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL"), nullable=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class DraftRow(Base):
    """One draft of a member's, numbered per member; `status` moves off "open" exactly once."""

    __tablename__ = "member_drafts"
    __table_args__ = (
        UniqueConstraint("member_id", "number", name="uq_member_drafts_number"),
        Index("ix_member_drafts_open", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="open")
    recorded_as: Mapped[str] = mapped_column(String(200), default="")
    thread: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class MemberSetRow(Base):
    """A requirement set the member holds; a member with none holds the default (ASPS)."""

    __tablename__ = "member_sets"
    __table_args__ = (UniqueConstraint("member_id", "code", name="uq_member_sets_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    renews_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    first_renewal: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # the member's order


class OverrideRow(Base):
    """The member's own word that a rule is met ("my board accepted it")."""

    __tablename__ = "requirement_overrides"
    __table_args__ = (UniqueConstraint("member_id", "rule_id", name="uq_requirement_overrides_rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    on: Mapped[date] = mapped_column(Date)


class SeenEventRow(Base):
    __tablename__ = "seen_events"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
