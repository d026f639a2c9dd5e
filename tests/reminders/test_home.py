"""The App Home shows the member's reminder settings and the words that change them."""

from __future__ import annotations

import json

from bot.conversation import Conversation
from bot.envelope import Inbound
from bot.ports import Identity
from handlers.slack.blocks import home_view
from storage.store import SqlStore
from tests.reminders.conftest import new_member


async def test_app_home_shows_the_settings_the_member_changed_in_words(
    store: SqlStore, conversation: Conversation
) -> None:
    member = await new_member(store, slack_user="U0PAT")
    sender = Identity("email", "pat@example.org", True)
    inbound = Inbound(source="slack", sender=sender, text="")
    before = json.dumps(
        home_view(await conversation.home(member, inbound), "T0CME:U0PAT"), ensure_ascii=False
    )
    assert "Your reminders: on; monthly digest off; quiet hours 9pm–8am" in before
    for words in ("no reminders before 9:30am", "remind me monthly", "no reminders on Sundays"):
        await conversation.handle(Inbound(source="chat", sender=sender, text=words))
    after = json.dumps(home_view(await conversation.home(member, inbound), "T0CME:U0PAT"), ensure_ascii=False)
    assert "monthly digest on; quiet hours 9pm–9:30am; not on Sunday" in after
    assert "stop reminders" in after
