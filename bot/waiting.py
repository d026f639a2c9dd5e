"""Which waiting draft a message answers, if any: the rules that keep a draft from swallowing
the next message.

A member may have several drafts open. A message answers a draft only when it
plausibly answers *that draft's open question*: a provider answer reads like an
organisation (no credits, no date, no question mark, short), a credits answer
is a number, a date answer is a date. Anything else is handled as itself, and
the reply says what still waits. These are pure functions of the draft and the
message; the conversation does the storing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot import messages as say
from bot.domain import title_words
from bot.drafting import build, from_storable
from bot.ports import Draft, Member
from bot.understanding.activity import read_activity
from bot.understanding.contract import LOG_FIELDS, Fields, Intent, Understanding
from bot.understanding.dates import find_dates

# Open questions a bare phrase can answer, and the fields a correction may name.
TEXT_QUESTIONS = ("provider", "title")
_NUMBER = re.compile(
    r"^\s*(?:(?:sorry|oops|typo|correction|it\s+was|make\s+it|should\s+be|actually)[\s,:!-]*)*"
    r"(\d{1,4}(?:\.\d{1,2})?|\.\d{1,2})\s*(?:cr(?:edits?)?|hrs?|hours?|credits?)?\s*[.!]*\s*$",
    re.I,
)
_LEAD_IN = re.compile(
    r"^\s*(?:(?:oh|ok(?:ay)?|sorry|and|so|yes|yeah|right|fyi)[\s,]+)*"
    r"(?:(?:the\s+)?(?:accredited\s+)?(?:provider|sponsor|organi[sz]er)(?:\s+(?:for\s+(?:that|it|this)"
    r"(?:\s+(?:last\s+)?one)?))?\s*(?:is|was|=|:|-)\s*|it\s+was\s+(?:from|by)\s+|(?:from|by)\s+)",
    re.I,
)
_QUESTIONISH = re.compile(
    r"\?|^\W*(?:what|how|when|where|why|which|who|do|does|did|can|could|is|are|am|will|would|should|"
    r"send|email|report|summary|help|show|list|delete|remove|undo|cancel|log|add|please)\b",
    re.I,
)
_SENTENCE_WORDS = re.compile(
    r"\b(?:i|i'm|im|my|me|we|you|your|it|that|this|was|were|will|would|have|had|need|want|"
    r"credits?|hours?|hrs?|cat(?:egory)?|yesterday|today|tomorrow)\b",
    re.I,
)
# Chat that is not a name: never taken as a provider or a title.
_SMALL_TALK = re.compile(
    r"^(?:thanks?(?:\s+you)?|thank\s+u|thx|ty|tysm|ok(?:ay)?|k|kk|cool|great|nice|perfect|awesome|"
    r"got\s+it|will\s+do|sure|np|no\s+problem|hmm+|um+|uh+|lol|haha|sounds\s+good|good|fine|yes|no|"
    r"later|wait|one\s+sec(?:ond)?|brb|hold\s+on|checking|idk|dunno|not\s+sure|unknown|n/?a|none|"
    r"no\s+idea|don'?t\s+know|hi|hello|hey|bye|cheers|done|test(?:ing)?|\W+)(?:[\s,.!?]+(?:thanks?|"
    r"again|so\s+much|a\s+lot|lol|then))*[\s.!?👍🙏]*$",
    re.I,
)
_DRAFT_NUMBER = re.compile(r"\bdraft\s*#?\s*(\d{1,4})\b", re.I)


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """What a draft is waiting for: fields it lacks, fields it doubts, or just a yes."""

    missing: tuple[str, ...]
    doubtful: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return self.missing + tuple(f for f in self.doubtful if f not in self.missing)

    @property
    def needs_yes(self) -> bool:
        return not self.missing


def open_question(draft: Draft, member: Member, today: date) -> OpenQuestion:
    missing: list[str] = []
    doubtful: list[str] = []
    for fields in draft.activities:
        cand = build(from_storable(fields), member, today)
        for problem in cand.problems:
            target = missing if not problem.confirmable else doubtful
            if problem.field and problem.field not in target:
                target.append(problem.field)
    return OpenQuestion(tuple(missing), tuple(doubtful))


def question_text(question: OpenQuestion) -> str:
    """The draft's open question in a few words, for "still waiting" lines."""
    if question.missing:
        return say.MISSING.get(question.missing[0], say.MISSING["credits"])
    return say.WAITING_YES


def named_draft(text: str, drafts: list[Draft]) -> Draft | None:
    """The draft a message names: "draft 2", or a title the member paraphrases ("the tumor board one")."""
    m = _DRAFT_NUMBER.search(text)
    if m:
        return next((d for d in drafts if d.number == int(m.group(1))), None)
    words = _title_words(text)
    if not words:
        return None
    scored = []
    for d in drafts:
        title = " ".join(str(a.get("title") or "") for a in d.activities)
        overlap = words & _title_words(title)
        if overlap:
            scored.append((len(overlap), d))
    scored.sort(key=lambda item: -item[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def threaded_draft(replying_to: tuple[str, ...], drafts: list[Draft]) -> Draft | None:
    """The draft an e-mail reply's thread names (its In-Reply-To/References)."""
    if not replying_to:
        return None
    ids = set(replying_to)
    return next((d for d in reversed(drafts) if d.thread and d.thread in ids), None)


def answer_fields(text: str, understood: Understanding, question: OpenQuestion, today: date) -> Fields | None:
    """The fields `text` supplies to a draft with this open question, or None if it doesn't answer it.

    A message that brings a new activity (its own credits *and* a title, or a
    quoted title) is never an answer; nor is a question or a request.
    """
    line = text.strip()
    if "\n" in line or len(line) > 200:
        return None
    if understood.intent in (Intent.LOG, Intent.EDIT, Intent.REJECT, Intent.CONFIRM):
        given = understood.fields if understood.intent is not Intent.REJECT else {}
        if not given and not _QUESTIONISH.search(line):
            given = read_activity(line, today).fields  # a fragment: "cat 2", "cat 1, St. Brendan's"
        fields: Fields = {k: v for k, v in given.items() if k in LOG_FIELDS and v not in (None, "")}
        if understood.intent is Intent.LOG and _brings_new_activity(line, fields):
            return None
        useful: Fields = {
            k: v for k, v in fields.items() if k in question.fields or k not in ("title", "credits")
        }
        if any(k in question.fields for k in useful):
            return useful
    if not line:
        return None
    wanted = question.fields
    if "credits" in wanted:
        m = _NUMBER.match(line)
        if m:
            return {"credits": Decimal(m.group(1))}
    if "start_date" in wanted and not _QUESTIONISH.search(line):
        hits = [h for h in find_dates(line, today) if h.start and not h.ambiguous]
        leftover = line
        for h in hits:
            leftover = leftover.replace(getattr(h, "text", ""), " ")
        if hits and len(re.findall(r"[A-Za-z]{3,}", leftover)) <= 4:
            start = min(h.start for h in hits if h.start)
            end = max(h.end or h.start for h in hits if h.start)
            return {"start_date": start, "end_date": end}
    for name in TEXT_QUESTIONS:
        if name in question.missing:
            phrase = _bare_phrase(line)
            if phrase is not None:
                return {name: phrase}
    return None


def _brings_new_activity(line: str, fields: Fields) -> bool:
    if re.search(r"[\"“”]", line) and fields.get("title"):
        return True
    return bool(fields.get("credits")) and bool(fields.get("title")) and bool(fields.get("category"))


def _bare_phrase(line: str) -> str | None:
    """An organisation's or an activity's name typed on its own, with any "provider was" lead-in dropped."""
    body = _LEAD_IN.sub("", line, count=1).strip(" .\"“”'")
    if not body or len(body) > 150 or _QUESTIONISH.search(line) or _SMALL_TALK.match(body):
        return None
    if not re.search(r"[A-Za-z]{2,}", body):
        return None
    if re.search(r"\d+(?:\.\d+)?\s*(?:cr|credits?|hrs?|hours?|cat)\b", body, re.I):
        return None
    if len(body.split()) > 12:
        return None
    lead = body != line.strip(" .\"“”'")
    if not lead and _SENTENCE_WORDS.search(body):
        return None
    return body


_NAMING_STOP = frozenset(
    {"the", "one", "that", "this", "for", "and", "of", "on", "in", "a", "an", "draft", "to", "it"}
)


def _title_words(text: str) -> set[str]:
    return {w for w in title_words(text, _NAMING_STOP) if len(w) > 2 and not w.isdigit()}


_YES_LEAD = re.compile(
    r"^\W*(?:yes|yeah|yep|right|correct|ok(?:ay)?|looks good|good)\b[\s,.!-]*(?:but|except)\b", re.I
)


def leads_with_yes(text: str) -> bool:
    """ "right, but make it 2.5 not 2": a yes to the draft with a correction."""
    return bool(_YES_LEAD.search(text))
