"""The reminder scheduler `serve` runs: plan rows, claim what is due, compose, hand it to a door.

Why not APScheduler: its data stores keep *jobs* (a callable and a trigger)
and run each at most once per fire time, but what we need durable is the
message: a row per reminder keyed (member, kind, period, threshold) that is
marked sent in the same transaction that queues the e-mail, with quiet hours
and settings re-read at the last moment. That row is the schedule; a loop
over an indexed `due_at` scan with `FOR UPDATE SKIP LOCKED` claims is all the
scheduler left to write, and every time it reads comes from one `Clock`.

A crash at any point: before the claim commits, nothing happened; after it,
the row is `sending` and is taken over once its lease ends (a lease longer
than any Slack call may take, so a live process never has its row taken).
E-mail is marked sent together with its outbox row, so a takeover finds
nothing sent and sends once (from the outbox on, delivery is the outbox's:
a crash after the relay's 250 and before its mark resends that one mail,
as for every reply). Slack freezes the message in the row, posts it
with the row's key in the message metadata, then marks it; a takeover first
looks for that key in the DM's history and only posts when it is not there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.ports import Member, RecordStore
from bot.reminders.clock import Clock, SystemClock
from bot.reminders.compose import compose
from bot.reminders.pace import deadlines
from bot.reminders.planning import DRAFT_EXPIRY, NewReminder, plan_digest, plan_draft, plan_pace
from bot.reminders.prefs import QuietHours
from bot.reminders.quiet import next_allowed
from bot.requirement_sets.model import Aggregate, Profile, Window
from handlers.reminders_send import SlackDm, reminder_mail, slack_message
from storage.reminder_models import PENDING, SENT, SKIPPED, STOPPED
from storage.reminders import Claimed, MemberContext, Outcome, ReminderQueue

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunnerOptions:
    batch: int = 500  # rows claimed at once: a batch's reads and marks are one trip each
    poll: float = 30.0  # seconds between ticks (wall time; what is due is the clock's business)
    plan_every: timedelta = timedelta(hours=6)  # pace and digest rows; drafts are planned every tick
    lease: timedelta = timedelta(minutes=5)  # longer than a Slack call may take (its timeout: 30 s)
    parallel: int = 8  # Slack calls at once


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ReminderRunner:
    def __init__(
        self,
        queue: ReminderQueue,
        store: RecordStore,
        *,
        mail_domain: str,
        quiet: QuietHours | None = None,
        slack: SlackDm | None = None,
        clock: Clock | None = None,
        options: RunnerOptions | None = None,
        worker: str | None = None,
        on_change: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.queue = queue
        self.store = store
        self.mail_domain = mail_domain
        self.quiet = quiet or QuietHours()
        self.slack = slack
        self.clock = clock or SystemClock()
        self.options = options or RunnerOptions()
        self.worker = worker or worker_name()
        self.on_change = on_change
        self._planned_at: datetime | None = None
        self._stop = asyncio.Event()
        self._parallel = asyncio.Semaphore(self.options.parallel)
        self._known: RecordStore = store

    # ---- planning -----------------------------------------------------------------------------

    async def plan(self, *, everyone: bool | None = None) -> None:
        now = self.clock.now()
        if everyone is None:
            everyone = self._planned_at is None or now - self._planned_at >= self.options.plan_every
        rows: list[NewReminder] = []
        if everyone:
            for n, i in enumerate(await self.queue.planning_inputs()):
                if n % 500 == 499:  # planning everyone is seconds of work: let messages be answered meanwhile
                    await asyncio.sleep(0)
                if not i.prefs.enabled:
                    continue
                where = zone(i.timezone)
                today = now.astimezone(where).date()
                member = Member(i.member_id, "", None, i.timezone, i.cycle_end_year)
                due = deadlines(member, i.profile, today)
                rows += plan_pace(i.member_id, where, today, due, i.prefs, self.quiet)
                rows += plan_digest(i.member_id, where, today, i.prefs, self.quiet)
            self._planned_at = now
        for member_id, number, created, tz, prefs in await self.queue.open_drafts():
            if prefs.enabled:
                rows += plan_draft(member_id, number, created, zone(tz), prefs, self.quiet)
        await self.queue.plan(rows)

    # ---- sending --------------------------------------------------------------------------------

    async def send_due(self, limit: int | None = None) -> int:
        """Claim and finish due rows batch by batch; how many were claimed.

        A batch's e-mails, skips and put-backs are finished in one transaction (one commit per
        batch, not per reminder); a Slack reminder is finished on its own, around its call.
        """
        done = 0
        while limit is None or done < limit:
            now = self.clock.now()
            batch = await self.queue.claim(now, self.options.batch, self.worker, self.options.lease)
            if not batch:
                break
            contexts = await self.queue.contexts([row.member_id for row in batch])
            profiles = {member_id: context.profile for member_id, context in contexts.items()}
            self._known = cast(RecordStore, _Prefetched(self.store, profiles, _SumsLoader(self.queue)))
            decided = await asyncio.gather(*(self._decide(row, contexts.get(row.member_id)) for row in batch))
            outcomes = [d for d in decided if isinstance(d, Outcome)]
            for said in decided:
                if isinstance(said, str):
                    self.on_change(said)
            for result in await self.queue.finish_many(self.worker, self.clock.now(), outcomes):
                self.on_change(result)
            done += len(batch)
        return done

    async def tick(self) -> int:
        await self.plan()
        return await self.send_due()

    async def _decide(self, row: Claimed, context: MemberContext | None) -> Outcome | str:
        """`decide` for the whole batch at once, so their sums are read together; a failure leaves
        the row `sending` until its lease ends, and it is taken over then."""
        try:
            return await self.decide(row, context)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reminder %s could not be sent; it is retried after its lease", row.id)
            return "error"

    async def decide(self, row: Claimed, context: MemberContext | None) -> Outcome | str:
        """How a claimed row ends; a Slack send happens here and says how it went."""
        now = self.clock.now()
        if context is None:
            return Outcome(row.id, SKIPPED, "member gone")
        member, identities, prefs = context.member, context.identities, context.prefs
        if row.message is not None:  # a Slack send began before a crash: never compose it again
            return await self._slack(row, identities.get("slack", ""), row.message, None, recovering=True)
        if not prefs.enabled:
            return Outcome(row.id, STOPPED, "reminders off")
        where = zone(member.timezone)
        allowed = next_allowed(now, where, prefs, self.quiet)
        if allowed > now + timedelta(minutes=1):
            return Outcome(row.id, PENDING, "quiet hours, day off or snooze", due_at=allowed)
        use_slack = self.slack is not None and "slack" in identities and prefs.channel != "email"
        if not use_slack and "email" not in identities:
            use_slack = self.slack is not None and "slack" in identities
            if not use_slack:
                return Outcome(row.id, SKIPPED, "no way to reach the member")
        today = now.astimezone(where).date()
        notice = await compose(self._known, member, row.kind, row.payload, today, slack=use_slack)
        if notice is None:
            return Outcome(row.id, SKIPPED, "nothing to say when due")
        expire = (member.id, notice.expire_draft) if notice.expire_draft is not None else None
        if use_slack:
            message = slack_message(notice, identities["slack"])
            return await self._slack(row, identities["slack"], message, expire, recovering=False)
        mail = reminder_mail(
            notice, to_addr=identities["email"], to_name=member.name, domain=self.mail_domain
        )
        return Outcome(row.id, SENT, mail=mail, expire_draft=expire)

    async def _slack(
        self,
        row: Claimed,
        identity: str,
        message: dict[str, object],
        expire: tuple[int, int] | None,
        *,
        recovering: bool,
    ) -> str:
        now = self.clock.now()
        if self.slack is None or not identity:
            await self.queue.finish(row.id, self.worker, SKIPPED, now, "Slack is off")
            return "skipped"
        user = identity.rsplit(":", 1)[-1]
        key = f"reminder-{row.id}"
        # At most `parallel` Slack calls at once; the lease starts again here, so it covers only
        # these calls (each under the client's 30 s timeout), never a long batch before them.
        async with self._parallel:
            prepared = await self.queue.prepare_slack(
                row.id, self.worker, dict(message), expire, self.clock.now()
            )
            if prepared != "prepared":
                return prepared
            try:
                if recovering and await self.slack.already_sent(user, key):
                    await self.queue.finish(
                        row.id, self.worker, SENT, self.clock.now(), "found in the DM after a restart"
                    )
                    return "sent"
                await self.slack.post(user, key, dict(message))
            except Exception as exc:  # Slack said no, or the call failed: the frozen message waits
                log.warning(
                    "reminder %s: Slack call failed (%s); retried later", row.id, exc.__class__.__name__
                )
                raise
        await self.queue.finish(row.id, self.worker, SENT, self.clock.now())
        return "sent"

    # ---- the loop ---------------------------------------------------------------------------------

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error(
                    "reminders: this tick failed (%s); the next one tries again", exc.__class__.__name__
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.options.poll)

    def stop(self) -> None:
        self._stop.set()


class _SumsLoader:
    """Sums asked for by the batch's composing reminders in the same turn of the loop, read together
    by the store's batch sums (a statement per shape of what is asked, not one per reminder). A
    member with several reminders in the batch is read once, for everything any of them asked."""

    def __init__(self, queue: ReminderQueue) -> None:
        self.queue = queue
        self._waiting: list[tuple[int, dict[Window, frozenset[Aggregate]], asyncio.Future[Sums]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def load(self, member_id: int, wanted: dict[Window, frozenset[Aggregate]]) -> Sums:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Sums] = loop.create_future()
        if not self._waiting:  # the first asks: the others ask in this same turn of the loop
            self._flushing = loop.create_task(self._flush())
        self._waiting.append((member_id, wanted, future))
        return await future

    async def _flush(self) -> None:
        await asyncio.sleep(0)  # let the rest of the batch ask first
        waiting, self._waiting = self._waiting, []
        union: dict[int, dict[Window, set[Aggregate]]] = {}
        for member_id, wanted, _ in waiting:
            mine = union.setdefault(member_id, {})
            for window, aggregates in wanted.items():
                mine.setdefault(window, set()).update(aggregates)
        asked = {m: {w: frozenset(aggs) for w, aggs in windows.items()} for m, windows in union.items()}
        try:
            found = await self.queue.sums(asked)
        except Exception as exc:
            for _, _, future in waiting:
                if not future.done():
                    future.set_exception(exc)
            return
        for member_id, wanted, future in waiting:  # each gets exactly what it asked for
            sums = found[member_id]
            if not future.done():
                future.set_result({w: {a: sums[w][a] for a in aggs} for w, aggs in wanted.items()})


Sums = dict[Window, dict[Aggregate, Decimal]]


class _Prefetched:
    """The store, with the batch's profiles already read and its sums read together: `standings`
    asks for both per reminder, which for a batch of a hundred would be four hundred trips."""

    def __init__(self, store: RecordStore, profiles: dict[int, Profile], sums: _SumsLoader) -> None:
        self._store = store
        self._profiles = profiles
        self._sums = sums

    async def profile(self, member_id: int) -> Profile:
        known = self._profiles.get(member_id)
        return known if known is not None else await self._store.profile(member_id)

    async def aggregates(self, member_id: int, wanted: dict[Window, frozenset[Aggregate]]) -> Sums:
        return await self._sums.load(member_id, wanted)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


class RemindersService:
    """What `serve` starts and stops (a door without a door)."""

    def __init__(self, runner: ReminderRunner, task: asyncio.Task[None]) -> None:
        self.scheduler = runner
        self.task = task

    async def stop(self, grace: float = 10.0) -> None:
        self.scheduler.stop()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(self.task, grace)


def slack_dm_for(settings: object) -> SlackDm | None:
    from slack_sdk.web.async_client import AsyncWebClient

    from handlers.settings import Settings
    from handlers.slack.door import api_base_url

    assert isinstance(settings, Settings)
    if settings.slack_bot_token is None:
        return None
    client = AsyncWebClient(token=settings.slack_bot_token.value, base_url=api_base_url(settings), timeout=30)
    return SlackDm(client)


async def start(app: object) -> RemindersService:
    from handlers.app import App

    assert isinstance(app, App)
    settings = app.settings
    runner = ReminderRunner(
        ReminderQueue(app.store.database),
        app.store,
        mail_domain=settings.mail_domain,
        quiet=QuietHours(*settings.quiet_hours),
        slack=slack_dm_for(settings),
    )
    log.info(
        "reminders: on (quiet hours %02d:%02d-%02d:%02d member time; CMEBOT_REMINDERS=0 turns them off)",
        *divmod(settings.quiet_hours[0], 60),
        *divmod(settings.quiet_hours[1], 60),
    )
    task = asyncio.get_running_loop().create_task(runner.run(), name="cmebot-reminders")
    return RemindersService(runner, task)


__all__ = ["DRAFT_EXPIRY", "ReminderRunner", "RemindersService", "RunnerOptions", "start"]
