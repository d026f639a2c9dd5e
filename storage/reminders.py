"""Queries for reminders: plan (insert, keyed), scan what is due, claim, and finish.

Exactly once, as far as a database can make it:

- A claim is one conditional UPDATE (`pending` -> `sending`, stamped with the
  claimer and the time) over rows picked with `FOR UPDATE SKIP LOCKED` on
  PostgreSQL, so any number of `serve` processes share the table and none
  takes a row another holds; on SQLite (one process) the UPDATE's own
  `WHERE status = 'pending'` does the same.
- An e-mail reminder is marked sent in the same transaction that puts its mail
  in the outbox (and, for an expiry notice, drops the draft): a crash before
  that commit leaves the row `sending` and nothing queued; after it, the
  outbox owns delivery.
- A Slack reminder's message is frozen in the row before the call and marked
  sent after it; a row left `sending` past its lease is recovered by a process
  that first asks Slack whether the keyed message is already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.ports import DraftStatus, Member
from bot.reminders.planning import NewReminder
from bot.reminders.prefs import ReminderPrefs
from bot.requirement_sets.model import Aggregate, HeldSet, Override, Profile, Window
from storage.aggregates import member_sums
from storage.database import Database
from storage.drafts import close_open
from storage.mail_models import PENDING as MAIL_PENDING
from storage.mail_models import MailOutboxRow
from storage.members import _member as to_member
from storage.models import DraftRow, IdentityRow, MemberRow, MemberSetRow, OverrideRow
from storage.reminder_models import (
    PENDING,
    SENDING,
    SENT,
    SKIPPED,
    STOPPED,
    ReminderRow,
    ReminderSettingsRow,
)


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    member_id: int
    kind: str
    period: str
    threshold: str
    due_at: datetime
    payload: dict[str, Any]
    attempts: int
    message: dict[str, Any] | None  # set: a Slack send was started before (recovery checks first)
    recovering: bool


@dataclass(frozen=True, slots=True)
class PlanningInput:
    member_id: int
    timezone: str
    cycle_end_year: int | None
    prefs: ReminderPrefs
    profile: Profile  # sets and flags; overrides are read when a nudge is composed


@dataclass(frozen=True, slots=True)
class Mail:
    """An e-mail handed to the outbox with the reminder's mark."""

    recipient: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one claimed row ends: SENT (with its mail), SKIPPED, STOPPED, or PENDING again at `due_at`."""

    row_id: int
    status: str
    note: str = ""
    mail: Mail | None = None
    expire_draft: tuple[int, int] | None = None  # (member, draft number) dropped with the notice
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MemberContext:
    member: Member
    identities: dict[str, str]  # kind -> key (first verified of each kind)
    prefs: ReminderPrefs
    profile: Profile


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_prefs(row: ReminderSettingsRow | None) -> ReminderPrefs:
    if row is None:
        return ReminderPrefs()
    return ReminderPrefs(
        enabled=row.enabled,
        digest=row.digest,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        days_off=frozenset(int(d) for d in row.days_off.split(",") if d),
        snooze_until=row.snooze_until,
        channel=row.channel,
    )


def _prefs_values(prefs: ReminderPrefs) -> dict[str, Any]:
    return {
        "enabled": prefs.enabled,
        "digest": prefs.digest,
        "quiet_start": prefs.quiet_start,
        "quiet_end": prefs.quiet_end,
        "days_off": ",".join(str(d) for d in sorted(prefs.days_off)),
        "snooze_until": prefs.snooze_until,
        "channel": prefs.channel,
        "updated_at": datetime.now(UTC),
    }


class ReminderPrefsQueries:
    """The core's side (`RecordStore.reminder_prefs`): what a member said about reminders."""

    database: Database

    async def reminder_prefs(self, member_id: int) -> ReminderPrefs:
        return await self.database.read(lambda s: to_prefs(s.get(ReminderSettingsRow, member_id)))

    async def save_reminder_prefs(self, member_id: int, prefs: ReminderPrefs) -> None:
        values = _prefs_values(prefs)

        def work(s: Session) -> None:
            row = s.get(ReminderSettingsRow, member_id)
            if row is None:
                s.add(ReminderSettingsRow(member_id=member_id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)

        await self.database.write(work)


class ReminderQueue:
    """The scheduler's side: rows to plan, claim and finish (the composition root's, not the core's)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        insert = pg_insert if database.dialect == "postgresql" else sqlite_insert
        self._insert = insert(ReminderRow).on_conflict_do_nothing(
            index_elements=["member_id", "kind", "period", "threshold"]
        )

    # ---- planning -----------------------------------------------------------------------

    async def plan(self, rows: Sequence[NewReminder]) -> None:
        """Insert the rows not planned before (the key decides); planning again changes nothing."""
        if not rows:
            return
        values = [
            {
                "member_id": r.member_id,
                "kind": r.kind,
                "period": r.period,
                "threshold": r.threshold,
                "due_at": r.due_at,
                "status": PENDING,
                "payload": r.payload,
                "attempts": 0,
                "channel": "",
                "note": "",
            }
            for r in rows
        ]

        def work(s: Session) -> None:
            for start in range(0, len(values), 1000):
                s.execute(self._insert, values[start : start + 1000])

        await self.database.write(work)

    async def planning_inputs(self) -> list[PlanningInput]:
        """Every member's zone, cycle anchor, settings and held sets: what planning reads, in a few
        queries for everyone (a profile read per member would be a query per member)."""

        def work(s: Session) -> list[PlanningInput]:
            query = select(MemberRow.id, MemberRow.timezone, MemberRow.cycle_end_year, ReminderSettingsRow)
            query = query.outerjoin(ReminderSettingsRow, ReminderSettingsRow.member_id == MemberRow.id)
            profiles = _profiles(s, None, overrides=False)
            return [
                PlanningInput(i, tz, end, to_prefs(settings), profiles.get(i, Profile()))
                for i, tz, end, settings in s.execute(query)
            ]

        return await self.database.read(work)

    async def open_drafts(self) -> list[tuple[int, int, datetime, str, ReminderPrefs]]:
        """(member, draft number, created, member's zone, settings) of every open draft."""

        def work(s: Session) -> list[tuple[int, int, datetime, str, ReminderPrefs]]:
            query = (
                select(
                    DraftRow.member_id,
                    DraftRow.number,
                    DraftRow.created_at,
                    MemberRow.timezone,
                    ReminderSettingsRow,
                )
                .join(MemberRow, MemberRow.id == DraftRow.member_id)
                .outerjoin(ReminderSettingsRow, ReminderSettingsRow.member_id == DraftRow.member_id)
                .where(DraftRow.status == DraftStatus.OPEN)
            )
            return [(r[0], r[1], _aware(r[2]), r[3], to_prefs(r[4])) for r in s.execute(query)]

        return await self.database.read(work)

    # ---- the scan and the claim -----------------------------------------------------------

    async def due_ids(self, now: datetime, limit: int) -> list[int]:
        """What one tick would claim: pending rows due by `now`, oldest first (the indexed scan)."""
        query = (
            select(ReminderRow.id)
            .where(ReminderRow.status == PENDING, ReminderRow.due_at <= now)
            .order_by(ReminderRow.due_at)
            .limit(limit)
        )
        return await self.database.read(lambda s: list(s.execute(query).scalars()))

    async def claim(self, now: datetime, limit: int, worker: str, lease: timedelta) -> list[Claimed]:
        """Take up to `limit` due rows (and rows another claimer left `sending` past `lease`)."""

        def work(s: Session) -> list[Claimed]:
            stale = (
                select(ReminderRow.id)
                .where(ReminderRow.status == SENDING, ReminderRow.claimed_at < now - lease)
                .order_by(ReminderRow.claimed_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            due = (
                select(ReminderRow.id)
                .where(ReminderRow.status == PENDING, ReminderRow.due_at <= now)
                .order_by(ReminderRow.due_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            claimed: list[Claimed] = []
            for picked, recovering in ((stale, True), (due, False)):
                ids = list(s.execute(picked).scalars())
                if not ids:
                    continue
                was = SENDING if recovering else PENDING
                stmt = (
                    update(ReminderRow)
                    .where(ReminderRow.id.in_(ids), ReminderRow.status == was)
                    .values(
                        status=SENDING, claimed_by=worker, claimed_at=now, attempts=ReminderRow.attempts + 1
                    )
                    .returning(
                        ReminderRow.id,
                        ReminderRow.member_id,
                        ReminderRow.kind,
                        ReminderRow.period,
                        ReminderRow.threshold,
                        ReminderRow.due_at,
                        ReminderRow.payload,
                        ReminderRow.attempts,
                        ReminderRow.message,
                    )
                    .execution_options(synchronize_session=False)
                )
                for r in s.execute(stmt):
                    claimed.append(
                        Claimed(
                            r[0], r[1], r[2], r[3], r[4], _aware(r[5]), dict(r[6]), r[7], r[8], recovering
                        )
                    )
            return claimed

        return await self.database.write(work)

    # ---- finishing --------------------------------------------------------------------------

    async def finish_many(self, worker: str, now: datetime, outcomes: Sequence[Outcome]) -> list[str]:
        """Finish a batch in one transaction: each row sent (its mail queued with it, an expiring
        draft dropped with it), skipped, stopped or put back for later. Per row: "sent", "skipped"
        (e.g. the draft was answered meanwhile), "stopped", "rescheduled" or "lost" (another
        claimer took the row over after our lease: it sends, not us)."""

        plain = [o for o in outcomes if o.status == SENT and o.mail is not None and o.expire_draft is None]
        later = [o for o in outcomes if o.status == PENDING and o.due_at is not None]
        bulk = {o.row_id for o in plain} | {o.row_id for o in later}

        def work(s: Session) -> list[str]:
            ours = _finish_sent(s, worker, now, plain)
            results = [SENT if o.row_id in ours else "lost" for o in plain]
            results += _put_back(s, worker, later)
            return results + [_finish_one(s, worker, now, o) for o in outcomes if o.row_id not in bulk]

        return await self.database.write(work) if outcomes else []

    async def sums(
        self, wanted: dict[int, dict[Window, frozenset[Aggregate]]]
    ) -> dict[int, dict[Window, dict[Aggregate, Decimal]]]:
        """`RecordStore.aggregates` for a batch of members in one read, by the store's own batch
        sums (a statement per shape of what they ask), so composing a batch is not a trip, nor a
        statement, per reminder."""
        if not wanted:
            return {}
        dialect = self.database.engine.dialect
        return await self.database.read(lambda s: member_sums(s, dialect, wanted))

    async def contexts(self, member_ids: Sequence[int]) -> dict[int, MemberContext]:
        """Each member, their verified identities by kind and their settings: one read per batch."""

        def work(s: Session) -> dict[int, MemberContext]:
            wanted = sorted(set(member_ids))
            found: dict[int, MemberContext] = {}
            query = select(MemberRow, ReminderSettingsRow).outerjoin(
                ReminderSettingsRow, ReminderSettingsRow.member_id == MemberRow.id
            )
            profiles = _profiles(s, wanted, overrides=True)
            for row, settings in s.execute(query.where(MemberRow.id.in_(wanted))):
                found[row.id] = MemberContext(to_member(row), {}, to_prefs(settings), profiles[row.id])
            ids = select(IdentityRow.member_id, IdentityRow.kind, IdentityRow.key).where(
                IdentityRow.member_id.in_(wanted), IdentityRow.verified.is_(True)
            )
            for member_id, kind, key in s.execute(ids.order_by(IdentityRow.id)):
                if member_id in found:
                    found[member_id].identities.setdefault(kind, key)
            return found

        return await self.database.read(work)

    async def prepare_slack(
        self,
        row_id: int,
        worker: str,
        message: dict[str, Any],
        expire_draft: tuple[int, int] | None,
        now: datetime,
    ) -> str:
        """Freeze the Slack message in the row before the call (and drop an expiring draft with it),
        and start the lease again: it then covers only the calls that follow, never a long batch
        before them. "prepared", "skipped" or "lost"."""

        def work(s: Session) -> str:
            if not _still_ours(s, row_id, worker):
                return "lost"
            if expire_draft is not None and not close_open(s, *expire_draft, DraftStatus.EXPIRED):
                _set(s, row_id, worker, status=SKIPPED, note="draft answered before it expired")
                return "skipped"
            _set(s, row_id, worker, message=message, channel="slack", claimed_at=now)
            return "prepared"

        return await self.database.write(work)

    async def finish(self, row_id: int, worker: str, status: str, now: datetime, note: str = "") -> bool:
        values: dict[str, Any] = {"status": status, "note": note[:2000]}
        if status == SENT:
            values["sent_at"] = now
        return await self.database.write(lambda s: _set(s, row_id, worker, **values))

    # ---- what the doors need ------------------------------------------------------------------

    async def rows(self, member_id: int | None = None) -> list[ReminderRow]:
        """Every row (tests and the benchmark read what happened)."""
        query = select(ReminderRow).order_by(ReminderRow.id)
        if member_id is not None:
            query = query.where(ReminderRow.member_id == member_id)

        def work(s: Session) -> list[ReminderRow]:
            found = list(s.execute(query).scalars())
            s.expunge_all()
            return found

        return await self.database.read(work)

    async def count(self, status: str) -> int:
        query = select(func.count()).select_from(ReminderRow).where(ReminderRow.status == status)
        return int(await self.database.read(lambda s: s.execute(query).scalar_one()))


def _profiles(s: Session, member_ids: Sequence[int] | None, *, overrides: bool) -> dict[int, Profile]:
    """What `RecordStore.profile` answers, for many members in three queries (None: everyone)."""
    members = select(
        MemberRow.id,
        MemberRow.dea_registered,
        MemberRow.dea_exempt,
        MemberRow.direct_patient_care,
        MemberRow.prescribes_opioids,
    )
    sets = select(
        MemberSetRow.member_id, MemberSetRow.code, MemberSetRow.renews_on, MemberSetRow.first_renewal
    )
    said = select(OverrideRow.member_id, OverrideRow.rule_id, OverrideRow.note, OverrideRow.on)
    if member_ids is not None:
        members = members.where(MemberRow.id.in_(member_ids))
        sets = sets.where(MemberSetRow.member_id.in_(member_ids))
        said = said.where(OverrideRow.member_id.in_(member_ids))
    held: dict[int, list[HeldSet]] = {}
    for member_id, code, renews_on, first in s.execute(sets.order_by(MemberSetRow.position, MemberSetRow.id)):
        held.setdefault(member_id, []).append(HeldSet(code, renews_on, bool(first)))
    words: dict[int, list[Override]] = {}
    if overrides:
        for member_id, rule_id, note, on in s.execute(said.order_by(OverrideRow.on, OverrideRow.rule_id)):
            words.setdefault(member_id, []).append(Override(rule_id, note, on))
    return {
        r[0]: Profile(
            sets=tuple(held.get(r[0], ())) or Profile().sets,
            dea_registered=bool(r[1]),
            dea_exempt=bool(r[2]),
            direct_patient_care=bool(r[3]),
            prescribes_opioids=bool(r[4]),
            overrides=tuple(words.get(r[0], ())),
        )
        for r in s.execute(members)
    }


def _finish_sent(s: Session, worker: str, now: datetime, outcomes: Sequence[Outcome]) -> set[int]:
    """Mark plain e-mail reminders sent and queue their mail: two statements for the whole batch."""
    if not outcomes:
        return set()
    marked = s.execute(
        update(ReminderRow)
        .where(
            ReminderRow.id.in_([o.row_id for o in outcomes]),
            ReminderRow.status == SENDING,
            ReminderRow.claimed_by == worker,
        )
        .values(status=SENT, sent_at=now, channel="email")
        .returning(ReminderRow.id)
        .execution_options(synchronize_session=False)
    )
    ours = set(marked.scalars())
    mails = [
        {
            "inbox_id": None,
            "recipient": o.mail.recipient,
            "mail_from": "",
            "raw": o.mail.raw,
            "state": MAIL_PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
        }
        for o in outcomes
        if o.row_id in ours and o.mail is not None
    ]
    if mails:
        s.execute(insert(MailOutboxRow), mails)
    return ours


def _put_back(s: Session, worker: str, outcomes: Sequence[Outcome]) -> list[str]:
    """Rows due in the member's night (or day off, or snooze) back to pending at their next allowed
    moment: one statement run for all of them (a row another claimer took over is left alone)."""
    if not outcomes:
        return []
    stmt = (
        update(ReminderRow)
        .where(
            ReminderRow.id == bindparam("rid"),
            ReminderRow.status == SENDING,
            ReminderRow.claimed_by == worker,
        )
        .values(status=PENDING, due_at=bindparam("due"), claimed_by=None, note=bindparam("why"))
        .execution_options(synchronize_session=False)
    )
    s.connection().execute(stmt, [{"rid": o.row_id, "due": o.due_at, "why": o.note[:2000]} for o in outcomes])
    return ["rescheduled"] * len(outcomes)


def _finish_one(s: Session, worker: str, now: datetime, outcome: Outcome) -> str:
    if not _still_ours(s, outcome.row_id, worker):
        return "lost"
    if outcome.status == PENDING:
        _set(
            s,
            outcome.row_id,
            worker,
            status=PENDING,
            due_at=outcome.due_at,
            claimed_by=None,
            note=outcome.note,
        )
        return "rescheduled"
    if outcome.status != SENT:
        _set(s, outcome.row_id, worker, status=outcome.status, note=outcome.note[:2000])
        return outcome.status
    if outcome.expire_draft is not None and not close_open(s, *outcome.expire_draft, DraftStatus.EXPIRED):
        _set(s, outcome.row_id, worker, status=SKIPPED, note="draft answered before it expired")
        return SKIPPED
    _set(s, outcome.row_id, worker, status=SENT, sent_at=now, channel="email" if outcome.mail else "")
    if outcome.mail is not None:
        s.add(
            MailOutboxRow(
                inbox_id=None,
                recipient=outcome.mail.recipient,
                mail_from="",
                raw=outcome.mail.raw,
                state=MAIL_PENDING,
                attempts=0,
                next_attempt_at=now,
                last_error="",
                created_at=now,
            )
        )
    return SENT


def _still_ours(s: Session, row_id: int, worker: str) -> bool:
    found = s.execute(
        select(ReminderRow.id)
        .where(ReminderRow.id == row_id, ReminderRow.status == SENDING, ReminderRow.claimed_by == worker)
        .with_for_update()
    ).first()
    return found is not None


def _set(s: Session, row_id: int, worker: str, **values: Any) -> bool:
    done = s.execute(
        update(ReminderRow)
        .where(ReminderRow.id == row_id, ReminderRow.status == SENDING, ReminderRow.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


__all__ = [
    "SENT",
    "SKIPPED",
    "STOPPED",
    "Claimed",
    "Mail",
    "Outcome",
    "ReminderPrefsQueries",
    "ReminderQueue",
]
