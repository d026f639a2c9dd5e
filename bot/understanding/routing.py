"""Conversation-level intents, decided before a message is read as an activity.

A question is routed by what it asks about (the member's own record, a gap,
a rule), with or without a question mark; a correction or a deletion by its
verb and what it points at ("the rhinoplasty one", "#3", "that"); a yes or a
cancel even when the member adds a reason. What none of these claim goes on to
`intents.classify`'s activity reading. The phrasings are in
`conversation_phrases`.
"""

from __future__ import annotations

import re

from bot.understanding import conversation_phrases as cp
from bot.understanding import report_phrases as rp
from bot.understanding import request_phrases as rq
from bot.understanding.contract import Fields, Intent
from bot.understanding.numbers import words_to_digits

_AMOUNT = re.compile(r"(?<![\w/.#])(?:\d+(?:\.\d+)?|\.\d+)\s*" + rq.AMOUNT_UNIT, re.I)
_QUOTED_TITLE = re.compile(r"[\"“][^\"”]{4,}[\"”]")
_OWN = re.compile(r"\b(?:i|i've|my|me|this cycle|so far|now|to date)\b", re.I)
_LOG_REQUEST = re.compile(r"\b(?:log|lgo|record|add|enter|submit|put\s+(?:it\s+|that\s+|this\s+)?in)\b", re.I)


def has_amount(text: str) -> bool:
    return bool(_AMOUNT.search(words_to_digits(text)))


def new_activity(text: str) -> bool:
    """A message that describes an activity of its own: an amount with a title or a log verb."""
    return has_amount(text) and bool(_QUOTED_TITLE.search(text) or _LOG_REQUEST.search(text))


def asks(text: str) -> bool:
    return bool(cp.ASKS.search(text.strip()))


def route(text: str) -> tuple[Intent, Fields] | None:
    """The conversational intent of `text`, or None to read it as an activity (or by `classify`)."""
    low = text.strip()
    if confirms(low):
        return Intent.CONFIRM, {}
    if cancels(low):
        return Intent.CANCEL, {}
    if cp.LOG_LATER.search(low) and not re.search(r"\bpls\b|\bplease\b", low, re.I):
        return Intent.REJECT, {}
    if cp.DELETE_CUES.search(low) and not new_activity(low):
        return Intent.DELETE, {}
    if cp.EDIT_CUES.search(low) and not new_activity(low) and not asks(low):
        return Intent.EDIT, {}
    if rp.REPORT.search(low) and cp.THIRD_PARTY.search(low) and not has_amount(low):
        return Intent.REJECT, {"why": "third_party"}
    if (asks(low) or cp.SHOW.search(low)) and not (has_amount(low) and _LOG_REQUEST.search(low)):
        return _question(low)
    if cp.BARE_AMOUNT_FOR.search(low) or cp.TITLE_WITH_DETAIL.search(low):
        return Intent.LOG, {}
    return None


def confirms(text: str) -> bool:
    return (
        bool(cp.CONFIRM_LEAD.match(text)) and not cp.NOT_A_PLAIN_YES.search(text) and not new_activity(text)
    )


def cancels(text: str) -> bool:
    if has_amount(text) or _QUOTED_TITLE.search(text):
        return False
    return bool(cp.CANCEL_LEAD.match(text)) or bool(
        re.search(
            r"\b(?:forget (?:it|that|about it)|never ?mind|nvm|cancel (?:that|it|this|draft)|"
            r"scrap (?:it|that)|drop (?:it|that))\b",
            text,
            re.I,
        )
    )


def _question(text: str) -> tuple[Intent, Fields] | None:
    if rp.REPORT.search(text) and re.search(
        r"\b(?:send|email|e-mail|give|get|can i have|make|need)\b", text, re.I
    ):
        return Intent.REPORT, {}
    for ask, pattern in cp.RECORD_QUESTIONS:
        if pattern.search(text):
            return (Intent.NEED if ask == "pace" else Intent.SUMMARY), {"ask": ask}
    if cp.NEED_EXTRA.search(text) and _tracked_metric(text):
        return Intent.NEED, {}
    if rq.NEED.search(text):
        if cp.UNTRACKED_NEED.search(text) and not _tracked_metric(text):
            return Intent.QUESTION, {}
        if cp.TRACKED_NEED.search(text) or _tracked_metric(text):
            return Intent.NEED, {}
        return Intent.QUESTION, {}
    if rq.SUMMARY.search(text) or re.search(r"\bhow\s+(?:many|much)\b.*\b(?:have|got|earned)\b", text, re.I):
        return Intent.SUMMARY, {}
    if re.search(r"\bhow\s+(?:many|much)\b", text, re.I) and _OWN.search(text) and _tracked_metric(text):
        return Intent.SUMMARY, {}
    if rq.HELP.search(text):
        return Intent.HELP, {}
    if rq.RULE_WORDS.search(text) or rq.QUESTION.search(text) or cp.UNTRACKED_NEED.search(text):
        return Intent.QUESTION, {}
    if re.search(r"\bhow\s+(?:many|much)\b", text, re.I):
        return Intent.SUMMARY, {}
    return Intent.QUESTION, {}


def _tracked_metric(text: str) -> bool:
    return any(pattern.search(text) for _, pattern in rq.NEED_METRICS) or (
        bool(re.search(r"\b(?:credits?|hours?|cme|hrs?)\b", text, re.I))
        and not cp.UNTRACKED_NEED.search(text)
    )


def named_entry(text: str) -> str | None:
    """Words naming an entry by its title ("the rhinoplasty one" → "rhinoplasty")."""
    for m in cp.ONE_NAMED.finditer(text):
        words = m.group(1).strip()
        if words.lower().split()[-1] not in cp.NOT_NAMES and words.lower() not in cp.NOT_NAMES:
            return words
    return None
