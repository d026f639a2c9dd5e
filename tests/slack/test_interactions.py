"""Buttons, the submission modal and App Home, over signed HTTP against the running door."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.conftest import SlackClient, form_values
from tests.slack.fake_slack_api import TEAM, FakeSlackApi

LOG = 'log 1.5 cat 1 "Flap Salvage" provider: Lakeshore University Hospital 3/17/2021'
FORM_BLOCKS = [
    "start_date",
    "end_date",
    "title",
    "activity_type",
    "category",
    "provider",
    "credits",
    "patient_safety_credits",
    "plastic_surgery_credits",
    "city",
    "state",
    "country",
    "topics",  # issue 14: what licences ask hours of, besides the portal's twelve
]


async def _member_id(store: SqlStore, user: str) -> int:
    found = await store.member_by_identity("slack", f"{TEAM}:{user}")
    assert found is not None
    return found[0].id


async def _opened_form(fake: FakeSlackApi) -> tuple[dict[str, Any], dict[str, Any]]:
    """The modal just opened: its input elements by block, and its private metadata."""
    (call,) = await fake.wait_for("views.open")
    view = call.args["view"]
    return {b["block_id"]: b["element"] for b in view["blocks"]}, json.loads(view["private_metadata"])


async def _record_by_form(
    slack: SlackClient, fake: FakeSlackApi, door: SlackDoor, user: str = "U1", **overrides: str | None
) -> None:
    before = len(fake.of("chat.postMessage"))
    answer = await slack.submit(form_values(**overrides), user=user)
    assert answer.status == 200 and answer.body == ""
    await fake.wait_for("chat.postMessage", before + 1)
    await door.idle()


async def test_a_valid_submission_closes_the_modal_and_records_with_undo_and_edit(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN a physician who fills in every field of the submission form
    WHEN they press Submit CME
    THEN the modal closes (empty ack), the activity is recorded, and the DM shows it with Undo and Edit
    """
    await _record_by_form(slack, fake_slack, door)
    member_id = await _member_id(store, "U1")
    (entry,) = await store.entries(member_id)
    assert entry.number == 1
    assert entry.activity.title == "Flap Salvage Grand Rounds"
    assert str(entry.activity.patient_safety_credits) == "0.50"
    (opened,) = fake_slack.of("conversations.open")
    assert opened.args["users"] == "U1"
    (posted,) = fake_slack.of("chat.postMessage")
    assert posted.args["channel"] == "DU1"
    blocks = posted.args["blocks"]
    assert "Recorded #1" in json.dumps(blocks, ensure_ascii=False)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    owner = f"{TEAM}:U1"
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("cme_undo", f"{owner}|1"),
        ("cme_edit", f"{owner}|1"),
    ]
    # App Home follows the record.
    (home,) = fake_slack.of("views.publish")
    assert home.args["user_id"] == "U1"
    assert "Flap Salvage Grand Rounds" in home.blocks_text()


async def test_form_problems_come_back_inline_and_nothing_is_recorded(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    answer = await slack.submit(
        form_values(credits="1", patient_safety_credits="2", provider=None, end_date="2021-03-01")
    )
    await door.idle()
    assert answer.status == 200
    reply = answer.json()
    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) >= {"patient_safety_credits", "provider", "end_date"}
    assert "part of the total" in reply["errors"]["patient_safety_credits"]
    assert await store.list_members() == []  # a newcomer whose form is refused is not made a member yet
    assert not fake_slack.of("chat.postMessage")


async def test_an_unreadable_number_is_an_inline_error(slack: SlackClient, door: SlackDoor) -> None:
    answer = await slack.submit(form_values(credits="one and a half"))
    await door.idle()
    assert answer.json()["errors"]["credits"].startswith("“one and a half” isn't a number")


async def test_slash_submit_opens_the_whole_form(slack: SlackClient, fake_slack: FakeSlackApi) -> None:
    await slack.command("submit")
    (call,) = await fake_slack.wait_for("views.open")
    view = call.args["view"]
    assert view["type"] == "modal" and view["callback_id"] == "cme_submit"
    assert [b["block_id"] for b in view["blocks"]] == FORM_BLOCKS
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds["start_date"] == kinds["end_date"] == "datepicker"
    assert kinds["activity_type"] == kinds["category"] == "static_select"
    assert call.args["trigger_id"].endswith("trigger" + call.args["trigger_id"].split("trigger")[-1])


async def test_edit_opens_the_form_prefilled_and_saves_the_change(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _record_by_form(slack, fake_slack, door)
    await slack.press("edit", "1")
    (call,) = await fake_slack.wait_for("views.open")
    view = call.args["view"]
    elements = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert elements["title"]["initial_value"] == "Flap Salvage Grand Rounds"
    assert elements["start_date"]["initial_date"] == "2021-03-17"
    assert elements["credits"]["initial_value"] == "1.5"
    assert elements["category"]["initial_option"]["value"] == "1"
    assert json.loads(view["private_metadata"]) == {"ref": "1"}

    await slack.submit(form_values(credits="2", plastic_surgery_credits="2"), ref="1")
    await fake_slack.wait_for("chat.postMessage", 2)
    await door.idle()
    member_id = await _member_id(store, "U1")
    (entry,) = await store.entries(member_id)
    assert str(entry.activity.credits) == "2.00"
    assert "Updated #1" in fake_slack.of("chat.postMessage")[-1].blocks_text()


async def test_undo_replaces_the_card_and_removes_the_entry(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _record_by_form(slack, fake_slack, door)
    await slack.press("undo", "1")
    (call,) = await fake_slack.wait_for("response_url")
    await door.idle()
    assert call.args["replace_original"] is True
    assert "Deleted #1" in call.blocks_text()
    assert await store.entries(await _member_id(store, "U1")) == []


async def test_another_members_buttons_and_forms_cannot_touch_my_entries(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN U1 has entry #1
    WHEN U2 presses Undo and Edit with value "1", and submits an edit form for ref "1"
    THEN U1's entry is unchanged: the member is always the one who pressed
    """
    await _record_by_form(slack, fake_slack, door, user="U1")
    await slack.press("undo", "1", user="U2")
    (undo,) = await fake_slack.wait_for("response_url")
    assert "can't find entry #1" in undo.blocks_text()
    await slack.press("edit", "1", user="U2")
    await slack.submit(form_values(title="Hijacked", credits="9"), user="U2", ref="1")
    await door.idle()
    assert not fake_slack.of("views.open")
    (entry,) = await store.entries(await _member_id(store, "U1"))
    assert entry.activity.title == "Flap Salvage Grand Rounds"
    assert str(entry.activity.credits) == "1.50"
    assert await store.entries(await _member_id(store, "U2")) == []
    notices = [c.blocks_text() for c in fake_slack.of("chat.postMessage") if c.args["channel"] == "DU2"]
    assert any("can't find entry #1" in n for n in notices)  # the edit form's answer, in U2's DM


async def test_a_doubtful_submission_becomes_a_draft_that_confirm_records(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _record_by_form(slack, fake_slack, door)
    await _record_by_form(slack, fake_slack, door)  # the same activity again: a likely duplicate
    draft = fake_slack.of("chat.postMessage")[-1]
    buttons = [e["action_id"] for b in draft.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["cme_confirm", "cme_edit", "cme_cancel"]
    member_id = await _member_id(store, "U1")
    assert len(await store.entries(member_id)) == 1

    await slack.press("confirm", "draft")
    (call,) = await fake_slack.wait_for("response_url")
    await door.idle()
    assert "Recorded #2" in call.blocks_text()
    assert len(await store.entries(member_id)) == 2


async def test_a_retried_submission_records_once(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    payload = slack.submission(form_values())
    await slack.interaction(payload)
    await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    await slack.interaction(payload, retry=1)
    await door.idle()
    assert len(await store.entries(await _member_id(store, "U1"))) == 1
    assert len(fake_slack.of("chat.postMessage")) == 1


async def test_app_home_is_the_dashboard(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    (call,) = await fake_slack.wait_for("views.publish")
    view = call.args["view"]
    assert view["type"] == "home"
    text = call.blocks_text()
    for label in ("Category 1", "Plastic Surgery", "Patient Safety", "Total (Cat. 1 + Cat. 2)"):
        assert label in text
    assert "days left" in text
    buttons = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons[:2] == ["cme_submit", "cme_report"]


async def test_the_home_tabs_submit_button_opens_the_form(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    await slack.press("submit", "submit", container="view")
    (call,) = await fake_slack.wait_for("views.open")
    assert call.args["view"]["callback_id"] == "cme_submit"


async def test_edit_on_a_draft_opens_it_prefilled_and_the_corrected_form_records_it(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _record_by_form(slack, fake_slack, door)
    await _record_by_form(slack, fake_slack, door)  # a likely duplicate: a draft
    await slack.press("edit", "draft")
    elements, metadata = await _opened_form(fake_slack)
    assert elements["title"]["initial_value"] == "Flap Salvage Grand Rounds"
    assert metadata == {"ref": "draft"}

    corrected = form_values(title="Flap Salvage Grand Rounds, week 2", start_date="2021-03-24", end_date=None)
    await slack.submit(corrected, ref="draft")
    await fake_slack.wait_for("chat.postMessage", 3)
    await door.idle()
    titles = [e.activity.title for e in await store.entries(await _member_id(store, "U1"))]
    assert sorted(titles) == ["Flap Salvage Grand Rounds", "Flap Salvage Grand Rounds, week 2"]
    assert await store.pending_draft(await _member_id(store, "U1")) is None


async def test_cancel_drops_the_draft_and_records_nothing(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await _record_by_form(slack, fake_slack, door)
    await _record_by_form(slack, fake_slack, door)
    await slack.press("cancel", "draft")
    (call,) = await fake_slack.wait_for("response_url")
    await door.idle()
    assert "nothing was recorded" in call.blocks_text()
    member_id = await _member_id(store, "U1")
    assert len(await store.entries(member_id)) == 1
    assert await store.pending_draft(member_id) is None


async def test_the_home_tabs_report_button_sends_the_report_to_the_dm(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    await slack.press("report", "current", container="view")
    (done,) = await fake_slack.wait_for("files.completeUploadExternal")
    await door.idle()
    assert done.args["channel_id"] == "DU1"
    assert not fake_slack.of("chat.postEphemeral")  # nothing to say in a channel: it came from Home


async def test_submit_with_text_opens_the_form_prefilled_from_what_was_understood(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    await slack.command('submit 1.5 cat 1 "Flap Salvage" 3/17/2021')
    (call,) = await fake_slack.wait_for("views.open")
    elements = {b["block_id"]: b["element"] for b in call.args["view"]["blocks"]}
    assert elements["credits"]["initial_value"] == "1.5"
    assert elements["start_date"]["initial_date"] == "2021-03-17"
    assert elements["category"]["initial_option"]["value"] == "1"


async def test_edit_2_on_a_draft_of_two_opens_the_second_and_changes_only_it(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    from bot.ports import Draft

    await _record_by_form(slack, fake_slack, door)  # the member exists; entry #1
    member_id = await _member_id(store, "U1")
    first = {"title": "Hand Surgery Update", "start_date": "2021-03-10", "end_date": "2021-03-10",
             "category": "2", "activity_type": "other", "credits": "2"}  # fmt: skip
    second = {"title": "Rhinoplasty Course", "start_date": "2021-03-11", "end_date": "2021-03-11",
              "category": "2", "activity_type": "other", "credits": "3"}  # fmt: skip
    await store.save_draft(member_id, Draft([first, second], [], "slack"))
    await slack.press("edit", "draft:1")
    elements, metadata = await _opened_form(fake_slack)
    assert elements["title"]["initial_value"] == "Rhinoplasty Course"
    assert metadata == {"ref": "draft:1"}

    corrected = form_values(title="Rhinoplasty Course, day 2", start_date="2021-03-12", end_date=None)
    before = len(fake_slack.of("chat.postMessage"))
    await slack.submit(corrected, ref="draft:1")
    await fake_slack.wait_for("chat.postMessage", before + 1)
    await door.idle()
    titles = sorted(e.activity.title for e in await store.entries(member_id))
    assert titles == ["Flap Salvage Grand Rounds", "Hand Surgery Update", "Rhinoplasty Course, day 2"]


def _buttons(call: Any) -> dict[str, str]:
    """A posted card's buttons: action id -> value."""
    blocks = call.args["blocks"]
    return {e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


async def test_buttons_on_a_card_shared_in_a_channel_act_only_for_the_member_whose_card_it_is(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN U2 has an entry #1 of their own, and U1 shares the card of their #1 in channel C7
    WHEN U2 presses Undo and Edit on U1's card
    THEN nothing changes: U2 is told privately it is someone else's entry, and U1's public card stays
    AND WHEN U1 presses Undo on it, U1's #1 is deleted and the card says so
    """
    await _record_by_form(slack, fake_slack, door, user="U2", title="Rhinoplasty Update")
    await slack.command(LOG + " public", user="U1", channel="C7")
    (card,) = await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C7")
    await door.idle()
    buttons = _buttons(card)

    await slack.press("undo", buttons["cme_undo"], user="U2", channel="C7")
    await slack.press("edit", buttons["cme_edit"], user="U2", channel="C7")
    notices = await fake_slack.wait_for("chat.postEphemeral", 2)
    await door.idle()
    assert [(n.args["channel"], n.args["user"]) for n in notices] == [("C7", "U2"), ("C7", "U2")]
    assert all("someone else's entry" in n.blocks_text() for n in notices)
    assert not fake_slack.of("response_url")  # the public card was not replaced
    assert not fake_slack.of("views.open")
    (theirs,) = await store.entries(await _member_id(store, "U2"))
    assert theirs.activity.title == "Rhinoplasty Update"
    (mine,) = await store.entries(await _member_id(store, "U1"))
    assert mine.number == 1

    await slack.press("undo", buttons["cme_undo"], user="U1", channel="C7")
    (replaced,) = await fake_slack.wait_for("response_url")
    await door.idle()
    assert replaced.args["replace_original"] is True
    assert "Deleted #1" in replaced.blocks_text() and "Flap Salvage" in replaced.blocks_text()
    assert await store.entries(await _member_id(store, "U1")) == []
    assert len(await store.entries(await _member_id(store, "U2"))) == 1


async def test_a_card_without_an_owner_in_a_channel_is_left_alone(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """A card posted before buttons carried their owner: in a channel, whose it is can't be told."""
    await _record_by_form(slack, fake_slack, door, user="U2")
    await slack.press("undo", "1", user="U2", channel="C7")
    (notice,) = await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    assert "can't tell whose entry" in notice.blocks_text()
    assert len(await store.entries(await _member_id(store, "U2"))) == 1


async def test_a_long_title_survives_an_edit_of_the_credits(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN an entry whose title is 400 characters (the record keeps up to 500)
    WHEN the member opens Edit and changes only the credits, sending the form back as Slack would
    THEN the title is kept whole: the form holds what the record holds, and untouched fields are not rewritten
    """
    title = "Aesthetic Breast Surgery Symposium: " + "revision rhinoplasty and fat grafting, " * 10
    title = title[:400]
    await _record_by_form(slack, fake_slack, door, title=title, credits="2", plastic_surgery_credits="2")
    await slack.press("edit", "1")
    elements, _ = await _opened_form(fake_slack)
    assert elements["title"]["max_length"] == 500
    assert (elements["provider"]["max_length"], elements["city"]["max_length"]) == (300, 100)
    assert (elements["state"]["max_length"], elements["country"]["max_length"]) == (10, 2)
    assert elements["title"]["initial_value"] == title

    as_sent = form_values(title=elements["title"]["initial_value"], credits="3", plastic_surgery_credits="2")
    await slack.submit(as_sent, ref="1")
    await fake_slack.wait_for("chat.postMessage", 2)
    await door.idle()
    (entry,) = await store.entries(await _member_id(store, "U1"))
    assert str(entry.activity.credits) == "3.00"
    assert entry.activity.title == title


async def test_text_longer_than_the_record_holds_is_an_inline_error(
    slack: SlackClient, door: SlackDoor
) -> None:
    answer = await slack.submit(form_values(title="x" * 501, country="United States"))
    await door.idle()
    errors = answer.json()["errors"]
    assert errors["title"] == "That's too long: at most 500 characters."
    assert errors["country"] == "The two-letter code, for example US or CA."


async def test_a_title_with_slack_markup_is_escaped_in_every_field_slack_renders(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    """
    GIVEN a member who types the title "<!channel> Flap Salvage & <https://evil.example|Grand Rounds>"
    WHEN the form records it and the card is posted (its blocks and its notification text)
    THEN no field carries the raw markup: it would notify the channel or make a link
    """
    title = "<!channel> Flap Salvage & <https://evil.example|Grand Rounds>"
    await _record_by_form(slack, fake_slack, door, title=title)
    (posted,) = fake_slack.of("chat.postMessage")
    for text in (posted.args["text"], posted.blocks_text()):
        assert "<!channel>" not in text and "<https://" not in text
    assert (
        "&lt;!channel&gt; Flap Salvage &amp; &lt;https://evil.example|Grand Rounds&gt;" in posted.args["text"]
    )


async def test_a_file_name_with_slack_markup_is_escaped_in_the_notice(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    fake_slack.files["x.pdf"] = b"MZ not a certificate"
    file = {
        "id": "F0MARK",
        "name": "<!here>.pdf",
        "size": 20,
        "url_private_download": fake_slack.file_url("x.pdf"),
    }
    await slack.dm("", extra={"subtype": "file_share", "files": [file]})
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "<!here>" not in call.args["text"] and "&lt;!here&gt;.pdf is neither" in call.args["text"]


async def test_credits_past_what_one_activity_can_carry_are_an_inline_error(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    await slack.command("submit")
    elements, _ = await _opened_form(fake_slack)
    assert elements["credits"]["max_value"] == "500"  # what chat refuses outright; over 100 is asked about
    answer = await slack.submit(form_values(credits="99999999999999999999", plastic_surgery_credits="-1"))
    await door.idle()
    errors = answer.json()["errors"]
    assert errors["credits"] == (
        "“99999999999999999999” is more credits than any single CME activity awards (at most 500)."
    )
    assert "plastic_surgery_credits" in errors
    assert await store.entries(await _member_id(store, "U1")) == []


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "1²", "#-1", "draft:²"])
async def test_a_button_value_that_names_no_entry_gets_a_clear_reply_and_changes_nothing(
    slack: SlackClient,
    fake_slack: FakeSlackApi,
    door: SlackDoor,
    store: SqlStore,
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    await _record_by_form(slack, fake_slack, door)
    owner = f"{TEAM}:U1"
    for action in ("undo", "edit"):
        await slack.press(action, f"{owner}|{value}")
    await door.idle()
    notices = [c.blocks_text() for c in fake_slack.of("chat.postEphemeral")]
    assert len(notices) == 2 and all("doesn't point at an entry" in n for n in notices)
    assert not fake_slack.of("views.open") and not fake_slack.of("response_url")
    assert len(await store.entries(await _member_id(store, "U1"))) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_first_time_members_submission_is_acked_before_slack_describes_them(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN a physician whose first use of the bot is the form, and a Slack whose users.info is slow
    WHEN they press Submit CME
    THEN the modal closes at once (users.info has not answered yet), and the activity is recorded afterwards
    """
    gate = fake_slack.users_info_gate = asyncio.Event()
    try:
        answer = await asyncio.wait_for(slack.submit(form_values(), user="U5"), 5)  # a guard, not a timing
        assert not fake_slack.of("users.info")  # acked while Slack was still to describe them
    finally:
        gate.set()
    assert answer.status == 200 and answer.body == ""
    await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    (entry,) = await store.entries(await _member_id(store, "U5"))
    assert entry.activity.title == "Flap Salvage Grand Rounds"
