"""Certificate downloads from Slack's file hosts: whole files, size limits, redirects."""

from __future__ import annotations

from typing import Any

from handlers.slack.door import SlackDoor
from storage.store import SqlStore
from tests.slack.certificates import phone_jpeg, scanned_pdf
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import BOT_TOKEN, TEAM, FakeSlackApi


def _file(
    fake: FakeSlackApi, file_id: str, name: str, data: bytes, *, size: int | None = None
) -> dict[str, Any]:
    fake.files[name] = data
    return {
        "id": file_id,
        "name": name,
        "size": len(data) if size is None else size,
        "user": "U1",
        "url_private_download": fake.file_url(name),
    }


async def _documents(store: SqlStore) -> list[bytes]:
    found = await store.member_by_identity("slack", f"{TEAM}:U1")
    if found is None:
        return []
    docs = await store.documents(found[0].id)
    return [await store.document_data(found[0].id, d.id) or b"" for d in docs]


async def test_a_multi_megabyte_pdf_and_a_phone_photo_are_kept_whole(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN a scanned certificate PDF and a phone photo, each several megabytes
    WHEN the physician drops them into the bot's DM
    THEN each is downloaded to its last byte and kept exactly as sent, not cut at what one read returned
    """
    pdf, jpeg = scanned_pdf(), phone_jpeg()
    assert len(pdf) > 2_000_000 and len(jpeg) > 2_000_000
    files = [_file(fake_slack, "F0SCAN", "scan.pdf", pdf), _file(fake_slack, "F0PHOTO", "IMG_0042.jpg", jpeg)]
    await slack.dm("", extra={"subtype": "file_share", "files": files})
    await fake_slack.wait_for("chat.postMessage", timeout=60)
    await door.idle()
    assert sorted(await _documents(store), key=len) == sorted([pdf, jpeg], key=len)
    said = " ".join(c.blocks_text() for c in fake_slack.of("chat.postMessage"))
    assert "damaged" not in said


async def test_a_file_larger_than_the_limit_is_refused_with_a_reply_even_when_its_size_is_understated(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    door.listeners.fetcher.max_bytes = 1024 * 1024
    big = _file(fake_slack, "F0BIG", "huge.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), size=1000)
    await slack.dm("", extra={"subtype": "file_share", "files": [big]})
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "huge.pdf is larger than 1 MB" in call.blocks_text()
    assert await _documents(store) == []


async def test_a_redirect_within_slacks_hosts_is_followed_with_the_token(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    pdf = scanned_pdf(200)
    fake_slack.files["moved.pdf"] = pdf
    fake_slack.redirects["cert.pdf"] = fake_slack.file_url("moved.pdf")
    file = _file(fake_slack, "F0MOVED", "cert.pdf", b"")
    file["size"] = len(pdf)
    await slack.dm("", extra={"subtype": "file_share", "files": [file]})
    await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert [c.args["name"] for c in fake_slack.of("download")] == ["cert.pdf", "moved.pdf"]
    assert all(c.headers["authorization"] == f"Bearer {BOT_TOKEN}" for c in fake_slack.of("download"))
    assert await _documents(store) == [pdf]


async def test_a_redirect_off_slacks_hosts_is_not_followed(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN a file URL on Slack's host that answers with a redirect to a host outside the allow-list
    WHEN the bot downloads it
    THEN it stops at the redirect: the other host is never asked (nor given the token), and the member is told
    """
    fake_slack.files["elsewhere.pdf"] = scanned_pdf(200)
    other_host = fake_slack.file_url("elsewhere.pdf").replace("127.0.0.1", "localhost")
    fake_slack.redirects["cert.pdf"] = other_host
    file = _file(fake_slack, "F0AWAY", "cert.pdf", b"", size=1000)
    await slack.dm("", extra={"subtype": "file_share", "files": [file]})
    (call,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert [c.args["name"] for c in fake_slack.of("download")] == ["cert.pdf"]
    assert "couldn't download cert.pdf" in call.blocks_text()
    assert await _documents(store) == []


async def test_a_locked_or_overlong_pdf_gets_the_cores_one_sentence_as_it_would_by_email(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """Issue 13: a certificate file's limits and wording are the core's, whatever door it comes by
    (the e-mail door's twin: tests/email/test_faults.py)."""
    from bot.understanding import admit
    from tests.email.files import encrypted_pdf
    from tests.limits_files import long_pdf

    files = [
        _file(fake_slack, "F0LOCK", "locked.pdf", encrypted_pdf()),
        _file(fake_slack, "F0LONG", "proceedings.pdf", long_pdf(41)),
    ]
    await slack.dm("", extra={"subtype": "file_share", "files": files})
    await fake_slack.wait_for("chat.postMessage", timeout=60)
    await door.idle()
    said = " ".join(c.blocks_text() for c in fake_slack.of("chat.postMessage") + fake_slack.of("chat.update"))
    assert admit.encrypted("locked.pdf") in said
    assert admit.too_many_pages("proceedings.pdf", 41) in said
