"""How members talk *about* their drafts and their record: answers, corrections, questions.

Data for `routing`: each table is a list of phrasings, so a new way of saying
it is a new row. Applied to the whole message, case-insensitively.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in phrases), _I)


# Filler a member puts before the point ("oh, and", "hmm,", "sorry —").
LEAD = (
    r"^\W*(?:(?:oh|ah|hmm+|um+|ok(?:ay)?|so|and|also|sorry|oops|whoops|actually|correction|wait|btw)\b"
    r"[\s,.:;!—-]*)*"
)

# A yes that may carry a reason ("yes, the 104 is right", "yes please log it anyway, ...").
CONFIRM_LEAD = _any(
    LEAD + r"(?:yes|yep|yeah|yup|sure|ok(?:ay)?|correct|right|confirm(?:ed)?|that'?s (?:right|correct)|"
    r"looks (?:good|right)|go ahead|record it|log it(?: anyway)?|save it)\b(?![\s,.!-]*(?:but|except|not)\b)"
    r"(?=\s*(?:$|[,.;:!—–-]|please\b|pls\b|anyway\b|thanks\b|thank you\b|log it\b|record it\b))"
    r"(?:[\s,.!-]+(?:please|pls|log it|record it|anyway|the [\d.]+ is right|that'?s right|it'?s right|"
    r"that'?s correct|go ahead)\b)*"
)
# Words that turn a yes into something else ("yes, but…", "yes, and also 2 cat 1 …").
NOT_A_PLAIN_YES = _any(
    r"\bbut\b", r"\bexcept\b", r"\bmake it\b", r"\bchange\b", r"\binstead\b", r"\bnot\s+[\d.]", r"\?"
)
CANCEL_LEAD = _any(
    LEAD + r"(?:no|nope|nah)?[\s,.!—-]*(?:cancel|never ?mind|nvm|forget (?:it|that|about it|this)|"
    r"drop (?:it|that|this)|scrap (?:it|that|this)|discard(?: it| that)?|"
    r"don'?t (?:log|record|save) (?:it|that)|"
    r"skip (?:it|that)|ignore (?:it|that|this)(?: one)?)\b",
    LEAD + r"(?:no|nope|nah)[\s,.!—-]*(?:never ?mind|that'?s wrong|wrong one|don'?t)\b",
)

# Questions about the member's own record; each row names what is asked.
RECORD_QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "waiting",
        _any(
            r"\bwhat'?s\s+(?:still\s+)?(?:waiting|pending|open)\b",
            r"\bwhat\s+is\s+(?:still\s+)?(?:waiting|pending|open)\b",
            r"\b(?:pending|waiting|open|unfinished)\s+(?:drafts?|entries|items)\b",
            r"\b(?:show|list)\s+(?:me\s+)?(?:my\s+)?drafts?\b",
            r"\bdrafts?\b.{0,20}\b(?:open|waiting|pending)\b",
            r"\banything\s+(?:still\s+)?(?:waiting|pending)\b",
        ),
    ),
    (
        "cycle_end",
        _any(
            r"\bwhen\b.{0,40}\b(?:cycle|deadline|reporting period)\b.{0,30}"
            r"\b(?:end|ends|over|due|finish|close|up)\b",
            r"\bwhen\s+(?:is|does)\s+my\s+(?:cme\s+)?(?:deadline|cycle)\b",
            r"\b(?:cycle|deadline)\b.{0,20}\bwhen\b",
            r"\bwhat\s+(?:are|is)\s+my\s+(?:cme\s+)?(?:cycle|cycle dates|deadline|reporting period)\b",
            r"\bwhich\s+cycle\s+am\s+i\s+in\b",
            r"\bwhat'?s\s+(?:the|my)\s+(?:cme\s+)?(?:deadline|due date|cycle end)\b",
            r"\bwhen\s+(?:is|are)\s+(?:my\s+)?(?:credits|cme)\s+due\b",
            r"\bcycle\s+(?:dates|end date|start date)\b",
        ),
    ),
    (
        "entries",
        _any(
            r"\bwhat\s+(?:did|have)\s+i\s+(?:log|logged|record|recorded|enter|entered|add|added|submit|submitted|"
            r"do|done|attend|attended|complete|completed|finish|finished)\b",
            r"\b(?:anything|something|what)\s+(?:logged|recorded|entered)\b",
            r"\bdid\s+i\s+(?:log|record|enter|add)\s+(?:anything|everything)\b",
            r"\bwhat\s+(?:entries|activities|cme)\s+(?:did|do|have)\s+i\b",
            r"\b(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my\s+)?(?:last\s+\d+\s+)?(?:entries|activities|logs)\b",
            r"\bmy\s+last\s+\d{1,3}\s+(?:entries|activities|logs)?\b",
            r"\b(?:last|recent)\s+\d{1,3}\s+(?:entries|activities)\b",
            r"\brecent\s+(?:entries|activities)\b",
        ),
    ),
    (
        "logged_already",
        _any(
            r"\bdid\s+i\s+(?:already\s+|ever\s+)?(?:log|record|enter|add|submit|put in)\s+"
            r"(?!(?:this|last|that)\s+(?:week|month|year|cycle|quarter)\b|anything\b|everything\b)\w",
            r"\bdid\s+i\s+already\s+(?:log|record|enter|add|submit|put in)\b",
            r"\bhave\s+i\s+(?:already|ever)\s+(?:logged|recorded|entered|added|submitted|put in)\b",
            r"^(?!.*\bhow\s+(?:many|much)\b).*\bhave\s+i\s+(?:logged|recorded|entered|added|submitted)\s+(?:the|my|that)\b",
            r"\b(?:is|was)\s+(?:the|my)\s+.{2,60}?\s+(?:already\s+)?"
            r"(?:logged|recorded|on my record|in there)\b",
        ),
    ),
    (
        "pace",
        _any(
            r"\bon\s+(?:track|pace|schedule)\b",
            r"\b(?:am i|are we)\s+(?:behind|ahead)\b",
            r"\bkeep(?:ing)?\s+(?:up|pace)\b",
            r"\bwhat\s+pace\b",
            r"\bper\s+month\b.{0,30}\bneed\b",
            r"\bneed\b.{0,40}\b(?:a|per)\s+month\b",
        ),
    ),
    (
        "credits_in_period",
        _any(
            r"\bhow\s+(?:many|much)\b.{0,40}\b(?:did|have)\s+i\s+(?:get|got|earn|earned|log|logged|do|done|"
            r"complete|completed|claim|claimed|record|recorded)\b.{0,30}\b(?:in|during|for|since|last|this)\b",
            r"\bhow\s+(?:many|much)\b.{0,40}\b(?:in|during)\s+(?:19|20)\d\d\b",
            r"\bhow\s+(?:many|much)\b.{0,40}\b(?:this|last)\s+(?:year|month|week|quarter)\b",
        ),
    ),
]

# "need" about something the record does not track: answered as a question, not the gap table.
UNTRACKED_NEED = _any(
    r"\bdea\b",
    r"\bmate act\b",
    r"\bopioids?\b",
    r"\bsubstance use\b",
    r"\bstate\s+(?:licen[cs]e|board|medical board)\b",
    r"\blicen[cs]e\b",
    r"\brenewal\b",
    r"\bdocumentation\b",
    r"\bkeep\b.{0,30}\b(?:records?|certificates?|proof)\b",
    r"\bproof\b",
    r"\bmoc\b",
    r"\babps\b",
    r"\bboard\s+certification\b",
    r"\bethics\b",
    r"\bimplicit bias\b",
    r"\bhuman trafficking\b",
    r"\bchild abuse\b",
    r"\binfection control\b",
    r"\bpain management\b",
)
# "still have to do": a gap, said without "need".
NEED_EXTRA = _any(r"\bstill\s+have\s+to\b", r"\bhave\s+left\s+to\b", r"\bstill\s+(?:to\s+)?(?:do|get|earn)\b")
# A report sent anywhere but to the member: never run.
THIRD_PARTY = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Requests about the record without a question ("show me my last 5 entries").
SHOW = _any(r"^\W*(?:pls\s+|please\s+|can you\s+)?(?:show|list|give|tell)\s+(?:me\b|my\b|all\b)")

# A "need" about what the record does track: credits, hours, a requirement.
TRACKED_NEED = _any(
    r"\bhow\s+(?:many|much)\b",
    r"\bhow\s+(?:far|close)\b",
    r"\b(?:still|left|remaining|to go|short|missing|outstanding)\b",
    r"\bwhat\s+do\s+i\s+(?:still\s+)?need\b\s*\??$",
)

# A question, asked with or without a question mark.
ASKS = _any(
    r"\?\s*$",
    r"^\W*(?:btw[,\s]+|ok(?:ay)?[,.\s]+(?:thanks[,.!\s]+)?|so[,\s]+|and[,\s]+|quick question[,:\s]+|"
    r"hey[,\s]+)*"
    r"(?:do|does|did|can|could|is|are|am|was|were|will|would|should|what|what'?s|how|hw|which|when|why|"
    r"where|who|whose)\b(?!\s+(?:\d|\.\d))",  # "did 1.5 hrs of PS…" tells, it doesn't ask
)

# Corrections of an entry already recorded (or of a waiting draft).
EDIT_CUES = _any(
    LEAD + r"(?:that|it|this|the\s+(?:last|previous|first|second)\s+one|that\s+(?:last\s+)?one|"
    r"the\s+[\w&'/:-]+(?:\s+[\w&'/:-]+){0,4}\s+one|#\d{1,6})\s+(?:was|is|were|should\s+(?:be|have\s+been)|"
    r"needs\s+to\s+be)\b",
    LEAD + r"(?:the\s+)?(?:provider|sponsor|date|dates|title|name|credits?|category|location|city|type)\s+"
    r"(?:for|of|on)\s+(?:that|it|this|the\s+.{2,60}?|#\d{1,6})(?:\s+(?:last\s+)?one)?\s+"
    r"(?:was|is|should\s+(?:be|have\s+been))\b",
    r"\badd\s+[\d.]+\s*(?:hrs?|hours?|credits?|cr)?\s*(?:of\s+)?(?:patient[- ]safety|pt\.?\s*safety|ps|"
    r"plastics?|plastic\s+surgery)\s+(?:credits?\s+|hours?\s+)?(?:to|for|on)\s+(?:it|that|this|#\d{1,6}|the\s+)",
    r"\b(?:make|change|set)\s+(?:it|that|this)\s+(?:to\s+)?[\d.]+\b",
    r"\b[\d.]+\s*(?:credits?|hours?|hrs?|cr)?,?\s+not\s+[\d.]+",
    r"\bnot\s+(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b",
)
# A number and what it was for, with no unit ("1.0 for journal club last night").
BARE_AMOUNT_FOR = _any(
    r"^\W*(?:\d{1,3}(?:\.\d{1,2})?|\.\d{1,2})\s+(?:for|at|from|of)\s+(?:the\s+|my\s+|a\s+|an\s+)?[a-z]"
)
# A quoted title with a category or a date: an activity even without a log verb.
TITLE_WITH_DETAIL = _any(
    r"[\"“][^\"”]{4,}[\"”].*\b(?:cat(?:egory)?\.?\s*(?:1|2|i{1,2})|cat[12]|credits?)\b",
    r"\b(?:cat(?:egory)?\.?\s*(?:1|2|i{1,2})|cat[12])\b.*[\"“][^\"”]{4,}[\"”]",
)

# "the rhinoplasty one", "the M&M one": an entry named by words of its title.
ONE_NAMED = re.compile(r"\bthe\s+((?:[\w&'/:-]+\s+){0,4}?[\w&'/:-]+)\s+one\b", _I)
NOT_NAMES = frozenset(
    {"last", "previous", "first", "second", "third", "other", "same", "that", "this", "next"}
)

# Deleting: the verbs, wherever the sentence puts them.
DELETE_CUES = _any(
    LEAD + r"(?:pls\s+|please\s+|can you\s+|could you\s+)?(?:delete|remove|erase|undo|scratch|take off|"
    r"get rid of|strike)\b",
)

# "at the conference now, will log it later": not a log yet.
LOG_LATER = _any(
    r"\bwill\s+log\b.{0,40}\b(?:later|when|after|tomorrow|once)\b",
    r"\b(?:log|add|enter|record)\s+(?:it|this|that)\s+(?:later|when|after|tomorrow|once)\b",
    r"\b(?:right now|currently)\b.{0,60}\b(?:at|attending)\b.{0,60}\b(?:later|when i'?m back|after)\b",
    r"\bi'?ll\s+(?:log|add|send|enter)\b.{0,40}\b(?:later|when|after|tomorrow|once)\b",
)
