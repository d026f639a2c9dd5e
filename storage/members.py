"""Members and the identities they are known by (an e-mail address, a Slack team+user).

Every message starts with `member_by_identity`, so it is one prebuilt query.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.ports import Identity, IdentityTaken, Member
from storage.models import AuditRow, IdentityRow, MemberRow
from storage.store_base import StoreBase


def _member(row: MemberRow) -> Member:
    return Member(
        id=row.id,
        name=row.name,
        email=None,
        timezone=row.timezone,
        cycle_end_year=row.cycle_end_year,
        asps_id=row.asps_id,
        home_city=row.home_city,
        home_state=row.home_state,
        home_country=row.home_country,
        mail_token=row.mail_token,
    )


class MemberQueries(StoreBase):
    async def member_by_identity(self, kind: str, key: str) -> tuple[Member, Identity] | None:
        """Every message starts here, so it is one query: member, identity and primary e-mail."""
        params = {"kind": kind, "key": _key(kind, key)}

        def work(s: Session) -> tuple[Member, Identity] | None:
            found = s.execute(_MEMBER_BY_IDENTITY, params).first()
            if found is None:
                return None
            member_row, ident, email = found
            return _with_email(_member(member_row), email), Identity(ident.kind, ident.key, ident.verified)

        return await self.database.read(work)

    async def member_by_id(self, member_id: int) -> Member | None:
        def work(s: Session) -> Member | None:
            row = s.get(MemberRow, member_id)
            return None if row is None else _with_email(_member(row), _primary_email(s, member_id))

        return await self.database.read(work)

    async def member_by_mail_token(self, token: str) -> Member | None:
        def work(s: Session) -> Member | None:
            row = s.execute(select(MemberRow).where(MemberRow.mail_token == token)).scalar_one_or_none()
            return None if row is None else _with_email(_member(row), _primary_email(s, row.id))

        return await self.database.read(work)

    async def create_member(
        self,
        *,
        name: str,
        timezone: str,
        identities: Sequence[Identity],
        cycle_end_year: int | None = None,
        asps_id: str | None = None,
        home: tuple[str | None, str | None, str | None] = (None, None, None),
    ) -> Member:
        """A new member with these identities; `IdentityTaken` when one of them is someone's already
        (another process may have enrolled the same person a moment ago)."""
        try:
            return await self._create_member(name, timezone, identities, cycle_end_year, asps_id, home)
        except IntegrityError as exc:
            raise IdentityTaken("an identity of the new member belongs to a member already") from exc

    async def _create_member(
        self,
        name: str,
        timezone: str,
        identities: Sequence[Identity],
        cycle_end_year: int | None,
        asps_id: str | None,
        home: tuple[str | None, str | None, str | None],
    ) -> Member:
        def work(s: Session) -> Member:
            row = MemberRow(
                name=name,
                timezone=timezone,
                cycle_end_year=cycle_end_year,
                asps_id=asps_id,
                home_city=home[0],
                home_state=home[1],
                home_country=home[2],
                mail_token=secrets.token_hex(8),
                next_number=0,
            )
            s.add(row)
            s.flush()
            for ident in identities:
                s.add(
                    IdentityRow(
                        member_id=row.id,
                        kind=ident.kind,
                        key=_key(ident.kind, ident.key),
                        verified=ident.verified,
                    )
                )
            s.add(AuditRow(member_id=row.id, action="member_created", detail=name))
            s.flush()
            return _member(row)

        member = await self.database.write(work)
        email = next((_key(i.kind, i.key) for i in identities if i.kind == "email"), None)
        return _with_email(member, email)

    async def add_identity(self, member_id: int, identity: Identity) -> None:
        """Attach (or verify) an identity; an identity already owned by someone else is refused."""
        key = _key(identity.kind, identity.key)

        def work(s: Session) -> None:
            existing = s.execute(
                select(IdentityRow).where(IdentityRow.kind == identity.kind, IdentityRow.key == key)
            ).scalar_one_or_none()
            if existing is not None:
                if existing.member_id != member_id:
                    raise IdentityTaken(f"{key} already belongs to another member")
                existing.verified = existing.verified or identity.verified
                return
            s.add(IdentityRow(member_id=member_id, kind=identity.kind, key=key, verified=identity.verified))
            s.add(AuditRow(member_id=member_id, action="identity_added", detail=f"{identity.kind}:{key}"))

        await self.database.write(work)

    async def identities_of(self, member_id: int) -> list[Identity]:
        query = select(IdentityRow).where(IdentityRow.member_id == member_id)
        return await self.database.read(
            lambda s: [Identity(r.kind, r.key, r.verified) for r in s.execute(query).scalars()]
        )

    async def list_members(self) -> list[Member]:
        def work(s: Session) -> list[Member]:
            rows = s.execute(select(MemberRow).order_by(MemberRow.id)).scalars().all()
            emails = dict(
                s.execute(
                    select(IdentityRow.member_id, func.min(IdentityRow.key))
                    .where(IdentityRow.kind == "email")
                    .group_by(IdentityRow.member_id)
                ).all()
            )
            return [_with_email(_member(r), emails.get(r.id)) for r in rows]

        return await self.database.read(work)

    async def set_cycle_end(self, member_id: int, year: int) -> None:
        def work(s: Session) -> None:
            s.execute(update(MemberRow).where(MemberRow.id == member_id).values(cycle_end_year=year))
            s.add(AuditRow(member_id=member_id, action="cycle_end_set", detail=str(year)))

        await self.database.write(work)


def _primary_email(s: Session, member_id: int) -> str | None:
    return s.execute(
        select(IdentityRow.key)
        .where(IdentityRow.member_id == member_id, IdentityRow.kind == "email")
        .order_by(IdentityRow.verified.desc(), IdentityRow.id)
        .limit(1)
    ).scalar_one_or_none()


def _primary_email_of(member_id: Any) -> Any:
    """The member's e-mail for replies and reports: a verified one first."""
    other = aliased(IdentityRow)
    return (
        select(other.key)
        .where(other.member_id == member_id, other.kind == "email")
        .order_by(other.verified.desc(), other.id)
        .limit(1)
        .scalar_subquery()
    )


def _key(kind: str, key: str) -> str:
    return key.strip().lower() if kind == "email" else key.strip()


def _with_email(member: Member, email: str | None) -> Member:
    return replace(member, email=email)


# Built once: every message starts with this lookup.
_MEMBER_BY_IDENTITY = (
    select(MemberRow, IdentityRow, _primary_email_of(MemberRow.id))
    .join(IdentityRow, IdentityRow.member_id == MemberRow.id)
    .where(IdentityRow.kind == bindparam("kind"), IdentityRow.key == bindparam("key"))
)
