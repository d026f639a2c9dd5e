"""Socket Mode: the same listeners over Slack's WebSocket, for servers Slack cannot reach."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.conversation import Conversation
from handlers.app import App
from handlers.settings import load
from handlers.slack.door import SlackDoor, start
from storage.store import SqlStore
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import BOT_TOKEN, FakeSlackApi


@pytest.fixture
async def socket_door(
    tmp_path: Path, engine: Any, store: SqlStore, conversation: Conversation, fake_slack: FakeSlackApi
) -> AsyncIterator[SlackDoor]:
    settings = load(
        {
            "CMEBOT_DATA_DIR": str(tmp_path / "var"),
            "CMEBOT_HTTP_PORT": "0",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": "xapp-1-test",
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    running = await start(App(settings, engine, store, conversation))
    yield running
    await running.stop()


async def test_a_slash_command_over_socket_mode_is_acked_and_answered(
    socket_door: SlackDoor, fake_slack: FakeSlackApi
) -> None:
    command = dict(parse_qsl(SlackClient("", fake_slack, None).command_body("summary")))  # type: ignore[arg-type]
    await fake_slack.socket_send(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "payload": command,
            "accepts_response_payload": True,
        }
    )
    (ack,) = await fake_slack.wait_for("socket_ack")
    assert ack.args["envelope_id"] == "env-1"
    (reply,) = await fake_slack.wait_for("chat.postEphemeral")
    assert "CME summary" in reply.blocks_text()
    (opened,) = fake_slack.of("apps.connections.open")
    assert opened.headers["authorization"] == "Bearer xapp-1-test"
