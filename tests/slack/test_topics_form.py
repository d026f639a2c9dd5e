"""The form's topics (issue 14): a multiple choice of every topic, prefilled with what was read,
and what the member leaves chosen is what the entry counts toward."""

from __future__ import annotations

import json
from typing import Any

from handlers.slack import blocks, inbound
from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.conftest import SlackClient, form_values
from tests.slack.fake_slack_api import TEAM, FakeSlackApi

ETHICS = "Ethics in Aesthetic Practice"


def with_topics(values: dict[str, Any], *codes: str) -> dict[str, Any]:
    chosen = [{"text": {"type": "plain_text", "text": c}, "value": c} for c in codes]
    return {**values, "topics": {"value": {"type": "multi_static_select", "selected_options": chosen}}}


def test_the_chosen_topics_become_one_field_and_none_chosen_is_none() -> None:
    fields, errors = inbound.form_fields(with_topics(form_values(), "opioids", "ethics"))
    assert errors == {}
    assert fields["topics"] == "opioids,ethics"
    fields, _ = inbound.form_fields(with_topics(form_values()))
    assert fields["topics"] == ""
    fields, _ = inbound.form_fields(form_values())  # an older form without the choice
    assert "topics" not in fields


def test_the_modal_offers_every_topic_and_ticks_the_ones_read() -> None:
    view = blocks.submission_modal({"title": ETHICS, "topics": "ethics,child_abuse"}, {"ref": ""})
    block = next(b for b in view["blocks"] if b["block_id"] == "topics")
    assert block["optional"] is True
    element = block["element"]
    assert element["type"] == "multi_static_select"
    offered = [o["value"] for o in element["options"]]
    assert {"ethics", "opioids", "child_abuse", "implicit_bias"} <= set(offered)
    assert len(offered) <= 100 and all(len(o["text"]["text"]) <= 75 for o in element["options"])
    assert [o["value"] for o in element["initial_options"]] == ["ethics", "child_abuse"]
    untouched = blocks.submission_modal({"title": "Flap Salvage"}, {"ref": ""})
    block = next(b for b in untouched["blocks"] if b["block_id"] == "topics")
    assert "initial_options" not in block["element"]


async def _member_id(store: SqlStore, user: str) -> int:
    found = await store.member_by_identity("slack", f"{TEAM}:{user}")
    assert found is not None
    return found[0].id


async def _submit(
    slack: SlackClient, fake: FakeSlackApi, door: SlackDoor, values: dict[str, Any], ref: str = ""
) -> None:
    before = len(fake.of("chat.postMessage"))
    answer = await slack.submit(values, ref=ref)
    assert answer.status == 200 and answer.body == ""
    await fake.wait_for("chat.postMessage", before + 1)
    await door.idle()


async def test_a_form_records_the_titles_topics_and_an_edit_changes_them(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _submit(slack, fake_slack, door, form_values(title=ETHICS))  # no choice made: read from the title
    member_id = await _member_id(store, "U1")
    (entry,) = await store.entries(member_id)
    assert entry.activity.topics == {"ethics"}
    assert "Topics it counts toward" in fake_slack.of("chat.postMessage")[-1].blocks_text()

    await slack.press("edit", "1")
    (call,) = await fake_slack.wait_for("views.open")
    elements = {b["block_id"]: b["element"] for b in call.args["view"]["blocks"]}
    assert [o["value"] for o in elements["topics"]["initial_options"]] == ["ethics"]
    assert json.loads(call.args["view"]["private_metadata"]) == {"ref": "1"}

    await _submit(
        slack, fake_slack, door, with_topics(form_values(title=ETHICS), "ethics", "opioids"), ref="1"
    )
    (entry,) = await store.entries(member_id)
    assert entry.activity.topics == {"ethics", "opioids"}
    assert "Updated #1" in fake_slack.of("chat.postMessage")[-1].blocks_text()

    await _submit(slack, fake_slack, door, with_topics(form_values(title=ETHICS)), ref="1")  # all taken off
    (entry,) = await store.entries(member_id)
    assert entry.activity.topics == frozenset()
