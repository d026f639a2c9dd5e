"""Storage that stops taking writes after the 250: the worker backs off and says so once."""

from __future__ import annotations

import asyncio
import logging

import pytest

from handlers.app import App
from handlers.email.door import start
from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import Sink, fast, make_mail, send

REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_writes BEFORE UPDATE ON mail_inbox "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'could not write: disk full'; END $$",
        "CREATE TRIGGER refuse_writes BEFORE UPDATE ON mail_inbox "
        "FOR EACH ROW EXECUTE FUNCTION refuse_writes()",
    ],
}


async def _ddl(app: App, statements: list[str]) -> None:
    async with app.engine.begin() as conn:
        for statement in statements:
            await conn.exec_driver_sql(statement)


async def test_a_database_that_cannot_be_written_after_the_250_does_not_make_the_worker_spin(
    app: App, store: SqlStore, sink: Sink, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN a message accepted (committed) while the inbox rows then stop taking writes
    WHEN the worker fails to process it and cannot even note the failure (that is a write too)
    THEN it backs off in memory: a handful of attempts, not hundreds a second; the outage is
    logged once, its end once, and the message is answered when writes work again."""
    await add_member(store)
    dialect = app.engine.dialect.name
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}", inbox_backoff_base=0.2))
    caplog.set_level(logging.INFO, logger="handlers.email")
    try:
        await _ddl(app, REFUSE[dialect])
        await send(door.port, make_mail("summary"))
        await door.progress.wait_for(lambda c: c["retry"] >= 1)
        await asyncio.sleep(1.0)  # a spinning worker makes hundreds of attempts in this second
        attempts = door.progress.counts["retry"]
        assert attempts <= 5, f"{attempts} attempts in a second: the worker spins"
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1, [r.getMessage() for r in errors]
        assert "can't be written" in errors[0].getMessage()
        on_table = " ON mail_inbox" if dialect == "postgresql" else ""
        await _ddl(app, [f"DROP TRIGGER refuse_writes{on_table}"])
        await sink.wait(1)
        await door.progress.wait_for(lambda c: c["answered"] >= 1)
        back = [r.getMessage() for r in caplog.records if "written again" in r.getMessage()]
        assert len(back) == 1, back
    finally:
        await door.stop()


async def test_a_reply_the_relay_took_is_not_sent_again_while_its_row_cannot_be_marked(
    app: App, store: SqlStore, sink: Sink, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN outbox rows that stop taking updates (the database fails after the relay's 250)
    WHEN the sender can't mark a reply sent
    THEN it does not send it again on every poll; it marks it once writes work again."""
    await add_member(store)
    dialect = app.engine.dialect.name
    refuse = [r.replace("mail_inbox", "mail_outbox") for r in REFUSE[dialect]]
    door = await start(app, fast(relay_url=f"smtp://127.0.0.1:{sink.port}"))
    try:
        await _ddl(app, refuse)
        await send(door.port, make_mail("summary"))
        if dialect == "sqlite":  # on PostgreSQL the claim is a write (a lease): nothing goes out yet
            await sink.wait(1)
        await asyncio.sleep(1.0)  # five polls of the sender
        assert len(sink.messages) <= 1
        on_table = " ON mail_outbox" if dialect == "postgresql" else ""
        await _ddl(app, [f"DROP TRIGGER refuse_writes{on_table}"])
        await door.progress.wait_for(lambda c: c["sent"] >= 1)
        assert len(await door.mail.outbox("sent")) == 1
        assert len(sink.messages) == 1
    finally:
        await door.stop()
