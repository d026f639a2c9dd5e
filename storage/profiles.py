"""A member's requirement-set profile: the sets held, the flags their rules depend on, overrides.

The flags are columns of `members` (one per member, defaults from the
migration); the sets and the member's overrides are rows of their own. A
member with no set rows holds the default (`Profile()`: ASPS), so the default
lives in the model alone and members who never said anything need no rows.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.requirement_sets.model import HeldSet, Override, Profile
from storage.models import MemberRow, MemberSetRow, OverrideRow
from storage.store_base import StoreBase


class ProfileQueries(StoreBase):
    async def profile(self, member_id: int) -> Profile:
        """The member's profile; one who never set one holds ASPS alone."""

        def work(s: Session) -> Profile:
            flags = s.execute(
                select(
                    MemberRow.dea_registered,
                    MemberRow.dea_exempt,
                    MemberRow.direct_patient_care,
                    MemberRow.prescribes_opioids,
                ).where(MemberRow.id == member_id)
            ).one_or_none()
            if flags is None:
                return Profile()
            sets = s.execute(
                select(MemberSetRow.code, MemberSetRow.renews_on, MemberSetRow.first_renewal)
                .where(MemberSetRow.member_id == member_id)
                .order_by(MemberSetRow.position, MemberSetRow.id)
            ).all()
            overrides = s.execute(
                select(OverrideRow.rule_id, OverrideRow.note, OverrideRow.on)
                .where(OverrideRow.member_id == member_id)
                .order_by(OverrideRow.on, OverrideRow.rule_id)
            ).all()
            held = tuple(HeldSet(code, renews_on, bool(first)) for code, renews_on, first in sets)
            return Profile(
                sets=held or Profile().sets,
                dea_registered=bool(flags.dea_registered),
                dea_exempt=bool(flags.dea_exempt),
                direct_patient_care=bool(flags.direct_patient_care),
                prescribes_opioids=bool(flags.prescribes_opioids),
                overrides=tuple(Override(rule_id, note, on) for rule_id, note, on in overrides),
            )

        return await self.database.read(work)

    async def save_profile(self, member_id: int, profile: Profile) -> None:
        """Replace the member's sets, flags and overrides in one transaction (theirs alone).

        A set named twice, or a rule overridden twice, is kept once (the last word wins), so the
        unique constraints never turn a repeated answer into an error. No sets at all is stored
        as no rows, which reads back as the default (ASPS): a member always answers to a set.
        `LookupError` when there is no such member.
        """
        sets = {held.code: held for held in profile.sets}
        overrides = {o.rule_id: o for o in profile.overrides}

        def work(s: Session) -> None:
            found = s.execute(
                update(MemberRow)
                .where(MemberRow.id == member_id)
                .values(
                    dea_registered=profile.dea_registered,
                    dea_exempt=profile.dea_exempt,
                    direct_patient_care=profile.direct_patient_care,
                    prescribes_opioids=profile.prescribes_opioids,
                )
                .returning(MemberRow.id)
            ).scalar_one_or_none()
            if found is None:
                raise LookupError(f"no member {member_id}")
            s.execute(delete(MemberSetRow).where(MemberSetRow.member_id == member_id))
            s.execute(delete(OverrideRow).where(OverrideRow.member_id == member_id))
            s.add_all(
                MemberSetRow(
                    member_id=member_id,
                    code=held.code,
                    renews_on=held.renews_on,
                    first_renewal=held.first_renewal,
                    position=position,
                )
                for position, held in enumerate(sets.values())
            )
            s.add_all(
                OverrideRow(member_id=member_id, rule_id=o.rule_id, note=o.note, on=o.on)
                for o in overrides.values()
            )

        await self.database.write(work)
