"""How members ask for things: yes and no to a draft, corrections, deletions, questions.

Data for `intents` and `routing` (and the edit reading in `reading`); a new
phrasing is a new row, not a new branch of code. What they ask about a
report is in `report_phrases`.
"""

from __future__ import annotations

import re

from bot.understanding.phrasing import any_of as _any

_I = re.IGNORECASE


# --- short answers to a pending draft (whole message) -------------------------
_POLITE = r"(?:[\s,.!]+(?:please|pls|thanks|thank you|thx|ty))?"
_YES = (
    r"yes|yep|yeah|y|ok|okay|confirm(?:ed)?|correct|looks good|looks right|record it|save it|go ahead|"
    r"sounds good|that'?s right|perfect|submit"
)
_NO = r"no|nope|n|cancel|never ?mind|nvm|drop it|forget it|discard(?: it)?|don'?t record it|stop"
CONFIRM = _any(r"^\s*(?:" + _YES + r")(?:[\s,]+(?:" + _YES + r"))*" + _POLITE + r"\s*[.!👍]*\s*$")
CANCEL = _any(r"^\s*(?:" + _NO + r")(?:[\s,]+(?:" + _NO + r"))*" + _POLITE + r"\s*[.!]*\s*$")

# Vocabulary of the credit rules (not the member's own record), for questions no pattern above covers.
RULE_WORDS = _any(
    r"\bcounts?\b",
    r"\beligible\b",
    r"\ballowed\b",
    r"\baccept(?:ed|able)?\b",
    r"\bqualif(?:y|ies)\b",
    r"\bautomatically\b",
    r"\bupload(?:ed)?\b",
    r"\bcategory\b",
    r"\bcat\s*[12]\b",
    r"\bclaim\b",
    r"\bmoc\b",
    r"\bcontact hours\b",
    r"\brules?\b",
)
OWN_RECORD = _any(r"\bmy\b", r"\bi have\b", r"\bi've\b", r"\bleft\b", r"\bremaining\b", r"\bso far\b")
INTERROGATIVE = _any(
    r"^\W*(?:do|does|did|can|could|is|are|am|will|would|should|what|how|which|when|why|where)\b"
)
# A rule question is asked: it has a question mark or opens like one.
QUESTION_FORM = _any(r"\?", r"^\W*(?:do|does|can|could|is|are|will|would|should|what|how|which|when|why)\b")

# --- intents ----------------------------------------------------------------------
DELETE = _any(
    r"^\W*(?:/cme\s+)?(?:pls |please |oops,? |can you |could you )?(?:delete|remove|erase|undo|"
    r"scratch that|get rid of|cancel entry|cancel #)",
    r"\b(?:delete|remove|undo|erase)\s+(?:it|that|this|the last|entry|#|no\.?|number|item)",
    r"^\s*undo\b",
)
DELETE_REF = re.compile(
    r"(?:#|\bno\.?\s*|\bnumber\s+|\bentry\s+|\bitem\s+|\b(?:delete|remove)\s+)(\d{1,6})\b", _I
)

# "remove #7 and #8", "delete 3, 4 & 5", "delete #1 #2 #3": further numbers listed right after the first.
DELETE_MORE = re.compile(
    r"\s*(?:(?:,|&|\band\b|\bplus\b)\s*(?:and\s+)?(?:#|no\.?\s*|number\s+|entry\s+)?|#)(\d{1,6})\b", _I
)

EDIT = _any(
    r"^\W*(?:/cme\s+)?(?:change|update|set|fix|correct)\s+(?:the\s+)?(?:date|provider|title|credits?|"
    r"location|city|state|category|type|patient safety|plastic surgery)\b",
    r"\b(?:was|is|should be|should have been)\s+[\d.]+\s*(?:credits?|hours?|hrs?)?,?\s+not\s+[\d.]+",
    r"^\W*(?:/cme\s+)?(?:make|change|set|fix|correct|update|edit)\s+(?:it|that|this|the last(?: one| entry)?|"
    r"#\d+|entry\s+\d+|no\.?\s*\d+|number\s+\d+)\b",
    r"^\W*(?:that|the)\s+last\s+(?:one|entry)\s+(?:was|is|should)",
    r"^\W*(?:the\s+)?(?:date|provider|title|credits?|location|city|state|category|type)\s+"
    r"(?:was|is|should be|should have been)\b",
    r"^\W*(?:actually|correction)[,:]?\s+(?:it|that)\s+(?:was|is)\b",
)
EDIT_REF = re.compile(r"(?:#|\bentry\s+|\bno\.?\s*|\bnumber\s+)(\d{1,6})\b", _I)
# "X not Y": X is the new value.
EDIT_NEW_VALUE = re.compile(
    r"\b([\d.]+)\s*(?:credits?|hours?|hrs?|cat\s*[12])?,?\s+(?:not|instead of)\s+[\d.]+", _I
)
EDIT_FIELD_VALUE: list[tuple[str, re.Pattern[str]]] = [
    (
        "provider",
        re.compile(
            r"\bprovider\s+(?:(?:for|of|on)\s+.{2,60}?\s+)?(?:was|is|should be|should have been|to)\s+"
            r"(.+?)\s*[.!]?\s*$",
            _I,
        ),
    ),
    (
        "title",
        re.compile(
            r"\btitle\s+(?:was|is|should be|should have been|to)\s+[\"“']?(.+?)[\"”']?\s*[.!]?\s*$", _I
        ),
    ),
    ("city", re.compile(r"\b(?:city|location)\s+(?:was|is|should be|to)\s+(.+?)\s*[.!]?\s*$", _I)),
]

QUESTION = _any(
    r"\b(?:do|does|can|could|will|would|is|are|should)\s+(?:i|we|you|it|that|this|\w+(?:\s+\w+){0,4})\s+"
    r"(?:(?:get|earn|claim|receive)\s+(?:\w+\s+){0,2}(?:credit|credits|cme|cat|category|hours?|points?)\b|"
    r"count|qualify|be (?:counted|claimed|eligible))\b.*\?",
    r"\bcount(?:s|ed)?\s+(?:toward|towards|as|for)\b",
    r"\b(?:is|are)\s+(?:\w+\s+){0,4}(?:eligible|accepted|allowed|cat(?:egory)?\s*(?:1|2|i|ii))\b.*\?",
    r"\bhow many (?:credits|hours|cme)\s+(?:is|are|does|do|can|for)\b(?!.*\b(?:need|left|remaining)\b)",
    r"\bwhat (?:counts|qualifies)\b",
    r"\b(?:rules?|policy|requirement) (?:for|on|about)\b.*\?",
    r"\bwhat is (?:the )?(?:difference|a |an )",
    r"\bcan i (?:self-?claim|claim)\b",
    r"\bdo i (?:need|have) to (?:report|submit|log|upload|enter|self-?report)\b",
    r"\bhow (?:is|are|do(?:es)?)\b.*\b(?:counted|calculated|credited)\b",
)

HELP = _any(
    r"^\W*(?:/cme\s+)?help\b",
    r"^\W*(?:/cme\s+)?(?:commands?|usage|menu|\?)\W*$",
    r"\bwhat can (?:you|u) do\b",
    r"\bhow (?:does|do) (?:this|you|it) work\b",
    r"\bhow do i (?:send|upload|use|add|log|submit|forward|attach|start|get started)\b",
    r"\bwhat do you do\b",
    r"\bwho are you\b",
    r"\bnew here\b",
    r"\bgetting started\b",
)

NEED = _any(
    r"\bneed\b",
    r"\bhow (?:far|close)\b",
    r"\bshort of\b",
    r"\bcomplian(?:t|ce)\b",
    r"\b(?:meet|met|meeting|satisf(?:y|ied))\s+(?:the\s+|my\s+)?(?:asps\s+)?requirements?\b",
    r"\bremaining\b",
    r"\bleft\b(?!\s+(?:hand|side))",
    r"\bshort\b",
    r"\bon track\b",
    r"\benough\b",
    r"\bto go\b",
    r"\bstill (?:owe|require|missing)\b",
    r"\bmissing\b",
    r"\bbehind\b",
    r"\boutstanding\b",
    r"\bdeficit\b",
)
NEED_METRICS: list[tuple[str, re.Pattern[str]]] = [
    ("patient_safety", _any(r"\bpatient[- ]safety\b", r"\bpt\.? ?saf(?:ety)?\b", r"\bps\b")),
    ("plastic_surgery", _any(r"\bplastics?\b", r"\bplastic surgery\b", r"\bplastic surg\b")),
    ("category1", _any(r"\bcat(?:egory)?\.?\s*(?:1|i|one)\b", r"\bcat1\b", r"\bama pra\b")),
    ("total", _any(r"\btotal\b", r"\boverall\b", r"\b150\b", r"\ball (?:credits|hours)\b")),
]

SUMMARY = _any(
    r"\bsummary\b",
    r"\bwhere (?:do|am) i stand",
    r"\bhow am i doing\b",
    r"\bstatus\b",
    r"\btotals?\b",
    r"\bso far\b",
    r"\bstanding\b",
    r"\bprogress\b",
    r"\bhow (?:many|much) "
    r"(?:credits?|hours?|cme) (?:do i have|have i)\b",
    r"\bmy (?:cme )?(?:numbers|tally|record)\b\??$",
    r"\boverview\b",
    r"\bdashboard\b",
    r"\b(?:show|list|see)\s+(?:me\s+)?(?:all\s+)?(?:my\s+)?(?:cme|credits|entries|activities|record)\b",
    r"\bhow (?:many|much)\b.*\b(?:have i(?: got| earned| logged)?|do i have|"
    r"i(?:'ve| have) (?:got|earned|logged))\b",
    r"\bwhere (?:am i|i stand|things stand|are we)(?: at)?(?:\s+(?:with|on|in terms of)\b|\s*[?.!]*$)",
    r"\bhow(?:'s| is| are) (?:my )?(?:cme|credits?|record|numbers)(?: \w+)? (?:looking|going|coming along)\b",
    r"\bhow am i (?:looking|tracking|faring)\b",
    r"\b(?:check|review) (?:on )?my (?:cme|credits|record|status|hours)\b",
    r"\bwhat does my (?:cme|record|cycle) look like\b",
    r"\bcatch me up\b",
)
# "undo", "oops undo that", "undo my last change": take back the last change, whatever it was
# (a delete is restored), unlike "delete the last one", which names an entry.
BARE_UNDO = _any(
    r"^\W*(?:oops,?\s*|sorry,?\s*|pls\s+|please\s+)?undo(?:\s+(?:that|it|this|my last change|the last change|"
    r"please|pls))*\W*$"
)
# What makes a number an amount of credit: "2 credits", "1.5 hrs", "0.5 cat 1", "0.5 AMA cat 1".
AMOUNT_UNIT = (
    r"(?:credits?|cr\b|cred\b|hours?|hrs?|h\b|pts?\b|"
    r"(?:ama\s+(?:pra\s+)?)?cat(?:egory)?\.?\s*(?:1|2|i{1,2}|one|two)\b|cat[12]\b|ama pra)"
)
GREETING = _any(
    r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|hiya|yo)(?:\s+(?:there|bot|cmebot|cme bot))?\W*$"
)

LOG_VERB = _any(
    r"^\W*(?:/cme\s+)?(?:hey|hi|hello)?[,!\s—-]*(?:pls |please |can you |could you |would you |kindly )?"
    r"(?:log|lgo|record|add|enter|submit|save|put)\b",
    r"\b(?:pls|please|can you|could you|can u)\s+(?:log|record|add|put)\b",
    r"\blog (?:it|this|that)\b",
    r"\bput that in\b",
    r"\blog please\b",
)
ACTIVITY_WORDS = _any(
    r"\bgrand rounds\b",
    r"\btumou?r board\b",
    r"\bm&m\b",
    r"\bcourse\b",
    r"\bsymposium\b",
    r"\bwebinar\b",
    r"\bworkshop\b",
    r"\bconference\b",
    r"\bmeeting\b",
    r"\bmodule\b",
    r"\barticle\b",
    r"\bpodcast\b",
    r"\battended\b",
    r"\bcompleted\b",
    r"\btaught\b",
    r"\blecture\b",
    r"\bcadaver\b",
    r"\bcertificate\b",
)
