"""The core's `Reply` as Block Kit: cards, the App Home dashboard, the submission modal.

Layout follows the ASPS portal the members know (seed: the dashboard's four
requirements with checkmarks "FOR CURRENT 3 YEAR CYCLE", Submit CME and CME
Report quick links; the twelve-field CME SUBMISSION FORM). Block Kit limits
are respected here (section text 3,000 characters, 10 fields, 50 blocks in a
message, 100 in a view), so a long record never makes Slack refuse a reply.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from bot.envelope import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    OVERVIEW_HELP,
    TEXT_LIMITS,
    TOPICS_FIELD,
    Action,
    ActivityType,
    Category,
    Fields,
    HomeView,
    RecordedActivity,
    Reply,
    ReplyKind,
    Standing,
    Summary,
    date_span,
    entry_line,
    format_credits,
    notes_beside_cards,
    summary_notes,
    topic_choices,
)
from handlers.slack import wording
from handlers.slack.inbound import MAX_FORM_CREDITS, action_id, button_value

Block = dict[str, Any]

SECTION_LIMIT = 3000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
BAR_WIDTH = 10
MODAL_CALLBACK = "cme_submit"
SETS_CALLBACK = "cme_sets"  # the Home tab's "Add a licence" modal
SETS_FIELD = "sets_text"


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    return {"type": "plain_text", "text": _cut(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": _cut(text, SECTION_LIMIT)}


def escape(text: str) -> str:
    """Slack mrkdwn control characters (&, <, >) in member-supplied text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sections(text: str) -> list[Block]:
    """Long text split at line breaks into sections under Slack's 3,000-character limit."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in escape(text).split("\n"):
        if chunk and size + len(line) + 1 > SECTION_LIMIT:
            blocks.append({"type": "section", "text": mrkdwn("\n".join(chunk))})
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if any(part.strip() for part in chunk):
        blocks.append({"type": "section", "text": mrkdwn("\n".join(chunk))})
    return blocks


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(escape(text))]}


def button(action: Action, owner: str) -> Block:
    """A button that acts only for `owner` (an identity key), whoever else can see it."""
    element: Block = {
        "type": "button",
        "action_id": action_id(action.id),
        "text": plain(action.label, 75),
        "value": button_value(owner, action.value or action.id),
    }
    if action.id in ("confirm", "submit"):
        element["style"] = "primary"
    return element


def actions(items: list[Action], owner: str, block_id: str = "cme_actions") -> Block:
    return {"type": "actions", "block_id": block_id, "elements": [button(a, owner) for a in items[:25]]}


# ---- progress ---------------------------------------------------------------------------


def bar(earned: Decimal, required: Decimal, width: int = BAR_WIDTH) -> str:
    """A text progress bar; Block Kit has no progress element."""
    filled = width if required <= 0 else min(width, int(earned * width / required))
    return "█" * filled + "░" * (width - filled)


def standing_block(standing: Standing, was: Decimal | None = None) -> Block:
    """One requirement; `was` (what this reply's change moved it from) shows as "12.5 → 13.5"."""
    mark = "✅" if standing.met else "⬜"
    rest = "" if standing.met else f" — {format_credits(standing.remaining)} to go"
    moved = "" if was is None else f"{format_credits(was)} → "
    return {
        "type": "section",
        "text": mrkdwn(
            f"{mark} *{standing.metric.label}*\n"
            f"`{bar(standing.earned, standing.required)}`  "
            f"{moved}{format_credits(standing.earned)} of {format_credits(standing.required)} required{rest}"
        ),
    }


def summary_blocks(summary: Summary) -> list[Block]:
    period = summary.period
    blocks: list[Block] = [
        {
            "type": "section",
            "text": mrkdwn(
                f"*CME summary — {escape(period.label)}* "
                f"({period.start.isoformat()} – {period.end.isoformat()})"
            ),
        }
    ]
    blocks.extend(standing_block(s, summary.was(s)) for s in summary.standings)
    notes = summary_notes(summary)
    if notes:
        blocks.append(context(" · ".join(notes)))
    return blocks


# ---- entries ------------------------------------------------------------------------------


_FLAG_LABELS = {FLAG_DUPLICATE: "duplicate", FLAG_AUTO_UPLOADED: "auto-uploaded by ASPS"}


def entry_block(entry: RecordedActivity, verb: str) -> Block:
    """One activity with every form field, the way the portal's report lists it."""
    a = entry.activity
    fields = [
        f"*Date*\n{date_span(a)}",
        f"*Credits*\n{format_credits(a.credits)} Cat {a.category.value}",
        f"*Plastic surgery*\n{format_credits(a.plastic_surgery_credits)}",
        f"*Patient safety*\n{format_credits(a.patient_safety_credits)}",
        f"*Provider*\n{escape(a.provider or 'N/A')}",
        f"*Type*\n{a.activity_type.label}",
    ]
    place = ", ".join(p for p in (a.city, a.state, a.country) if p)
    if place:
        fields.append(f"*Location*\n{escape(place)}")
    if a.topics:
        names = ", ".join(label for code, label in topic_choices() if code in a.topics)
        fields.append(f"*{wording.LABEL_TOPICS}*\n{escape(names)}")
    marks = [label for flag, label in _FLAG_LABELS.items() if flag in entry.flags]
    title = f"*{verb} #{entry.number}* · “{escape(a.title)}”"
    if marks:
        title += f"  _[{', '.join(marks)}]_"
    return {"type": "section", "text": mrkdwn(title), "fields": [mrkdwn(f) for f in fields[:10]]}


_VERBS = {ReplyKind.RECORDED: "Recorded", ReplyKind.EDITED: "Updated", ReplyKind.DELETED: "Deleted"}


def _notes(reply: Reply) -> list[str]:
    """Lines of the reply's text that the cards and buttons do not already show."""
    return notes_beside_cards(reply.text, reply.entries, reply.summary)


def reply_blocks(reply: Reply, owner: str, *, overview: bool = False) -> list[Block]:
    """Block Kit for one reply to `owner`; `overview` adds what the bot can do (`/cme` alone)."""
    blocks: list[Block] = []
    kind = reply.kind
    if kind in _VERBS and reply.entries:
        blocks.extend(entry_block(e, _VERBS[kind]) for e in reply.entries[:20])
        notes = _notes(reply)
        if notes:
            blocks.append(context("\n".join(notes)))
        if reply.summary is not None:
            blocks.append({"type": "divider"})
            blocks.extend(summary_blocks(reply.summary))
    elif kind is ReplyKind.SUMMARY and reply.summary is not None:
        blocks.extend(summary_blocks(reply.summary))
    elif kind is ReplyKind.NEED and reply.summary is not None:
        blocks.extend(sections(reply.text))
        blocks.extend(summary_blocks(reply.summary)[1:])
    else:
        blocks.extend(sections(reply.text or wording.DONE))
    if overview:
        blocks.append({"type": "divider"})
        blocks.extend(sections(OVERVIEW_HELP + "\n" + wording.SLASH_HINT))
    if reply.actions:
        blocks.append(actions(reply.actions, owner))
    return blocks[:MESSAGE_BLOCKS]


def fallback_text(reply: Reply) -> str:
    """The notification and screen-reader text Slack shows where blocks are not rendered.

    Slack parses it like mrkdwn, so a title "<!channel> …" would notify the whole channel.
    """
    return notice_text(reply.text or wording.DONE)


def notice_text(text: str) -> str:
    """Any text for a message's `text` field, escaped, within Slack's 4,000 characters."""
    return _cut(escape(text), 3900)


# ---- App Home ---------------------------------------------------------------------------


def home_view(home: HomeView, owner: str) -> dict[str, Any]:
    """The seed's dashboard: CME SUMMARY for the current cycle, quick links, latest entries."""
    summary, recent = home.summary, home.recent
    blocks: list[Block] = [
        {"type": "header", "text": plain(f"CME record — {home.member.name}")},
        actions(
            [Action("submit", "Submit CME"), Action("report", "CME Report", "current")],
            owner,
            block_id="cme_home_links",
        ),
    ]
    if summary is not None:
        blocks.extend(summary_blocks(summary))
    blocks.extend(_home_sets(home, owner))
    blocks.append({"type": "divider"})
    blocks.append({"type": "section", "text": mrkdwn("*Latest entries*")})
    if not recent:
        blocks.append(context(wording.HOME_EMPTY))
    for entry in recent:
        blocks.append(
            {
                "type": "section",
                "text": mrkdwn(escape(entry_line(entry))),
                "accessory": button(Action("edit", "Edit", str(entry.number)), owner),
            }
        )
    if home.reminders:
        blocks.append({"type": "divider"})
        blocks.append({"type": "section", "text": mrkdwn(escape(home.reminders))})
    blocks.append(context(wording.HOME_FOOTER))
    return {"type": "home", "callback_id": "cme_home", "blocks": blocks[:VIEW_BLOCKS]}


def _home_sets(home: HomeView, owner: str) -> list[Block]:
    """The requirement sets held, a line each, and the buttons that add or drop one (issue 14)."""
    if not home.sets:
        return []
    out: list[Block] = [{"type": "divider"}, {"type": "section", "text": mrkdwn(wording.HOME_SETS)}]
    out.append({"type": "section", "text": mrkdwn(escape("\n".join(home.sets)))})
    if home.set_actions:
        out.append(actions(list(home.set_actions), owner, block_id="cme_home_sets"))
    return out


def sets_modal() -> dict[str, Any]:
    """ "Add a licence": one line in the member's own words, read like a message ("Texas, renews …")."""
    return {
        "type": "modal",
        "callback_id": SETS_CALLBACK,
        "title": plain(wording.SETS_MODAL_TITLE, 24),
        "submit": plain(wording.SETS_MODAL_SUBMIT, 24),
        "close": plain("Cancel", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": SETS_FIELD,
                "label": plain(wording.SETS_MODAL_LABEL),
                "hint": plain(wording.SETS_MODAL_HINT),
                "element": {
                    "type": "plain_text_input",
                    "action_id": SETS_FIELD,
                    "max_length": 300,
                    "placeholder": plain(wording.SETS_MODAL_PLACEHOLDER),
                },
            }
        ],
    }


# ---- the submission modal ----------------------------------------------------------------

_CATEGORY_OPTIONS = [(c.value, c.label) for c in Category]
_TYPE_OPTIONS = [(t.value, t.label) for t in ActivityType]


def _option(value: str, label: str) -> Block:
    return {"text": plain(label, 75), "value": value}


def _input(
    name: str, label: str, element: Block, *, hint: str | None = None, optional: bool = False
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": name,
        "label": plain(label, 2000),
        "element": {"action_id": "value", **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _text_value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format_credits(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def submission_modal(
    fields: Fields, metadata: dict[str, str], *, title: str = "Submit CME"
) -> dict[str, Any]:
    """The portal's CME SUBMISSION FORM, every field, prefilled from what was understood."""

    def text_input(name: str) -> Block:
        element: Block = {"type": "plain_text_input", "max_length": TEXT_LIMITS[name]}
        value = _text_value(fields.get(name))
        if value:
            element["initial_value"] = value
        return element

    def date_input(name: str) -> Block:
        element: Block = {"type": "datepicker", "placeholder": plain("Pick a date")}
        value = fields.get(name)
        if isinstance(value, date):
            element["initial_date"] = value.isoformat()
        return element

    def select(name: str, options: list[tuple[str, str]]) -> Block:
        element: Block = {
            "type": "static_select",
            "placeholder": plain("Choose"),
            "options": [_option(v, label) for v, label in options],
        }
        value = _text_value(fields.get(name))
        chosen = next(((v, label) for v, label in options if v == value), None)
        if chosen:
            element["initial_option"] = _option(*chosen)
        return element

    def number(name: str, default: str | None = None) -> Block:
        element: Block = {
            "type": "number_input",
            "is_decimal_allowed": True,
            "min_value": "0",
            "max_value": str(MAX_FORM_CREDITS),
        }
        value = _text_value(fields.get(name)) or default
        if value:
            element["initial_value"] = value
        return element

    def topics_input() -> Block:
        element: Block = {
            "type": "multi_static_select",
            "placeholder": plain("None"),
            "options": [_option(code, label) for code, label in topic_choices()],
        }
        chosen = set(str(fields.get(TOPICS_FIELD) or "").split(","))
        initial = [_option(code, label) for code, label in topic_choices() if code in chosen]
        if initial:
            element["initial_options"] = initial
        return element

    blocks = [
        _input("start_date", "Start Date", date_input("start_date")),
        _input("end_date", "End Date", date_input("end_date"), hint=wording.HINT_END_DATE),
        _input("title", "Title of Activity", text_input("title")),
        _input("activity_type", "Type of Activity", select("activity_type", _TYPE_OPTIONS)),
        _input("category", "CME Category", select("category", _CATEGORY_OPTIONS)),
        _input(
            "provider",
            "Accredited Provider",
            text_input("provider"),
            hint=wording.HINT_PROVIDER,
            optional=True,
        ),
        _input("credits", "CME Credits", number("credits")),
        _input(
            "patient_safety_credits",
            "Patient Safety Credits",
            number("patient_safety_credits", "0"),
            hint=wording.HINT_PATIENT_SAFETY,
        ),
        _input(
            "plastic_surgery_credits",
            "Plastic Surgery Credits",
            number("plastic_surgery_credits", "0"),
            hint=wording.HINT_PLASTIC_SURGERY,
        ),
        _input("city", "City", text_input("city"), hint=wording.HINT_CITY),
        _input("state", "State", text_input("state"), hint=wording.HINT_STATE),
        _input("country", "Country", text_input("country"), hint=wording.HINT_COUNTRY),
        _input(
            TOPICS_FIELD,
            wording.LABEL_TOPICS,
            topics_input(),
            hint=wording.HINT_TOPICS,
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "title": plain(title, 24),
        "submit": plain("Submit CME", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": blocks,
    }
