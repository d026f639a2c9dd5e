"""Shared fixtures: a real database (SQLite file and PostgreSQL), the store, the core.

`db_url` is parametrised over both databases, so every test that asks for it
(or for `store`, `conversation`, `app`) runs twice. PostgreSQL tests use a
schema of their own inside the `test` database, dropped afterwards, so they
never touch anything else there. Set CMEBOT_TEST_PG_URL to point elsewhere.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.conversation import Conversation
from bot.envelope import Inbound, Reply
from bot.ports import Identity, Member
from handlers.app import App
from handlers.settings import Settings, load
from storage.engine import make_engine, make_sessions
from storage.migrate import upgrade
from storage.store import SqlStore

PG_URL = os.environ.get("CMEBOT_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")

# 2021-04-07 15:00 UTC: the corpus's reference Wednesday, mid-morning in New York.
NOW = datetime(2021, 4, 7, 15, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'cmebot.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield f"{PG_URL}#schema={schema}"


def engine_for(url: str):  # type: ignore[no-untyped-def]
    """An engine for a test URL; '#schema=X' gives PostgreSQL a private schema."""
    if "#schema=" not in url:
        return make_engine(url)
    base, schema = url.split("#schema=")
    return make_engine(base, connect_args={"server_settings": {"search_path": schema}})


async def _create_schema(url: str) -> None:
    if "#schema=" not in url:
        return
    base, schema = url.split("#schema=")
    engine = make_engine(base)
    async with engine.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    await engine.dispose()


async def _drop_schema(url: str) -> None:
    if "#schema=" not in url:
        return
    base, schema = url.split("#schema=")
    engine = make_engine(base)
    async with engine.begin() as conn:
        await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    await engine.dispose()


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[object]:
    await _create_schema(db_url)
    eng = engine_for(db_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()
    await _drop_schema(db_url)


@pytest.fixture
def store(engine) -> Iterator[SqlStore]:  # type: ignore[no-untyped-def]
    sql_store = SqlStore(make_sessions(engine))
    yield sql_store
    sql_store.close()


@pytest.fixture
def conversation(store: SqlStore) -> Conversation:
    return Conversation(store, clock=lambda: NOW)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load({"CMEBOT_DATA_DIR": str(tmp_path / "var"), "CMEBOT_TIMEZONE": "America/New_York"})


@pytest.fixture
def app(settings: Settings, engine, store: SqlStore, conversation: Conversation) -> App:  # type: ignore[no-untyped-def]
    return App(settings, engine, store, conversation)


async def add_member(
    store: SqlStore,
    email: str = "steve@example.org",
    name: str = "Steve Sample",
    *,
    slack: str | None = None,
    cycle_end: int | None = 2022,
    home: tuple[str | None, str | None, str | None] = ("Dallas", "TX", "US"),
) -> Member:
    identities = [Identity("email", email, verified=True)]
    if slack:
        identities.append(Identity("slack", slack, verified=True))
    return await store.create_member(
        name=name, timezone="America/New_York", identities=identities, cycle_end_year=cycle_end, home=home
    )


@pytest.fixture
async def member(store: SqlStore) -> Member:
    return await add_member(store)


async def say(conversation: Conversation, text: str, email: str = "steve@example.org", **kw: object) -> Reply:
    """Send one chat message as a verified member and return the reply."""
    inbound = Inbound(source="chat", sender=Identity("email", email, True), text=text, **kw)  # type: ignore[arg-type]
    return await conversation.handle(inbound)
