"""Signed requests to the running door: who may talk, first use, retries, health."""

from __future__ import annotations

import hmac
import logging
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.conversation import Conversation
from handlers.app import App
from handlers.settings import ConfigError, load
from handlers.slack.door import SlackDoor, start
from storage.store import SqlStore
from tests.conftest import add_member
from tests.slack.conftest import SIGNING_SECRET, SlackClient
from tests.slack.fake_slack_api import TEAM, FakeSlackApi


async def test_a_bad_signature_gets_401_and_changes_nothing(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    before = len(fake_slack.calls)
    answer = await slack.command("summary", secret="not-the-signing-secret")
    await door.idle()
    assert answer.status == 401
    assert len(fake_slack.calls) == before
    assert await store.list_members() == []


async def test_a_stale_timestamp_gets_401_and_changes_nothing(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    before = len(fake_slack.calls)
    answer = await slack.dm("summary", timestamp=int(time.time()) - 10 * 60)
    await door.idle()
    assert answer.status == 401
    assert len(fake_slack.calls) == before
    assert await store.list_members() == []


async def test_the_token_is_checked_once_at_start_not_on_a_members_first_request(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    assert len(fake_slack.of("auth.test")) == 1
    await slack.command("summary")
    await slack.command("help")
    await door.idle()
    assert len(fake_slack.of("auth.test")) == 1


async def test_slash_summary_is_acked_at_once_and_answered_privately(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    answer = await slack.command("summary", user="U1", channel="C1")
    assert answer.status == 200
    assert answer.body == ""
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    assert call.args["channel"] == "C1"
    assert call.args["user"] == "U1"
    text = call.blocks_text()
    for label in ("Category 1", "Plastic Surgery", "Patient Safety", "Total (Cat. 1 + Cat. 2)"):
        assert label in text
    assert "░" in text  # a progress bar
    assert not fake_slack.of("chat.postMessage")  # nothing visible to the channel


async def test_a_member_is_created_on_first_use_with_their_verified_slack_email_and_time_zone(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.command("summary", user="U7")
    await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    found = await store.member_by_identity("slack", f"{TEAM}:U7")
    assert found is not None
    member = found[0]
    assert member.name == "Dr U7"
    assert member.timezone == "America/Chicago"
    by_mail = await store.member_by_identity("email", "u7@example.org")
    assert by_mail is not None and by_mail[0].id == member.id and by_mail[1].verified
    assert len(await store.list_members()) == 1


async def test_a_slack_user_whose_email_is_already_a_member_joins_that_member(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    existing = await add_member(store, "u8@example.org", "Steve Sample")
    await slack.command("summary", user="U8")
    await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    found = await store.member_by_identity("slack", f"{TEAM}:U8")
    assert found is not None and found[0].id == existing.id
    assert len(await store.list_members()) == 1


async def test_an_unconfirmed_slack_email_is_neither_linked_nor_trusted(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    existing = await add_member(store, "u9@example.org", "Someone Else")
    fake_slack.users["U9"] = {
        "id": "U9",
        "team_id": TEAM,
        "name": "u9",
        "tz": "America/Denver",
        "is_email_confirmed": False,
        "profile": {"real_name": "Dr Nine", "email": "u9@example.org"},
    }
    await slack.command("summary", user="U9")
    await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    found = await store.member_by_identity("slack", f"{TEAM}:U9")
    assert found is not None and found[0].id != existing.id
    assert {i.kind for i in await store.identities_of(found[0].id)} == {"slack"}


async def test_a_retried_event_is_answered_once(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    body = slack.event_body(
        {
            "type": "message",
            "channel": "DU1",
            "user": "U1",
            "text": "summary",
            "ts": "1617800000.000100",
            "channel_type": "im",
            "team": TEAM,
        },
        event_id="Ev0RETRY01",
    )
    first = await slack.post(body, "application/json")
    await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    again = await slack.post(body, "application/json", retry=1)
    await door.idle()
    assert first.status == again.status == 200
    assert len(fake_slack.of("chat.postMessage")) == 1


async def test_health_check_answers_without_a_signature(door: SlackDoor) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{door.port}/healthz") as resp,
    ):
        assert resp.status == 200
        assert (await resp.json()) == {"ok": True}


async def test_messages_from_bots_and_edits_are_ignored(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.dm("summary", extra={"bot_id": "B999"})
    await slack.dm("summary", extra={"subtype": "message_changed"})
    await door.idle()
    assert not fake_slack.of("chat.postMessage")
    assert await store.list_members() == []


async def test_a_refused_bot_token_stops_start_up_naming_the_variable(
    tmp_path: Path, engine: Any, store: SqlStore, conversation: Conversation, fake_slack: FakeSlackApi
) -> None:
    settings = load(
        {
            "CMEBOT_DATA_DIR": str(tmp_path / "var"),
            "CMEBOT_HTTP_PORT": "0",
            "SLACK_BOT_TOKEN": "xoxb-revoked",
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN was refused by Slack \\(invalid_auth\\)"):
        await start(App(settings, engine, store, conversation))


async def test_under_a_flood_events_are_sent_back_for_later_and_commands_say_so(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    """Replies waiting past the backlog limit: Slack retries an event answered with a 5xx, so the
    DM comes back later and nothing is lost; a command can't come back, so its ack says why."""
    from handlers.slack import wording

    door.listeners.work.max_backlog = 0  # as if 500 replies were already waiting
    turned_away = await slack.dm("help", event_id="EvFLOOD1")
    command = await slack.command("summary")
    assert turned_away.status == 503
    assert command.status == 200 and wording.BUSY in command.body
    await door.idle()
    assert not fake_slack.of("chat.postMessage")
    door.listeners.work.max_backlog = 500
    retried = await slack.dm("help", event_id="EvFLOOD1", retry=1)
    assert retried.status == 200
    (call,) = await fake_slack.wait_for("chat.postMessage")
    assert "I keep your CME record" in call.blocks_text()


async def test_an_unsigned_request_is_refused_with_one_short_log_line_not_its_body(
    slack: SlackClient, door: SlackDoor, caplog: pytest.LogCaptureFixture
) -> None:
    """
    GIVEN someone posting 1 MB bodies without Slack's signature
    WHEN the door refuses them
    THEN each refusal is logged in a line, and no byte of the body reaches the log
    """
    caplog.set_level(logging.DEBUG)
    body = "payload=" + "UNSIGNED-BODY-" * 70_000
    for _ in range(3):
        answer = await slack.post(body, "application/x-www-form-urlencoded", secret="forged")
        assert answer.status == 401
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "UNSIGNED-BODY" not in logged
    refusals = [r.getMessage() for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(refusals) == 3 and all("bad signature" in r and len(r) < 200 for r in refusals)


@pytest.mark.parametrize("timestamp", ["not-a-number", "", "1.5e9", "-1", "9" * 40])
async def test_a_timestamp_that_is_not_a_number_gets_401(
    slack: SlackClient, door: SlackDoor, store: SqlStore, timestamp: str
) -> None:
    body = slack.command_body("summary")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        # Signed with the secret over that very timestamp, so only the timestamp can be wrong.
        "X-Slack-Signature": "v0="
        + hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:{body}".encode(), "sha256").hexdigest(),
    }
    async with slack.session.post(slack.url, data=body.encode(), headers=headers) as resp:
        assert resp.status == 401
    await door.idle()
    assert await store.list_members() == []


@pytest.mark.parametrize(
    "marks",
    [
        {"bot_id": "B0OTHER"},
        {"subtype": "bot_message"},
        {"bot_profile": {"id": "B0OTHER", "name": "Workflow"}},
    ],
)
async def test_a_mention_from_a_bot_is_not_answered_even_when_users_info_fails(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore, marks: dict[str, Any]
) -> None:
    fake_slack.users_info_fails = True
    mention = {"type": "app_mention", "user": "U0BOTUSER", "text": "<@UBOT0CME> summary", "channel": "C9"}
    await slack.event({**mention, "ts": "1617800000.000300", "team": TEAM, **marks})
    await door.idle()
    assert not fake_slack.of("users.info")
    assert not [c for c in fake_slack.calls if c.method.startswith("chat.")]
    assert await store.list_members() == []
