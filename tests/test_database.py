"""`storage.database.Database`, the one way storage runs a query, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from handlers.app import App
from storage.engine import make_sessions
from storage.models import MemberRow
from storage.store import SqlStore
from tests.conftest import add_member


async def test_a_read_sees_a_change_committed_a_moment_before_by_another_store(
    store: SqlStore, engine: object
) -> None:
    """Reads on a SQLite file reuse one kept connection and session: neither may keep an old view."""
    member = await add_member(store)
    other = SqlStore(make_sessions(engine))  # type: ignore[arg-type]
    try:
        for year in (2024, 2027):
            assert (await store.member_by_id(member.id)) is not None  # loads the row into a session
            await other.set_cycle_end(member.id, year)
            found = await store.member_by_id(member.id)
            assert found is not None
            assert found.cycle_end_year == year
    finally:
        other.close()


class _Broke(Exception):
    pass


async def test_a_write_that_fails_part_way_leaves_nothing_behind(store: SqlStore) -> None:
    await add_member(store)

    def half_done(s: Session) -> None:
        s.add(MemberRow(name="Half", timezone="UTC", mail_token="half", next_number=0))
        s.flush()
        raise _Broke

    with pytest.raises(_Broke):
        await store.database.write(half_done)
    assert [m.name for m in await store.list_members()] == ["Steve Sample"]


async def test_the_mail_queue_runs_on_the_store_database_and_closing_it_leaves_the_store_working(
    app: App, store: SqlStore
) -> None:
    member = await add_member(store)
    mail = app.mail_queue()
    assert mail.database is store.database
    assert await mail.accept("<one@example.org>", "steve@example.org", ["cme@cme.localhost"], b"hi")
    assert await mail.inbox_states() == {"new": 1}
    mail.close()
    assert await store.member_by_id(member.id) is not None
    assert await app.mail_queue().inbox_states() == {"new": 1}
