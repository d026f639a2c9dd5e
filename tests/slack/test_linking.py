"""Who joins an existing record by Slack profile e-mail, and linking another workspace by a code."""

from __future__ import annotations

import re

from handlers.slack.door import SlackDoor
from handlers.slack.linking import LinkCodes
from storage.store import SqlStore
from tests.conftest import add_member
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack_api import TEAM, FakeSlackApi

OTHER_TEAM = "T0OTHER"


async def _owner(store: SqlStore, team: str, user: str) -> int | None:
    found = await store.member_by_identity("slack", f"{team}:{user}")
    return None if found is None else found[0].id


async def _command(slack: SlackClient, text: str, user: str, team: str) -> None:
    body = slack.command_body(text, user, "C1", team_id=team)
    answer = await slack.post(body, "application/x-www-form-urlencoded")
    assert answer.status == 200


async def test_an_account_in_another_workspace_with_a_members_email_does_not_join_that_member(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN Dr Sample, who uses the bot from workspace T0OTHER with the e-mail u8@example.org
    WHEN a Slack account in workspace T0CME whose confirmed profile e-mail is also u8@example.org uses it
    THEN it does not join Dr Sample's record, no record is made for it, and it is told how to link
    """
    sample = await add_member(store, "u8@example.org", "Steve Sample", slack=f"{OTHER_TEAM}:U8")
    await slack.command("summary", user="U8")
    (told,) = await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    assert "`/cme link`" in told.blocks_text() and "u8@example.org" in told.blocks_text()
    assert "CME summary" not in told.blocks_text()
    assert await _owner(store, TEAM, "U8") is None
    assert [m.id for m in await store.list_members()] == [sample.id]
    assert {i.key for i in await store.identities_of(sample.id)} == {"u8@example.org", f"{OTHER_TEAM}:U8"}

    await slack.event({"type": "app_home_opened", "user": "U8", "channel": "DU8", "tab": "home"})
    (home,) = await fake_slack.wait_for("views.publish")
    assert "`/cme link`" in home.blocks_text() and "CME summary" not in home.blocks_text()


async def test_an_account_in_the_same_workspace_as_the_members_slack_account_joins_by_email(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """A second account in the workspace the record already uses (a re-created account, say) joins it."""
    sample = await add_member(store, "u4@example.org", "Steve Sample", slack=f"{TEAM}:U3")
    await slack.command("summary", user="U4")
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    assert "CME summary" in call.blocks_text()
    assert await _owner(store, TEAM, "U4") == sample.id


async def test_an_email_slack_has_not_confirmed_never_joins_a_record_with_a_slack_account(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    sample = await add_member(store, "u6@example.org", "Steve Sample", slack=f"{TEAM}:U3")
    fake_slack.users["U6"] = {
        "id": "U6",
        "name": "u6",
        "profile": {"email": "u6@example.org"},
    }  # no confirmation
    await slack.command("summary", user="U6")
    await fake_slack.wait_for("chat.postEphemeral")
    await door.idle()
    assert await _owner(store, TEAM, "U6") is None
    assert [m.id for m in await store.list_members()] == [sample.id]


async def test_a_member_links_an_account_in_another_workspace_with_a_code_from_their_own(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    """
    GIVEN Dr Sample, who uses the bot from T0OTHER, and their new account in T0CME that was refused by e-mail
    WHEN they type `/cme link` in T0OTHER and `/cme link CODE` in T0CME
    THEN the T0CME account uses Dr Sample's record; the code works once, and for nobody who has a record
    """
    sample = await add_member(store, "u8@example.org", "Steve Sample", slack=f"{OTHER_TEAM}:U8")
    await _command(slack, "link", "U8", OTHER_TEAM)
    (given,) = await fake_slack.wait_for("chat.postEphemeral")
    found = re.search(r"`/cme link ([A-Z2-7-]+)`", given.blocks_text())
    assert found is not None
    code = found.group(1)

    await _command(slack, f"link {code}", "U8", TEAM)
    (linked,) = await fake_slack.wait_for("chat.postEphemeral", where=lambda c: "Done" in c.blocks_text())
    await door.idle()
    assert "uses the CME record of Steve Sample" in linked.blocks_text()
    assert await _owner(store, TEAM, "U8") == sample.id

    await slack.command("summary", user="U9")  # U9 has a record of their own
    await door.idle()
    await _command(slack, f"link {code}", "U9", TEAM)
    await _command(slack, f"link {code}", "U10", TEAM)  # the code was used already
    await door.idle()
    said = [c.blocks_text() for c in fake_slack.of("chat.postEphemeral")]
    assert any("already has a CME record of its own" in t for t in said)
    assert any("That link code isn't valid" in t for t in said)
    assert await _owner(store, TEAM, "U9") != sample.id
    assert await _owner(store, TEAM, "U10") is None


async def test_a_link_code_typed_in_a_dm_works_and_is_never_posted_in_a_channel(
    slack: SlackClient, fake_slack: FakeSlackApi, door: SlackDoor, store: SqlStore
) -> None:
    sample = await add_member(store, "u8@example.org", "Steve Sample", slack=f"{OTHER_TEAM}:U8")
    await _command(slack, "link public", "U8", OTHER_TEAM)  # "public" does not apply to a code
    (given,) = await fake_slack.wait_for("chat.postEphemeral")
    assert not fake_slack.of("chat.postMessage")
    found = re.search(r"`/cme link ([A-Z2-7-]+)`", given.blocks_text())
    assert found is not None
    await slack.dm(f"link {found.group(1).lower()}", user="U8")
    (linked,) = await fake_slack.wait_for("chat.postMessage")
    await door.idle()
    assert "Done" in linked.blocks_text()
    assert await _owner(store, TEAM, "U8") == sample.id


def test_a_code_is_refused_when_forged_mistyped_or_expired() -> None:
    now = [1_700_000_000.0]
    codes = LinkCodes("secret", clock=lambda: now[0])
    code = codes.issue(42)
    assert codes.read(code) == 42
    assert codes.read(code.lower().replace("-", " ")) == 42
    assert LinkCodes("another secret", clock=lambda: now[0]).read(code) is None
    assert codes.read(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert codes.read("not a code") is None
    now[0] += 15 * 60 + 1
    assert codes.read(code) is None
