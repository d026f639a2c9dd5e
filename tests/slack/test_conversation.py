"""Chat through Slack: slash command text, DMs, mentions, certificates, reports."""

from __future__ import annotations

import json

from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import BOT_TOKEN, TEAM, FakeSlackApi

LOG = 'log 1.5 cat 1 "Flap Salvage" provider: Lakeshore University Hospital 3/17/2021'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def _member_id(store: SqlStore, user: str = "U1") -> int:
    found = await store.member_by_identity("slack", f"{TEAM}:{user}")
    assert found is not None
    return found[0].id


async def test_cme_alone_shows_the_summary_and_what_it_can_do(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    await slack.command("")
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    text = call.blocks_text()
    assert "CME summary" in text
    assert "report" in text.lower() and "/cme submit" in text
    buttons = [e["action_id"] for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["cme_submit", "cme_report"]


async def test_a_logged_activity_shows_as_a_card_or_a_draft_with_buttons(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    await slack.command(LOG)
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    buttons = [e["action_id"] for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons in (
        ["cme_undo", "cme_edit"],
        ["cme_confirm", "cme_edit", "cme_cancel"],
        ["cme_edit", "cme_cancel"],
    )
    assert "Flap Salvage" in call.blocks_text()


async def test_help_in_a_dm_is_answered_in_the_dm(slack: SlackClient, fake_slack: FakeSlackApi) -> None:
    await slack.dm("help")
    (call,) = await fake_slack.wait_for("chat.postMessage")
    assert call.args["channel"] == "DU1"
    assert "I keep your CME record" in call.blocks_text()
    assert not fake_slack.of("conversations.open")  # the DM is where the message came from


async def test_a_mention_is_answered_privately_in_its_channel(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    await slack.event(
        {
            "type": "app_mention",
            "user": "U1",
            "text": "<@UBOT0CME> summary",
            "ts": "1617800000.000200",
            "channel": "C9",
            "team": TEAM,
        }
    )
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    assert (call.args["channel"], call.args["user"]) == ("C9", "U1")
    assert "CME summary" in call.blocks_text()


async def test_where_the_bot_is_not_in_the_channel_the_reply_uses_the_response_url(
    slack: SlackClient, fake_slack: FakeSlackApi
) -> None:
    fake_slack.ephemeral_fails_in.add("C404")
    await slack.command("summary", channel="C404")
    (call,) = await fake_slack.wait_for("response_url")
    assert call.args["response_type"] == "ephemeral"
    assert "CME summary" in call.blocks_text()


async def test_a_member_can_share_a_reply_with_the_channel(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    await slack.command("summary public", channel="C5")
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert call.args["channel"] == "C5"
    assert not fake_slack.of("chat.postEphemeral")


async def test_a_report_comes_back_as_a_file_in_the_dm_by_the_two_step_upload(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    await slack.command("report", channel="C1")
    (done,) = await fake_slack.wait_for("files.completeUploadExternal")
    await door.idle()
    (url,) = fake_slack.of("files.getUploadURLExternal")
    (upload,) = fake_slack.of("upload")
    assert int(url.args["length"]) == len(upload.raw) > 0
    assert done.args["channel_id"] == "DU1"
    assert json.loads(done.args["files"])[0]["id"] == url.args.get("file_id", upload.args["file_id"])
    assert "CME report" in done.args["initial_comment"]
    assert not fake_slack.of("files.upload")
    (note,) = fake_slack.of("chat.postEphemeral")  # told where the file went, privately
    assert note.args["channel"] == "C1"


async def test_a_certificate_in_the_dm_is_fetched_with_the_bot_token_and_kept(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN a physician who drops a certificate PDF into the bot's DM with a line of text
    WHEN Slack sends the message event (subtype file_share) and then file_shared for the same file
    THEN the file is downloaded once, with the bot token, kept with the member, and answered once
    """
    fake_slack.files["cert.pdf"] = PDF
    file = {
        "id": "F0CERT",
        "name": "Flap Salvage certificate.pdf",
        "mimetype": "application/pdf",
        "filetype": "pdf",
        "size": len(PDF),
        "user": "U1",
        "url_private": fake_slack.file_url("cert.pdf"),
        "url_private_download": fake_slack.file_url("cert.pdf"),
    }
    fake_slack.file_objects["F0CERT"] = file
    await slack.dm(LOG, extra={"subtype": "file_share", "files": [file]})
    await fake_slack.wait_for("chat.postMessage")
    await slack.event(
        {
            "type": "file_shared",
            "file_id": "F0CERT",
            "user_id": "U1",
            "file": {"id": "F0CERT"},
            "channel_id": "DU1",
        }
    )
    await door.idle()
    (download,) = fake_slack.of("download")
    assert download.headers["authorization"] == f"Bearer {BOT_TOKEN}"
    (doc,) = await store.documents(await _member_id(store))
    assert doc.size == len(PDF)
    assert doc.content_type == "application/pdf"
    assert doc.filename.endswith(".pdf")
    assert len(fake_slack.of("chat.postMessage")) == 1


async def test_a_file_that_is_not_a_certificate_is_refused_by_its_bytes(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    fake_slack.files["notes.pdf"] = b"MZ\x90\x00 definitely not a pdf"
    file = {
        "id": "F0EXE",
        "name": "notes.pdf",
        "mimetype": "application/pdf",
        "size": 30,
        "url_private_download": fake_slack.file_url("notes.pdf"),
    }
    await slack.dm("", extra={"subtype": "file_share", "files": [file]})
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "notes.pdf is neither" in call.blocks_text()
    for member in await store.list_members():
        assert await store.documents(member.id) == []


async def test_the_bot_token_is_never_sent_to_a_host_that_is_not_slack(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor
) -> None:
    file = {"id": "F0EVIL", "name": "c.pdf", "size": 10, "url_private_download": "http://evil.example/c.pdf"}
    await slack.dm("", extra={"subtype": "file_share", "files": [file]})
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "couldn't download c.pdf" in call.blocks_text()
    assert not fake_slack.of("download")


async def test_a_file_shared_alone_is_looked_up_fetched_and_read(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    fake_slack.files["photo.jpg"] = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    fake_slack.file_objects["F0PHOTO"] = {
        "id": "F0PHOTO",
        "name": "IMG_0042.HEIC",
        "size": 68,
        "user": "U1",
        "url_private_download": fake_slack.file_url("photo.jpg"),
    }
    await slack.event({"type": "file_shared", "file_id": "F0PHOTO", "user_id": "U1", "channel_id": "DU1"})
    await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    (info,) = fake_slack.of("files.info")
    assert info.args["file"] == "F0PHOTO"
    (doc,) = await store.documents(await _member_id(store))
    assert doc.content_type == "image/jpeg"  # the bytes, not the name, decide
