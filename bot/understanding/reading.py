"""`understand`: one message or certificate text in, one `Understanding` out (the reader every door calls)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from bot.understanding import intents, routing
from bot.understanding import request_phrases as rq
from bot.understanding import wording as say
from bot.understanding.activity import clean_email, read_activity
from bot.understanding.contract import LOG_FIELDS, Fields, Intent, Understanding
from bot.understanding.entries import split_entries, split_sessions
from bot.understanding.entry_topics_reading import with_topics
from bot.understanding.reject import screen

_ADD_SUBJECT = re.compile(
    r"\badd\s+(\d+(?:\.\d+)?|\.\d+)\s*(?:hrs?|hours?|credits?|cr)?\s*(?:of\s+)?"
    r"(patient[- ]safety|pt\.?\s*safety|ps|plastics?|plastic\s+surgery)\b",
    re.I,
)

# Zones whose members write day/month first, so "04/05" reads two ways there.
_MONTH_FIRST_ZONES = ("America/", "US/", "Pacific/Honolulu", "Canada/")


def understand(text: str, *, now: datetime, kind: str = "message") -> Understanding:
    """Read `text` as of the member's `now` (timezone-aware; relative dates use its date)."""
    today = now.date()
    zone = str(getattr(now.tzinfo, "key", "") or "")
    day_first = bool(zone) and not zone.startswith(_MONTH_FIRST_ZONES) and zone != "UTC"
    if kind == "certificate":
        from bot.understanding.certificate import read_certificate_text

        return read_certificate_text(text, today)
    short = intents.short_reply(text)
    if short is not None:
        return Understanding(short)
    reason = screen(text)
    if reason:
        return Understanding(Intent.REJECT, problems=[reason])
    routed = routing.route(text)
    intent = routed[0] if routed else intents.classify(text)
    if intent is Intent.SUMMARY and routed and routed[1].get("ask"):
        return Understanding(intent, {**routed[1], **intents.report_fields(text, today)})
    if intent is Intent.REJECT and routed:
        return Understanding(intent, problems=[say.THIRD_PARTY if routed[1].get("why") else say.LOG_LATER])
    if intent is Intent.LOG:
        return _log(text, now, day_first)
    if intent is Intent.EDIT:
        return _edit(text, now, day_first)
    if intent is Intent.NEED:
        return Understanding(intent, {**intents.need_fields(text), **(routed[1] if routed else {})})
    if intent is Intent.REPORT:
        return Understanding(intent, intents.report_fields(text, today))
    if intent is Intent.DELETE:
        fields = intents.delete_fields(text)
        named = routing.named_entry(text)
        if fields.get("ref") == "last" and named:
            fields["match"] = named
        return Understanding(intent, fields)
    if intent is Intent.QUESTION:
        return Understanding(intent, intents.question_topic(text))
    if intent is Intent.REJECT:
        return Understanding(intent, problems=[say.NOTHING_TO_ACT_ON])
    return Understanding(intent)


def _log(text: str, now: datetime, day_first: bool) -> Understanding:
    understood = _log_fields(text, now, day_first)
    # A message's topics are its title's: its other words are the member's ("1 patient safety"),
    # which name subject credits, not what the activity was about.
    for fields in understood.activities():
        with_topics(fields, text if _looks_like_certificate(text) else "")
    return understood


def _log_fields(text: str, now: datetime, day_first: bool) -> Understanding:
    today = now.date()
    if _looks_like_certificate(text):
        from bot.understanding.certificate import certificate_problems, merge_certificate

        reading = read_activity(text, today, day_first_zone=day_first)
        merged = merge_certificate(clean_email(text), reading.fields, today)
        if reading.refusal:
            return Understanding(Intent.REJECT, problems=[reading.refusal])
        doubts = [pr for pr in certificate_problems(merged, today) if "credits" in merged or "find" not in pr]
        problems = reading.problems + [pr for pr in doubts if pr not in reading.problems]
        return Understanding(Intent.LOG, merged, problems=problems)
    chunks = split_entries(text)
    readings = [read_activity(c, today, day_first_zone=day_first, guess_title=True) for c in chunks]
    several_titles = len(re.findall(r"[\"“][^\"“”\n]{3,}[\"”]", text)) > 1
    if len(readings) == 1 and readings[0].sessions and not readings[0].refusal and not several_titles:
        # One activity on separate days: each session is an entry, and `fields` is the
        # activity as the member wrote it (its total, its first to last day).
        whole, sessions = split_sessions(text, readings[0])
        problems = [pr for r in sessions for pr in r.problems]
        return Understanding(Intent.LOG, whole, entries=[r.fields for r in sessions], problems=problems)
    refusals = [r.refusal for r in readings if r.refusal]
    if refusals:
        return Understanding(Intent.REJECT, problems=refusals[:1])
    entries = [r.fields for r in readings]
    problems = [
        f"Activity {i}: {pr}" if len(readings) > 1 else pr
        for i, r in enumerate(readings, 1)
        for pr in r.problems
    ]
    if len(entries) > 1:
        return Understanding(Intent.LOG, entries[0], entries=entries, problems=problems)
    return Understanding(Intent.LOG, entries[0], problems=problems)


def _looks_like_certificate(text: str) -> bool:
    return bool(re.search(r"designates this|this is to certify|is awarded \S+ ama pra", text, re.I))


def _edit(text: str, now: datetime, day_first: bool) -> Understanding:
    fields: Fields = {"ref": intents.edit_ref(text)}
    named = routing.named_entry(text)
    if fields["ref"] == "last" and named:
        fields["match"] = named
    body = rq.EDIT_REF.sub(" ", text)
    if named:
        body = re.sub(r"\bthe\s+" + re.escape(named) + r"\s+one\b", " that ", body, flags=re.I)
    added = _ADD_SUBJECT.search(body)
    if added:
        name = (
            "plastic_surgery_credits"
            if added.group(2).lower().startswith("plastic")
            else "patient_safety_credits"
        )
        fields[name] = Decimal(added.group(1))
        return Understanding(Intent.EDIT, fields)
    new = rq.EDIT_NEW_VALUE.search(body)
    for name, pattern in rq.EDIT_FIELD_VALUE:
        m = pattern.search(body)
        if m:
            fields[name] = m.group(1).strip()
            return Understanding(Intent.EDIT, fields)
    # "…, not May 30", "not the 11th", "not 3": the old value, which must not be read as a new one.
    body = re.sub(r"[,;]?\s*\b(?:not|instead of|rather than)\s+[^,;!?]*", " ", body, flags=re.I)
    reading = read_activity(body, now.date(), day_first_zone=day_first)
    changed = {k: v for k, v in reading.fields.items() if k in LOG_FIELDS and v is not None}
    if new and "credits" not in changed:
        after = body[new.end(1) : new.end(1) + 30].lower()
        target = (
            "patient_safety_credits"
            if re.match(r"\s*(?:ps|pt|patient)", after)
            else "plastic_surgery_credits"
            if re.match(r"\s*plastic", after)
            else "credits"
        )
        changed[target] = Decimal(new.group(1).strip("."))
    if "credits" not in changed:
        m = re.search(
            r"\b(?:make|change|set)\s+(?:it|that|this)\s+(?:to\s+)?(\d+(?:\.\d+)?|\.\d+)\b", body, re.I
        )
        if m:
            changed["credits"] = Decimal(m.group(1))
    fields.update(changed)
    problems = [] if len(fields) > 1 else [say.EDIT_WHAT]
    problems += [pr for pr in reading.problems if "ambiguous" in pr or "two ways" in pr]
    return Understanding(Intent.EDIT, fields, problems=problems)
