"""The Slack door running for real on loopback, with Slack's Web API played by `FakeSlackApi`.

Requests are signed like Slack signs them (v0 HMAC-SHA256 of
"v0:{timestamp}:{body}" with the signing secret) and shaped like Slack's
documented payloads; the door's own aiohttp server listens on port 0.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.conversation import Conversation
from handlers.app import App
from handlers.settings import load
from handlers.slack.door import SlackDoor, start
from storage.store import SqlStore
from tests.slack.fake_slack_api import BOT_TOKEN, TEAM, FakeSlackApi

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_ids = itertools.count(1)


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: str
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body)


class SlackClient:
    """Sends what Slack would send, signed, to the door's `/slack/events`."""

    def __init__(self, url: str, fake: FakeSlackApi, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.fake = fake
        self.session = session

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        retry: int | None = None,
    ) -> Answer:
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(body, ts, secret),
        }
        if retry is not None:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            text = await resp.text()
        return Answer(resp.status, text, time.perf_counter() - started)

    # ---- payload builders (shapes from api.slack.com) -----------------------------------

    def command_body(self, text: str, user: str = "U1", channel: str = "C1", **extra: str) -> str:
        n = next(_ids)
        fields = {
            "token": "verification-token",
            "team_id": TEAM,
            "team_domain": "cme-test",
            "channel_id": channel,
            "channel_name": "plastics",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/cme",
            "text": text,
            "api_app_id": "A0CME",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(f"cmd{n}"),
            "trigger_id": f"{n}.1234.trigger{n}",
            **extra,
        }
        return urlencode(fields)

    async def command(self, text: str, user: str = "U1", channel: str = "C1", **kw: Any) -> Answer:
        return await self.post(
            self.command_body(text, user, channel), "application/x-www-form-urlencoded", **kw
        )

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        n = next(_ids)
        return json.dumps(
            {
                "token": "verification-token",
                "team_id": TEAM,
                "api_app_id": "A0CME",
                "event": {"event_ts": f"1617800000.{n:06d}", **event},
                "type": "event_callback",
                "event_id": event_id or f"Ev{n:08d}",
                "event_time": 1617800000 + n,
                "authorizations": [{"team_id": TEAM, "user_id": "UBOT0CME", "is_bot": True}],
            }
        )

    async def event(self, event: dict[str, Any], event_id: str | None = None, **kw: Any) -> Answer:
        return await self.post(self.event_body(event, event_id), "application/json", **kw)

    async def dm(self, text: str, user: str = "U1", extra: dict[str, Any] | None = None, **kw: Any) -> Answer:
        n = next(_ids)
        return await self.event(
            {
                "type": "message",
                "channel": f"D{user}",
                "user": user,
                "text": text,
                "ts": f"1617800000.{n:06d}",
                "channel_type": "im",
                "team": TEAM,
                **(extra or {}),
            },
            **kw,
        )

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Answer:
        return await self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw
        )

    async def press(
        self,
        action: str,
        value: str,
        user: str = "U1",
        container: str = "message",
        channel: str | None = None,
        **kw: Any,
    ) -> Answer:
        """A button pressed by `user` on a message in `channel` (their DM with the bot unless given)."""
        n = next(_ids)
        channel = channel or f"D{user}"
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": "A0CME",
            "token": "verification-token",
            "trigger_id": f"{n}.1234.press{n}",
            "team": {"id": TEAM, "domain": "cme-test"},
            "enterprise": None,
            "is_enterprise_install": False,
            "actions": [
                {
                    "action_id": f"cme_{action}",
                    "block_id": "cme_actions",
                    "text": {"type": "plain_text", "text": action.title(), "emoji": True},
                    "value": value,
                    "type": "button",
                    "action_ts": f"1617800000.{n:06d}",
                }
            ],
        }
        if container == "message":
            payload["container"] = {
                "type": "message",
                "message_ts": "1617800000.000001",
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel, "name": "directmessage" if channel[0] == "D" else "plastics"}
            payload["response_url"] = self.fake.response_url(f"act{n}")
        else:
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "callback_id": "cme_home"}
        return await self.interaction(payload, **kw)

    def submission(self, values: dict[str, Any], user: str = "U1", ref: str = "") -> dict[str, Any]:
        n = next(_ids)
        return {
            "type": "view_submission",
            "team": {"id": TEAM, "domain": "cme-test"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": "A0CME",
            "token": "verification-token",
            "trigger_id": f"{n}.1234.submit{n}",
            "view": {
                "id": f"VMODAL{n}",
                "team_id": TEAM,
                "type": "modal",
                "callback_id": "cme_submit",
                "private_metadata": json.dumps({"ref": ref}),
                "state": {"values": values},
                "hash": f"{n}.abc",
                "title": {"type": "plain_text", "text": "Submit CME"},
            },
            "response_urls": [],
            "is_enterprise_install": False,
        }

    async def submit(self, values: dict[str, Any], user: str = "U1", ref: str = "", **kw: Any) -> Answer:
        return await self.interaction(self.submission(values, user, ref), **kw)


def form_values(**overrides: str | None) -> dict[str, Any]:
    """A filled-in CME SUBMISSION FORM, as view.state.values; None leaves a field empty."""
    given: dict[str, str | None] = {
        "start_date": "2021-03-17",
        "end_date": "2021-03-17",
        "title": "Flap Salvage Grand Rounds",
        "activity_type": "rss",
        "category": "1",
        "provider": "Lakeshore University Hospital",
        "credits": "1.5",
        "patient_safety_credits": "0.5",
        "plastic_surgery_credits": "1.5",
        "city": "Chicago",
        "state": "IL",
        "country": "US",
    }
    given.update(overrides)
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name in ("start_date", "end_date"):
            element: dict[str, Any] = {"type": "datepicker", "selected_date": value}
        elif name in ("activity_type", "category"):
            option = {"text": {"type": "plain_text", "text": value or ""}, "value": value}
            element = {"type": "static_select", "selected_option": option if value else None}
        elif name.endswith("credits"):
            element = {"type": "number_input", "value": value}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[name] = {"value": element}
    return values


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlackApi]:
    fake = await FakeSlackApi().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def door(
    tmp_path: Path, engine: Any, store: SqlStore, conversation: Conversation, fake_slack: FakeSlackApi
) -> AsyncIterator[SlackDoor]:
    settings = load(
        {
            "CMEBOT_DATA_DIR": str(tmp_path / "var"),
            "CMEBOT_HTTP_PORT": "0",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url,
        }
    )
    running = await start(App(settings, engine, store, conversation))
    yield running
    await running.stop()


@pytest.fixture
async def slack(door: SlackDoor, fake_slack: FakeSlackApi) -> AsyncIterator[SlackClient]:
    async with aiohttp.ClientSession() as session:
        yield SlackClient(f"http://127.0.0.1:{door.port}/slack/events", fake_slack, session)
