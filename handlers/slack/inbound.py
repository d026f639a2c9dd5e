"""Slack payloads in, the core's vocabulary out: identities, text, buttons, modal fields.

Pure functions, so the translation is tested without a server. The member is
always taken from the request's signed user (team + user), never from a
button value or a view's metadata. A button carries the entry number (the
core scopes it to the member who pressed) and the key of the member whose
card it is: on a card shared in a channel, everyone sees the buttons, and
"Undo #1" pressed by a colleague must not delete the colleague's own #1.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.envelope import (
    FORM_FIELDS,
    MAX_CREDITS,
    TEXT_LIMITS,
    TOPICS_FIELD,
    Fields,
    Intent,
    Understanding,
    is_draft_ref,
    to_credits,
)
from bot.ports import Identity
from handlers.slack import wording

SOURCE = "slack"

# Words that make a reply visible to the channel instead of only to the member.
_PUBLIC_PREFIX = re.compile(r"^\s*share\s+", re.IGNORECASE)
_PUBLIC_SUFFIX = re.compile(r"\s+(?:public|in channel|to channel)\s*$", re.IGNORECASE)
_SUBMIT_WORDS = {"submit", "add", "new", "form", "log"}  # alone: an empty form
_FORM_WORDS = {"submit", "form"}  # "/cme submit 1.5 cat 1 …": the form, prefilled
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def identity(team_id: str, user_id: str) -> Identity:
    """A Slack member is one team+user; the signature check makes it verified."""
    return Identity("slack", f"{team_id}:{user_id}", verified=True)


def event_key(body: dict[str, Any], raw_body: str) -> str:
    """Key that makes a Slack retry (X-Slack-Retry-Num) a no-op.

    Events carry an `event_id`; commands and interactions do not, but a retry
    resends the same body, whose `trigger_id` is unique per invocation.
    """
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        return f"slack:{event_id}"
    return "slack:" + hashlib.sha256(raw_body.encode()).hexdigest()[:40]


def clean_text(text: str) -> str:
    """Slack's wire format to what the member typed.

    Slack escapes &, <, > and wraps links as <url|label>; macOS and iOS clients
    turn straight quotes into curly ones, which would hide a quoted title.
    """
    text = _LEADING_MENTION.sub("", text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    return html.unescape(text).translate(_QUOTES).strip()


@dataclass(frozen=True, slots=True)
class Command:
    """What `/cme <text>` asks for, before the core understands the text."""

    text: str
    public: bool = False  # "share …" or "… public": post to the channel
    open_form: bool = False  # "/cme submit": the submission modal
    overview: bool = False  # "/cme" alone: summary plus what the bot can do
    link: str | None = None  # "/cme link [CODE]": another Slack account for this record (linking.py)


# A code is base32 in dash-separated groups of five (linking.py), or the same run together; so
# "link my certificate to #3" is not a link request but something for the core to understand.
_LINK_REQUEST = re.compile(
    r"^\s*link(?:\s+(?:code\s+)?([A-Za-z2-7]{5}(?:-[A-Za-z2-7]{1,5}){3,8}|[A-Za-z2-7]{20,40}))?\s*$",
    re.IGNORECASE,
)


def link_request(text: str) -> str | None:
    """`link` -> "" (give me a code), `link ABCDE-…` -> the code; None for anything else."""
    found = _LINK_REQUEST.match(text)
    return None if found is None else (found.group(1) or "").strip()


def read_command(raw: str) -> Command:
    text = clean_text(raw)
    public = bool(_PUBLIC_PREFIX.search(text) or _PUBLIC_SUFFIX.search(text))
    text = _PUBLIC_SUFFIX.sub("", _PUBLIC_PREFIX.sub("", text)).strip()
    code = link_request(text)
    if code is not None:
        return Command(text, link=code)  # never public: a code is as good as a password
    if not text:
        return Command("", public=public, overview=True)
    first = text.split(None, 1)[0].lower()
    if text.lower() in _SUBMIT_WORDS or first in _FORM_WORDS:
        return Command(text, public=public, open_form=True)
    return Command(text, public=public)


# ---- buttons -------------------------------------------------------------------------

ACTION_PREFIX = "cme_"


def action_id(name: str) -> str:
    return ACTION_PREFIX + name


_OWNER_MARK = "|"


def button_value(owner: str, value: str) -> str:
    """A button's value: whose card it is (an identity key, "T…:U…") and what it points at."""
    return f"{owner}{_OWNER_MARK}{value}"


def read_button_value(raw: str) -> tuple[str | None, str]:
    """(owner key, value); the owner is None on cards made before buttons carried it."""
    owner, mark, value = raw.partition(_OWNER_MARK)
    return (owner, value) if mark else (None, raw)


# An entry number (ASCII digits only: "²".isdigit() is True, and int("²") raises) that fits the
# database's integer, or a draft reference ("draft", "draft3", "draft3:1").
_ENTRY_REF = re.compile(r"#?([1-9][0-9]{0,8})")
_DRAFT_REF = re.compile(r"draft(?:[1-9][0-9]{0,5})?(?::[0-9]{1,2})?")


def entry_ref(value: str) -> str | None:
    """The entry number or draft reference a button or form names; None for anything else."""
    value = value.strip()
    number = _ENTRY_REF.fullmatch(value)
    if number:
        return number.group(1)
    return value if _DRAFT_REF.fullmatch(value) else None


def action_understanding(name: str, value: str) -> Understanding | None:
    """A button press as structured input; None for buttons handled by the door (edit, submit)
    and for an undo whose value names no entry.

    Only an entry number or a draft reference ("draft", "draft3", "draft3:1") is accepted as a
    value, so a crafted value cannot smuggle fields in.
    """
    if name == "undo":
        ref = entry_ref(value)
        return Understanding(Intent.DELETE, {"ref": ref}) if ref and ref.isdigit() else None
    if name in ("confirm", "cancel"):
        intent = Intent.CONFIRM if name == "confirm" else Intent.CANCEL
        ref = entry_ref(value)
        return Understanding(intent, {"ref": ref} if ref and is_draft_ref(ref) else {})
    if name == "report":
        period = value if value in ("current", "previous") else "current"
        return Understanding(Intent.REPORT, {"period": period, "format": "pdf"})
    if name == "summary":
        return Understanding(Intent.SUMMARY)
    return None


# ---- the submission modal --------------------------------------------------------------

TEXT_FIELDS = ("title", "provider", "city", "state", "country")
SELECT_FIELDS = ("activity_type", "category")
DATE_FIELDS = ("start_date", "end_date")
CREDIT_FIELDS = ("credits", "patient_safety_credits", "plastic_surgery_credits")
# FORM_FIELDS (the portal form's twelve, in its order) and TEXT_LIMITS (what the record holds, so a
# prefilled value is never cut) are the core's: bot/domain.py, through the envelope.
# The chat's own ceiling, so the form and the chat refuse the same amounts; past it is a typo,
# and 99999999999999999999 would not even fit the record.
MAX_FORM_CREDITS = MAX_CREDITS


def form_fields(values: dict[str, dict[str, dict[str, Any]]]) -> tuple[Fields, dict[str, str]]:
    """A view_submission's `view.state.values` as core fields, plus unreadable inputs.

    Block ids are the field names; each block has one element with action id
    "value". Errors are keyed by block id, ready for `response_action: errors`.
    """
    fields: Fields = {}
    errors: dict[str, str] = {}
    for name in FORM_FIELDS:
        element = values.get(name, {}).get("value")
        if not element:
            continue
        kind = element.get("type")
        if kind == "datepicker":
            raw = element.get("selected_date")
            if raw:
                try:
                    fields[name] = date.fromisoformat(raw)
                except ValueError:
                    errors[name] = wording.FORM_PICK_DATE
        elif kind in ("static_select", "radio_buttons"):
            option = element.get("selected_option") or {}
            if option.get("value"):
                fields[name] = str(option["value"])
        else:
            raw = (element.get("value") or "").strip()
            if not raw:
                continue
            if name in CREDIT_FIELDS:
                try:
                    credits = to_credits(raw)
                except (ValueError, InvalidOperation):
                    errors[name] = wording.FORM_NOT_CREDITS.format(raw=raw)
                    continue
                if not 0 <= credits <= MAX_FORM_CREDITS:
                    errors[name] = wording.FORM_TOO_MANY_CREDITS.format(raw=raw, most=MAX_FORM_CREDITS)
                else:
                    fields[name] = credits
            elif len(raw) > TEXT_LIMITS[name]:
                errors[name] = (
                    wording.HINT_COUNTRY
                    if name == "country"
                    else wording.FORM_TOO_LONG.format(limit=TEXT_LIMITS[name])
                )
            else:
                fields[name] = raw
    topics = values.get(TOPICS_FIELD, {}).get("value")
    if topics is not None and topics.get("type") == "multi_static_select":
        # Every choice, none included: the form's topics replace the entry's, so one can be taken off.
        fields[TOPICS_FIELD] = ",".join(str(o.get("value")) for o in topics.get("selected_options") or [])
    if fields.get("category") == "2":
        fields["provider"] = None
    return fields, errors


def zero_if_missing(fields: Fields) -> Fields:
    """The form says "Enter '0'" for subject credits; an empty box means 0 here too."""
    out = dict(fields)
    for name in ("patient_safety_credits", "plastic_surgery_credits"):
        out.setdefault(name, Decimal(0))
    return out
