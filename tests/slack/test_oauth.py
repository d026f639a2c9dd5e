"""Many workspaces: the OAuth install flow with installations kept in our database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import inspect

from bot.conversation import Conversation
from handlers.app import App
from handlers.settings import load
from handlers.slack.door import SlackDoor, start
from storage.store import SqlStore
from tests.slack.conftest import SIGNING_SECRET
from tests.slack.fake_slack_api import FakeSlackApi


@pytest.fixture
async def oauth_door(
    tmp_path: Path, engine: Any, store: SqlStore, conversation: Conversation, fake_slack: FakeSlackApi
) -> AsyncIterator[SlackDoor]:
    settings = load(
        {
            "CMEBOT_DATA_DIR": str(tmp_path / "var"),
            "CMEBOT_HTTP_PORT": "0",
            "SLACK_CLIENT_ID": "1111.2222",
            "SLACK_CLIENT_SECRET": "client-secret",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    running = await start(App(settings, engine, store, conversation))
    yield running
    await running.stop()


async def test_the_install_page_asks_for_the_manifests_scopes_and_keeps_state_in_our_database(
    oauth_door: SlackDoor, engine: Any
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{oauth_door.port}/slack/install", allow_redirects=False) as resp,
    ):
        page = await resp.text()
    assert resp.status == 200
    assert "https://slack.com/oauth/v2/authorize?state=" in page
    assert "client_id=1111.2222" in page
    assert "users%3Aread.email" in page or "users:read.email" in page
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= set(tables)


async def test_a_workspace_that_uninstalls_the_app_is_forgotten(
    oauth_door: SlackDoor, engine: Any, fake_slack: FakeSlackApi
) -> None:
    import time

    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

    from tests.slack.conftest import SlackClient
    from tests.slack.fake_slack_api import TEAM

    installations = AsyncSQLAlchemyInstallationStore(client_id="1111.2222", engine=engine)
    await installations.async_save(
        Installation(
            app_id="A0CME",
            team_id=TEAM,
            user_id="U1",
            bot_token="xoxb-installed",
            bot_id="B0CME",
            bot_user_id="UBOT0CME",
            installed_at=time.time(),
        )
    )
    assert await installations.async_find_bot(enterprise_id=None, team_id=TEAM) is not None
    async with aiohttp.ClientSession() as session:
        slack = SlackClient(f"http://127.0.0.1:{oauth_door.port}/slack/events", fake_slack, session)
        answer = await slack.post(slack.event_body({"type": "app_uninstalled"}), "application/json")
    assert answer.status == 200
    assert await installations.async_find_bot(enterprise_id=None, team_id=TEAM) is None
    assert await installations.async_find_installation(enterprise_id=None, team_id=TEAM) is None


async def test_slack_tables_an_earlier_version_let_slack_sdk_create_survive_the_upgrade(
    tmp_path: Path,
) -> None:
    """Before migration 0003, slack_sdk created its tables at start-up; upgrading keeps them."""
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

    from storage.engine import make_engine
    from storage.migrate import heads, upgrade

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        await upgrade(engine, "0002")
        installations = AsyncSQLAlchemyInstallationStore(client_id="1111.2222", engine=engine)
        await installations.create_tables()  # type: ignore[no-untyped-call]
        await AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine).create_tables()  # type: ignore[no-untyped-call]
        await upgrade(engine)
        async with engine.connect() as conn:
            version = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).scalar()
        assert {version} == heads()  # the head: every later migration ran too
    finally:
        await engine.dispose()
