"""The App Home's requirement sets (issue 14): shown, added through the modal, dropped by a button."""

from __future__ import annotations

from typing import Any

from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import TEAM, FakeSlackApi


def _sets_submission(text: str, user: str = "U1") -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "cme-test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0CME",
        "token": "verification-token",
        "trigger_id": "77.1234.sets77",
        "view": {
            "id": "VSETS77",
            "team_id": TEAM,
            "type": "modal",
            "callback_id": "cme_sets",
            "private_metadata": "",
            "state": {"values": {"sets_text": {"sets_text": {"type": "plain_text_input", "value": text}}}},
            "hash": "77.abc",
            "title": {"type": "plain_text", "text": "Add a licence"},
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }


async def test_the_home_tab_shows_the_sets_and_adds_and_drops_them(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    (home,) = await fake_slack.wait_for("views.publish")
    assert "Requirement sets" in home.blocks_text() and "You track ASPS" in home.blocks_text()
    buttons = [
        e["action_id"] for b in home.args["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert "cme_sets_add" in buttons

    await slack.press("sets_add", "", container="view")
    (opened,) = await fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "cme_sets"

    answer = await slack.interaction(_sets_submission("Texas, renews 2022-05-31"))
    assert answer.status == 200
    (said,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "Added Texas" in said.blocks_text() or "Added Texas" in str(said.args)
    found = await store.member_by_identity("slack", f"{TEAM}:U1")
    assert found is not None
    profile = await store.profile(found[0].id)
    assert [h.code for h in profile.sets] == ["asps", "texas"]
    republished = fake_slack.of("views.publish")[-1]
    assert "Texas (2020-06-01 – 2022-05-31)" in republished.blocks_text()
    assert "Drop Texas" in str(republished.args["view"])

    await slack.press("sets_drop", "texas", container="view")
    await fake_slack.wait_for("chat.postMessage", 2)
    await door.idle()
    assert [h.code for h in (await store.profile(found[0].id)).sets] == ["asps"]
