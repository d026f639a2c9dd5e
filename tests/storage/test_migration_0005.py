"""Upgrading a 0004 database with members and entries: they keep everything and hold ASPS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

import storage.all_models  # noqa: F401  (every table on Base.metadata)
from bot.requirement_sets.model import Aggregate, Measure, Profile, Window
from storage.engine import make_sessions
from storage.migrate import current, heads, upgrade
from storage.models import Base
from storage.store import SqlStore
from tests.conftest import _create_schema, _drop_schema, engine_for


@pytest.fixture
async def old_engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """A database at 0004 (before requirement sets), with one member and two entries."""
    await _create_schema(db_url)
    engine = engine_for(db_url)
    await upgrade(engine, "0004")
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO members (id, name, timezone, next_number) VALUES (1, 'Steve', 'UTC', 2)")
        )
        for number, credits in ((1, 150), (2, 25)):
            await conn.execute(
                text(
                    "INSERT INTO activities (member_id, number, title, title_key, start_date, end_date,"
                    " activity_type, category, credits, patient_safety_credits, plastic_surgery_credits,"
                    " flags, source) VALUES (1, :n, 'Flap salvage', 'flap salvage', :d, :d, 'live', '1',"
                    " :c, 0, 0, '', 'chat')"
                ),
                {"n": number, "d": date(2021, 4, number), "c": credits},
            )
    yield engine
    await engine.dispose()
    await _drop_schema(db_url)


async def test_existing_members_hold_asps_and_existing_entries_carry_no_topic(
    old_engine: AsyncEngine,
) -> None:
    await upgrade(old_engine)
    async with old_engine.connect() as conn:
        assert await conn.run_sync(current) == heads()
    store = SqlStore(make_sessions(old_engine))
    try:
        assert await store.profile(1) == Profile()
        entries = await store.entries(1)
        assert [e.activity.topics for e in entries] == [frozenset(), frozenset()]
        year = Window(date(2021, 1, 1), date(2021, 12, 31))
        sums = await store.aggregates(
            1, {year: frozenset({Aggregate(Measure.CREDITS), Aggregate(Measure.CREDITS, "ethics")})}
        )
        assert sums[year] == {
            Aggregate(Measure.CREDITS): Decimal("1.75"),
            Aggregate(Measure.CREDITS, "ethics"): Decimal("0.00"),
        }
    finally:
        store.close()


async def test_the_models_match_the_migrated_schema(old_engine: AsyncEngine) -> None:
    """A column added to a model without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    await upgrade(old_engine)

    def ours(name: str | None, kind: str, parent: object) -> bool:
        """Our tables only: slack_bolt's installation tables are created by its own store."""
        return kind != "table" or name in Base.metadata.tables

    def diff(connection) -> list[object]:  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"include_name": ours})
        return list(compare_metadata(context, Base.metadata))

    async with old_engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_down_to_0004_and_up_again_keeps_every_member_and_entry(old_engine: AsyncEngine) -> None:
    """No step rebuilds a table: on SQLite dropping the old `members` would cascade to the entries."""
    from alembic import command

    from storage.migrate import alembic_config

    def down(connection) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")

    async def counts() -> tuple[int, int]:
        async with old_engine.connect() as conn:
            members = (await conn.execute(text("SELECT COUNT(*) FROM members"))).scalar_one()
            entries = (await conn.execute(text("SELECT COUNT(*) FROM activities"))).scalar_one()
        return members, entries

    await upgrade(old_engine)
    assert await counts() == (1, 2)
    async with old_engine.begin() as conn:
        await conn.run_sync(down)
    assert await counts() == (1, 2)
    await upgrade(old_engine)
    assert await counts() == (1, 2)
