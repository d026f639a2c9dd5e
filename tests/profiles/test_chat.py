"""Setting and reading a member's requirement sets in chat, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

from bot import messages as asps_say
from bot import set_messages as say
from bot.conversation import Conversation
from bot.envelope import ReplyKind
from bot.ports import Member
from bot.profile_reading import DEA
from storage.store import SqlStore
from tests.conftest import say as chat


async def test_licences_and_dea_are_added_and_the_date_that_names_no_one_licence_is_asked_about(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await chat(conversation, "I'm licensed in Texas and Florida, renew in May 2026, DEA registered")
    assert reply.kind is ReplyKind.ANSWER
    profile = await store.profile(member.id)
    assert [h.code for h in profile.sets] == ["asps", "texas", "florida", DEA]
    assert profile.dea_registered
    assert all(h.renews_on is None for h in profile.sets)  # never a guessed date
    assert "Which renewal date is for Texas?" in reply.text
    assert say.TRACKING_HEADER in reply.text and "Texas Medical Board" in reply.text

    reply = await chat(conversation, "Texas renews 2022-05-31, Florida renews Jan 2023")
    profile = await store.profile(member.id)
    assert profile.holds("texas") is not None and profile.holds("texas").renews_on == date(2022, 5, 31)  # type: ignore[union-attr]
    assert profile.holds("florida").renews_on == date(2023, 1, 31)  # type: ignore[union-attr]
    assert say.MONTH_ONLY.format(month="January 2023", day="2023-01-31") in reply.text
    # one reply lists every set with its period
    assert "Texas Medical Board — 2020-06-01 – 2022-05-31 (renews 2022-05-31)" in reply.text


async def test_add_with_an_expiry_drop_and_dea_off(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await chat(conversation, "add California, my licence expires 2022-08-31")
    assert say.ADDED.format(names="California") in reply.text
    assert "(renews 2022-08-31)" in reply.text
    reply = await chat(conversation, "drop Illinois")
    assert reply.text == say.NOT_HELD.format(names="Illinois")
    await chat(conversation, "I'm DEA registered")
    assert (await store.profile(member.id)).holds(DEA) is not None
    reply = await chat(conversation, "I'm not DEA registered")
    profile = await store.profile(member.id)
    assert not profile.dea_registered and profile.holds(DEA) is None
    assert say.DEA_NOT_REGISTERED in reply.text
    reply = await chat(conversation, "remove my California licence")
    assert say.DROPPED.format(names="California") in reply.text
    assert [h.code for h in (await store.profile(member.id)).sets] == ["asps"]


async def test_a_specialty_or_an_unknown_state_changes_nothing(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    before = await store.profile(member.id)
    reply = await chat(conversation, "I'm licensed in plastic surgery")
    assert reply.text.startswith(say.WHICH_STATE)
    reply = await chat(conversation, "I'm licensed in Ohio")
    assert say.NO_SET_FOR.format(names="Ohio", them="it") in reply.text
    reply = await chat(conversation, "my Texas licence renews 05/06/2026")
    assert reply.text == say.DATE_TWO_WAYS.format(date="05/06/2026")
    assert await store.profile(member.id) == before


async def test_a_loose_renewal_date_goes_to_the_one_licence_held_or_is_asked_about(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    reply = await chat(conversation, "my licence renews May 2022")
    assert reply.text == say.WHICH_LICENCE_DATE.format(day="2022-05-31")
    await chat(conversation, "I'm licensed in Texas")
    await chat(conversation, "my licence renews May 2022")
    assert (await store.profile(member.id)).holds("texas").renews_on == date(2022, 5, 31)  # type: ignore[union-attr]


async def test_a_boards_word_marks_that_rule_met(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, "I'm licensed in Texas, renews 2022-05-31")
    reply = await chat(conversation, "my board accepted the ethics hours")
    profile = await store.profile(member.id)
    assert len(profile.overrides) == 1 and profile.overrides[0].rule_id.startswith("texas.")
    assert profile.overrides[0].on == date(2021, 4, 7)
    assert reply.text.startswith("Noted: Texas “")
    why = await chat(conversation, "why does Texas say I'm short?")
    assert "Counted as met on your word (2021-04-07): “my board accepted the ethics hours”" in why.text
    reply = await chat(conversation, "my board accepted the hours")
    assert "Nothing was changed" in reply.text and len((await store.profile(member.id)).overrides) == 1
    reply = await chat(conversation, "my board didn't accept the ethics hours after all")
    assert reply.text.startswith("Taken back: Texas “") and not (await store.profile(member.id)).overrides
    reply = await chat(conversation, "undo the ethics override")
    assert reply.text == say.NO_OVERRIDES


async def test_what_am_i_tracking(conversation: Conversation, member: Member) -> None:
    reply = await chat(conversation, "what am I tracking?")
    assert reply.text.startswith(say.TRACKING_HEADER)
    assert "American Society of Plastic Surgeons" in reply.text and say.DEA_NOT_REGISTERED in reply.text


async def test_an_asps_only_member_reads_what_they_always_read(
    conversation: Conversation, member: Member
) -> None:
    for text in ("summary", "what do I need?", "am I on track?"):
        reply = await chat(conversation, text)
        assert say.SETS_HEADER not in reply.text and say.NEED_SETS_HEADER not in reply.text
        assert say.PACE_SETS_HEADER not in reply.text
    reply = await chat(conversation, "why?")
    assert say.WHY_ASPS_ONLY not in reply.text and "Source:" not in reply.text


async def test_a_two_licence_member_gets_a_line_per_set_most_urgent_first(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, "I'm licensed in Florida, renews 2023-01-31")
    await chat(conversation, "I'm licensed in Texas, renews 2022-05-31")
    reply = await chat(conversation, "summary")
    assert reply.kind is ReplyKind.SUMMARY
    assert reply.text.startswith("Cycle ending in 2022")  # the ASPS summary first, as before
    sets = reply.text.split(say.SETS_HEADER)[1].strip().splitlines()
    names = [line.split(" (")[0][2:] for line in sets]
    assert set(names) == {"ASPS", "Texas", "Florida"}
    assert names.index("Texas") < names.index("ASPS") < names.index("Florida")  # 2022-05, 2022-12, 2023-01
    reply = await chat(conversation, "what do I need?")
    assert say.NEED_SETS_HEADER in reply.text and "• Texas:" in reply.text
    reply = await chat(conversation, "am I on track?")
    assert say.PACE_SETS_HEADER in reply.text
    reply = await chat(conversation, "am I on track for Texas?")
    assert "Florida" not in reply.text and "Texas" in reply.text


async def test_why_lists_which_entries_count_and_the_sources(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    await chat(conversation, "I'm licensed in Texas, renews 2022-05-31")
    logged = await chat(
        conversation, 'log 2 cat 1 "Ethics in Surgery" Lakeshore University Hospital 2021-03-02'
    )
    assert logged.kind in (ReplyKind.RECORDED, ReplyKind.DRAFT)
    reply = await chat(conversation, "why does Texas say I'm short?")
    assert reply.text.startswith(
        say.WHY_HEADER.format(name="Texas Medical Board", period="2020-06-01 – 2022-05-31")
    )
    assert "Source: https://" in reply.text and "(checked " in reply.text
    reply = await chat(conversation, "why does Florida say I'm short?")
    assert reply.text == say.REPORT_SET_NOT_HELD.format(name="Florida")


async def test_the_dea_question_is_answered_from_the_members_sets(
    conversation: Conversation, member: Member
) -> None:
    reply = await chat(conversation, "do I need opioid CME for my DEA renewal?")
    assert reply.text.startswith(say.DEA_NOT_REGISTERED_ANSWER)
    await chat(conversation, "I'm DEA registered")
    reply = await chat(conversation, "do I need opioid CME for my DEA renewal?")
    assert reply.text.startswith(say.DEA_HEADER)
    assert "• DEA — " in reply.text


async def test_a_draft_waiting_does_not_swallow_a_licence(
    conversation: Conversation, store: SqlStore, member: Member
) -> None:
    drafted = await chat(conversation, "log 2 cat 1 grand rounds yesterday")
    assert drafted.kind is ReplyKind.DRAFT
    reply = await chat(conversation, "I'm licensed in Texas")
    assert say.ADDED.format(names="Texas") in reply.text and asps_say.STILL_WAITING in reply.text
