"""Issue 17 through Slack (signed HTTP to the running app): plastics by topic, cycles, moved lines."""

from __future__ import annotations

from decimal import Decimal

from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import TEAM, FakeSlackApi

TITLE = "Outcomes of Prepectoral Implant-Based Breast Reconstruction"
BREAST = f'log 1.5 cat 1 "{TITLE}" Lakeshore University Hospital'


async def _entries(store: SqlStore):  # type: ignore[no-untyped-def]
    found = await store.member_by_identity("slack", f"{TEAM}:U1")
    assert found is not None
    return await store.entries(found[0].id)


def _text(call) -> str:  # type: ignore[no-untyped-def]
    return str(call.blocks_text())


async def test_a_plastic_topic_counts_and_not_plastics_takes_it_back(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.dm(f"{BREAST} 3/17/2021")
    (recorded,) = await fake_slack.wait_for("chat.postMessage")
    text = _text(recorded)
    assert "I counted all 1.5 as plastic surgery" in text, text
    assert "0 → 1.5 of 50 required" in text  # the Plastic Surgery line moved
    await door.idle()
    [entry] = await _entries(store)
    assert entry.activity.plastic_surgery_credits == Decimal("1.50")

    await slack.dm("not plastics")
    (_, edited) = await fake_slack.wait_for("chat.postMessage", 2)
    assert "1.5 → 0 of 50 required" in _text(edited)
    await door.idle()
    [entry] = await _entries(store)
    assert entry.activity.plastic_surgery_credits == Decimal("0.00")


async def test_a_previous_cycle_date_is_named_and_joint_asps_is_marked(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.dm('log 2 cat 1 "Hand Trauma Update" ASPS/PSF 12/14/2018')
    (recorded,) = await fake_slack.wait_for("chat.postMessage")
    text = _text(recorded)
    assert "Dated 2018-12-14: that's your previous cycle (2017–2019), not this one" in text, text
    assert "auto-uploaded by ASPS" in text and "Heads up: ASPS uploads ASPS activities" in text
    assert "→" not in text  # nothing in this cycle moved
    await door.idle()
    [entry] = await _entries(store)
    assert entry.activity.plastic_surgery_credits == Decimal("2.00")
    assert "auto_uploaded_provider" in entry.flags
