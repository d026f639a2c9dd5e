"""The pure translations: Slack text and form state in, Block Kit out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain import Activity, ActivityType, Category, RecordedActivity
from bot.envelope import Action, HomeView, Reply, ReplyKind
from bot.filetypes import safe_filename, sniff
from bot.ports import Member
from bot.requirements import Totals, cycle_ending, summarize
from bot.understanding import Intent
from handlers.slack import blocks, inbound
from tests.slack.conftest import form_values


def test_slack_escapes_links_and_curly_quotes_are_undone() -> None:
    text = "<@UBOT0CME> log 1 cat 1 “Hand &amp; Wrist” <https://asps.org|ASPS> &lt;today&gt;"
    assert inbound.clean_text(text) == 'log 1 cat 1 "Hand & Wrist" ASPS <today>'


def test_cme_alone_is_the_overview_and_submit_opens_the_form() -> None:
    assert inbound.read_command("   ").overview
    assert inbound.read_command("submit").open_form
    assert not inbound.read_command("log 1.5 cat 1 grand rounds yesterday").open_form


def test_share_or_public_makes_the_reply_visible_to_the_channel() -> None:
    assert inbound.read_command("summary public") == inbound.Command("summary", public=True)
    assert inbound.read_command("share summary") == inbound.Command("summary", public=True)
    assert not inbound.read_command("summary").public


def test_a_button_carries_only_an_entry_number() -> None:
    undo = inbound.action_understanding("undo", "12")
    assert undo is not None and undo.intent is Intent.DELETE and undo.fields == {"ref": "12"}
    assert inbound.action_understanding("undo", "12; title=x") is None
    assert inbound.action_understanding("undo", "last") is None
    report = inbound.action_understanding("report", "anything")
    assert report is not None and report.fields == {"period": "current", "format": "pdf"}


def test_retries_share_a_key_and_different_requests_do_not() -> None:
    assert inbound.event_key({"event_id": "Ev1"}, "x") == "slack:Ev1"
    assert inbound.event_key({}, "text=a&trigger_id=1") == inbound.event_key({}, "text=a&trigger_id=1")
    assert inbound.event_key({}, "text=a&trigger_id=1") != inbound.event_key({}, "text=a&trigger_id=2")


def test_form_state_becomes_typed_fields() -> None:
    fields, errors = inbound.form_fields(form_values(category="2"))
    assert errors == {}
    assert fields["start_date"] == date(2021, 3, 17)
    assert fields["credits"] == Decimal("1.50")
    assert fields["category"] == "2"
    assert fields["provider"] is None  # Category 2 has no accredited provider
    assert fields["activity_type"] == "rss"


def test_empty_subject_credits_mean_zero_like_the_portal_says() -> None:
    fields, _ = inbound.form_fields(form_values(patient_safety_credits=None))
    assert inbound.zero_if_missing(fields)["patient_safety_credits"] == Decimal(0)


def _entry(number: int, title: str = "Flap Salvage") -> RecordedActivity:
    day = date(2021, 3, 17)
    activity = Activity(title, day, day, ActivityType.LIVE, Category.ONE, Decimal("1.5"), "Lakeshore <b>")
    return RecordedActivity(number, activity)


def test_member_text_cannot_inject_slack_markup() -> None:
    block = blocks.entry_block(_entry(1, "<!channel> & co"), "Recorded")
    assert "<!channel>" not in str(block)
    assert "&lt;!channel&gt; &amp; co" in block["text"]["text"]


def test_progress_bars_fill_and_cap() -> None:
    assert blocks.bar(Decimal(0), Decimal(60)) == "░" * 10
    assert blocks.bar(Decimal(30), Decimal(60)) == "█" * 5 + "░" * 5
    assert blocks.bar(Decimal(387), Decimal(60)) == "█" * 10


def test_a_long_reply_stays_within_block_kit_limits() -> None:
    text = "\n".join(f"#{n} " + "x" * 200 for n in range(400))
    reply = Reply(ReplyKind.ANSWER, text, actions=[Action("report", "CME Report", "current")])
    rendered = blocks.reply_blocks(reply, "T0CME:U1")
    assert len(rendered) <= blocks.MESSAGE_BLOCKS
    assert all(len(b["text"]["text"]) <= blocks.SECTION_LIMIT for b in rendered if b["type"] == "section")
    assert len(blocks.fallback_text(reply)) < 4000


def test_the_dashboard_has_the_four_requirements_and_the_quick_links() -> None:
    period = cycle_ending(2022)
    summary = summarize(period, Totals(category1=Decimal(36)), date(2021, 4, 7))
    view = blocks.home_view(
        HomeView(Member(1, "Steve Sample", None, "America/New_York"), summary, [_entry(3)]), "T0CME:U1"
    )
    text = str(view)
    assert "Category 1" in text and "36 of 60" in text and "633 days left" in text
    assert len(view["blocks"]) <= blocks.VIEW_BLOCKS


def test_the_modal_is_the_portals_form_prefilled() -> None:
    fields, _ = inbound.form_fields(form_values())
    view = blocks.submission_modal(fields, {"ref": ""})
    assert [b["block_id"] for b in view["blocks"]] == [*inbound.FORM_FIELDS, "topics"]
    elements = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert elements["activity_type"]["initial_option"]["value"] == "rss"
    assert elements["patient_safety_credits"]["initial_value"] == "0.5"
    assert len(view["title"]["text"]) <= 24


def test_files_are_known_by_their_bytes_and_names_are_made_safe() -> None:
    assert sniff(b"%PDF-1.7 ...") == "application/pdf"
    assert sniff(b"\xff\xd8\xff\xe0 jpeg") == "image/jpeg"
    assert sniff(b"<html>") is None
    assert safe_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_filename("Cert: ASPS 2021.PDF", "application/pdf") == "Cert_ ASPS 2021.pdf"


def test_link_requests_are_told_from_sentences_about_links() -> None:
    from handlers.slack.linking import LinkCodes

    code = LinkCodes("s").issue(7)
    assert inbound.link_request("link") == ""
    assert inbound.link_request(f"link {code}") == code
    assert inbound.link_request(f"Link code {code.lower()}") == code.lower()
    assert inbound.link_request(f"link {code.replace('-', '')}") == code.replace("-", "")
    assert inbound.link_request("link my certificate to #3") is None
    assert inbound.link_request("link these files to entry") is None
    assert inbound.read_command(f"link {code} public") == inbound.Command(f"link {code}", link=code)
