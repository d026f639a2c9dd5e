"""Reminders against a real database (SQLite and PostgreSQL), a set clock, and loopback stand-ins."""

from __future__ import annotations

import email
import email.policy
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from email.message import EmailMessage

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import Activity, ActivityType, Category
from bot.ports import Identity, Member, NewEntry
from bot.reminders.clock import SetClock
from handlers.reminders_runner import ReminderRunner, RunnerOptions
from handlers.reminders_send import SlackDm
from storage.mail_models import MailOutboxRow
from storage.reminders import ReminderQueue
from storage.store import SqlStore
from tests.reminders.slack_standin import SlackStandIn
from tests.slack.fake_slack_api import BOT_TOKEN, TEAM


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = await SlackStandIn().start()
    yield server
    await server.stop()


async def new_member(
    store: SqlStore,
    email_addr: str = "pat@example.org",
    *,
    tz: str = "America/Los_Angeles",
    cycle_end: int = 2027,
    slack_user: str | None = None,
) -> Member:
    identities = [Identity("email", email_addr, verified=True)]
    if slack_user:
        identities.append(Identity("slack", f"{TEAM}:{slack_user}", verified=True))
    return await store.create_member(
        name="Pat Surgeon",
        timezone=tz,
        identities=identities,
        cycle_end_year=cycle_end,
        home=("Dallas", "TX", "US"),
    )


async def earn(store: SqlStore, member: Member, day: date, credits: str, patient_safety: str = "0") -> None:
    activity = Activity(
        title=f"Course on {day.isoformat()}",
        start_date=day,
        end_date=day,
        activity_type=ActivityType.LIVE,
        category=Category.ONE,
        credits=Decimal(credits),
        provider="Lakeshore University Hospital",
        patient_safety_credits=Decimal(patient_safety),
        plastic_surgery_credits=Decimal(credits) - Decimal(patient_safety),
        city="Dallas",
        state="TX",
        country="US",
    )
    await store.record(member.id, [NewEntry(activity)])


def runner_for(
    store: SqlStore, clock: SetClock, standin: SlackStandIn | None = None, *, worker: str = "test-1"
) -> ReminderRunner:
    slack = SlackDm(AsyncWebClient(token=BOT_TOKEN, base_url=standin.api_url)) if standin else None
    return ReminderRunner(
        ReminderQueue(store.database),
        store,
        mail_domain="cme.test",
        slack=slack,
        clock=clock,
        options=RunnerOptions(batch=50),
        worker=worker,
    )


async def mails(store: SqlStore) -> list[tuple[datetime, EmailMessage]]:
    """Every e-mail in the outbox with the time it was queued, oldest first."""

    def work(s: Session) -> list[tuple[datetime, bytes]]:
        query = select(MailOutboxRow).order_by(MailOutboxRow.id)
        return [(r.created_at, r.raw) for r in s.execute(query).scalars()]

    out = []
    for created, raw in await store.database.read(work):
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        out.append((created if created.tzinfo else created.replace(tzinfo=UTC), msg))
    return out
