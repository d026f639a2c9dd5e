"""The composition root: settings -> engine -> store -> conversation.

Doors get an `App` and never build their own engine, so one async engine
serves the whole process on one event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.conversation import Conversation
from bot.reminders.prefs import QuietHours
from bot.requirement_sets.loading import requirement_sets
from handlers.message_log import observe
from handlers.metrics import Metrics
from handlers.settings import Settings
from storage.database import Database
from storage.engine import make_engine
from storage.mail_store import MailStore
from storage.migrate import upgrade
from storage.store import SqlStore


@dataclass(slots=True)
class App:
    settings: Settings
    engine: AsyncEngine
    store: SqlStore
    conversation: Conversation
    metrics: Metrics = field(default_factory=Metrics)
    # aiohttp routes that whichever door serves HTTP mounts too (/healthz, /metrics from serve).
    http_routes: list[Any] = field(default_factory=list)

    def mail_queue(self) -> MailStore:
        """A queue for the e-mail door on the store's database (the door's `MailQueue`)."""
        return MailStore(self.store.database)

    async def close(self) -> None:
        self.store.close()
        self.store.database.close()
        await self.engine.dispose()


async def build_app(settings: Settings, *, migrate: bool = True) -> App:
    requirement_sets()  # a bad requirement-set file stops start-up here, naming the file and rule
    engine = make_engine(settings.database_url)
    if migrate:
        await upgrade(engine)
    store = SqlStore(Database(engine))  # one database, its SQLite thread shared with the mail queue
    conversation = Conversation(store)
    conversation.reminder_quiet = QuietHours(*settings.quiet_hours)
    metrics = Metrics()
    observe(conversation, metrics)
    return App(settings, engine, store, conversation, metrics)
