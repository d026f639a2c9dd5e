"""Which of the bot's intents a message asks for, with that intent's own fields.

The tables in `request_phrases` and `report_phrases` are tried in a fixed
order of precedence; a message that carries a credit amount is a log even if
it also says "report" or "need", and rule questions are told apart from "what do I still need".
"""

from __future__ import annotations

import re
from datetime import date

from bot.understanding import report_phrases as rp
from bot.understanding import request_phrases as rq
from bot.understanding.contract import Fields, Intent
from bot.understanding.dates import find_dates
from bot.understanding.entries import split_entries
from bot.understanding.numbers import words_to_digits

_AMOUNT = re.compile(
    r"(?<![\w/.])(?:\d+(?:\.\d+)?|\.\d+)\s*"
    + rq.AMOUNT_UNIT
    + r"|\bcat(?:egory)?\.?\s*(?:1|2|i{1,2})\s*(?:x|:|-)?\s*\d",
    re.I,
)


def short_reply(text: str) -> Intent | None:
    """CONFIRM or CANCEL for a bare answer to a pending draft ("yes", "n", "nvm")."""
    if rq.CONFIRM.match(text):
        return Intent.CONFIRM
    if rq.CANCEL.match(text):
        return Intent.CANCEL
    return None


def classify(text: str) -> Intent:
    """The intent of a message that passed screening."""
    low = text.strip()
    if rq.CONFIRM.match(low):
        return Intent.CONFIRM
    if rq.CANCEL.match(low):
        return Intent.CANCEL
    if rq.HELP.search(low) or rq.GREETING.match(low):
        return Intent.HELP
    if rq.DELETE.search(low):
        return Intent.DELETE
    if rq.EDIT.search(low):
        return Intent.EDIT
    if rq.QUESTION.search(low) and rq.QUESTION_FORM.search(low):
        return Intent.QUESTION
    if len(split_entries(text)) > 1:
        return Intent.LOG
    asking = bool(rq.INTERROGATIVE.match(low)) and not rq.LOG_VERB.search(low)
    if asking and rq.NEED.search(low):
        return Intent.NEED
    if asking and "?" in low and rq.RULE_WORDS.search(low) and not rq.OWN_RECORD.search(low):
        return Intent.QUESTION
    has_amount = bool(_AMOUNT.search(words_to_digits(low)))
    if has_amount:
        return Intent.LOG
    if rp.REPORT.search(low):
        return Intent.REPORT
    if rq.NEED.search(low) and not rq.LOG_VERB.search(low):
        return Intent.NEED
    if rq.SUMMARY.search(low) and not rq.LOG_VERB.search(low):
        return Intent.SUMMARY
    if rq.LOG_VERB.search(low) or rq.ACTIVITY_WORDS.search(low):
        return Intent.LOG
    if "?" in low and rq.RULE_WORDS.search(low) and not rq.OWN_RECORD.search(low):
        return Intent.QUESTION
    return Intent.REJECT


def need_fields(text: str) -> Fields:
    for metric, pattern in rq.NEED_METRICS:
        if pattern.search(text):
            return {"metric": metric}
    return {"metric": "all"}


def report_fields(text: str, today: date) -> Fields:
    fields: Fields = {}
    if rp.REPORT_PREVIOUS.search(text):
        fields["period"] = "previous"
    elif rp.REPORT_CURRENT.search(text):
        fields["period"] = "current"
    else:
        for pattern, back in rp.REPORT_RELATIVE_YEARS:
            if pattern.search(text):
                year = today.year - back
                fields["period"] = "range"
                fields["start_date"] = date(year, 1, 1)
                fields["end_date"] = date(year, 12, 31) if back else today
                break
        hits = [] if fields else [h for h in find_dates(text, today) if h.start and h.end and not h.ambiguous]
        hits = [h for h in hits if h.kind not in ("relative", "weekday", "nth", "days_ago")]
        if hits:
            fields["period"] = "range"
            fields["start_date"] = min(h.start for h in hits if h.start)
            fields["end_date"] = max(h.end for h in hits if h.end)
    for fmt, pattern in rp.REPORT_FORMATS:
        if pattern.search(text):
            fields["format"] = fmt
            break
    return fields


def delete_fields(text: str) -> Fields:
    """`ref`: "last" or the first number; `also`: the other numbers listed with it, space-separated."""
    m = rq.DELETE_REF.search(text)
    if not m:
        return {"ref": "last"}
    also: list[str] = []
    at = m.end()
    while more := rq.DELETE_MORE.match(text, at):
        also.append(more.group(1))
        at = more.end()
    fields: Fields = {"ref": m.group(1)}
    if also:
        fields["also"] = " ".join(dict.fromkeys(n for n in also if n != m.group(1)))
    return fields


def edit_ref(text: str) -> str:
    m = rq.EDIT_REF.search(text)
    return m.group(1) if m else "last"


def question_topic(text: str) -> Fields:
    topic = re.sub(r"^\W*(?:/cme\s+)?(?:hi|hey|quick question)[,:!\s—-]*", "", text.strip(), flags=re.I)
    return {"topic": topic.strip()}
