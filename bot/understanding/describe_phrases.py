"""What names an activity in a message that sets no title off.

Data for `describe`: the spans dropped, the clause breaks, the lead and tail
words, the shorthand written out.
"""

from __future__ import annotations

import re

from bot.understanding.phrasing import any_of as _any

_I = re.IGNORECASE


# --- a descriptive title for a log that sets none off ------------------------------
# "1.5 cat 1 grand rounds on flap salvage yesterday" names its activity without quotes.
# `describe` cuts such a message into clauses, drops from each what is not the
# activity's name (amounts, categories, dates, provider, place, chat filler) and keeps
# the clause that names an activity. Applied to text whose dates, categories and quoted
# titles are already tokens («D», «CAT1», «X»), with parentheticals removed.
DESCRIBE_MAX_CHARS = 80
# Bounds on what is read, so a long paste costs no more than a short one.
DESCRIBE_SCAN_CHARS = 4000
DESCRIBE_CLAUSE_CHARS = 160
# A phrase over the limit is cut before its last linking word, so it ends whole
# ("… with the junior residents", not "… about managing venous"), when that keeps
# at least half the limit; otherwise at the last word that fits.
DESCRIBE_CUT_BEFORE = re.compile(
    r"\s(?=(?:about|after|and|at|before|by|during|for|from|in|including|of|on|or|to|using|via|with)\s)", _I
)
DESCRIBE_CLAUSE_BREAK = re.compile(
    r"[,;:\n!?\[\]{}|]|\s[-–—/+]+\s|[–—]|\s&\s(?=\d)|\s(?:and\s+)?then\s"
    # a full stop, but not after "Dr." or "vs." ("I observed Dr. Kim's cases")
    r"|(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)(?<!\bprof)(?<!\bvs)(?<!\bst)(?<!\be\.g)(?<!\bi\.e)\.(?:\s|$)",
    _I,
)
DESCRIBE_PARENTHETICAL = re.compile(r"\([^()]*\)?")
_D_PREP = r"(?:(?:on|from|in|at|during|over|of|dated|for|since|through|between|and|&|to|until)\s+){0,2}"
_D_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_D_UNIT = r"(?:(?:cme\s+|ama\s+)?cred\w*|credit hours?|hours?|hrs?|h|mins?|minutes?|cme|points?)"
_D_SUBJECT = (
    r"(?:patient[- ]?safety|pt\.?\s*saf(?:ety)?|ps|plastic\s+surg(?:ery)?|plastics?|"
    r"risk\s+m(?:gmt|anagement)|ethics|opioids?|pain\s+management)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Spans removed wherever they stand, in this order.
DESCRIBE_DROP: list[re.Pattern[str]] = [
    # amounts of subject credits: "0.5 patient safety", "ps 1.5", "all of it patient safety"
    _any(
        _D_NUM
        + r"\s*(?:"
        + _D_UNIT
        + r"\s*)?(?:of\s+(?:those\s+|it\s+)?)?(?:as\s+)?(?:of\s+)?"
        + _D_SUBJECT
        + r"(?:\s*(?:credits?|hours?|hrs?))?\b",
        r"(?<![\w-])" + _D_SUBJECT + r"\s*(?:credits?|hours?|hrs?)?\s*[:=]?\s*" + _D_NUM + r"(?![\w/])",
        r"\b(?:counts?|counting)\s+(?:as|towards?|for)\b[^,;\n]*",
        # a provider the reader did not take ("provided by the dept of surgery")
        r"\b(?:(?:the\s+)?accredited\s+)?provider\s*(?:is|was|:)[^,;\n]*",
        r"\b(?:provided|sponsored|hosted|offered)\s+by\b[^,;\n]*",
        # the venue: "@ the surgery center", "at St. Mary's", "at the sim center"
        r"\s@\s*[^,;\n«]*",
        r"\bat\s+(?:the\s+)?(?:[\w'’.&-]+\s+){0,3}(?:center|centre|hospital|clinic|hotel|campus|institute|"
        r"university|school|office|auditorium|hall)\b",
        r"\bat\s+st\.?\s+[\w'’]+(?:\s+(?:hospital|medical\s+center))?",
        r"\ball\s+(?:of\s+it\s+)?" + _D_SUBJECT + r"\b",
    ),
    # amounts and categories: "1.5 «CAT1»", "«CAT2» credits x 2", "3 credits", "~4 hrs", "cat 1 x 2"
    _any(
        r"(?:~\s*)?"
        + _D_NUM
        + r"\s*(?:"
        + _D_UNIT
        + r"\s*)?(?:of\s+)?(?:ama\s+pra\s+)?«CAT[12]»"
        + r"(?:\s*(?:credits?|hours?|hrs?|cme))?",
        r"(?:ama\s+pra\s+)?«CAT[12]»(?:\s*(?:credits?|hours?|hrs?|cme))?(?:\s*(?:x|×|=|-)?\s*"
        + _D_NUM
        + r"(?![\w/])(?:\s*"
        + _D_UNIT
        + r"\b)?)?",
        r"(?<![\w.])(?:~\s*)?" + _D_NUM + r"\s*" + _D_UNIT + r"(?:\s+of)?(?![\w])",
        r"\b(?:ama\s+pra|ama)\b",
        r"«(?:X|CAT[12])»",
        # a bare amount ("1.0 for the M&M conf") and a count of sessions ("2 sessions of the")
        r"(?<![\w./])(?:\d{1,2}\.\d{1,2}|\.\d{1,2})(?![\w./%])(?!\s*(?:mm|cm|ml|cc|mg|kg|x)\b)"
        r"(?:\s+(?:for|at|of)\b)?",
        r"\b(?:\d+|two|three|four|both|all)\s+(?:sessions?|parts?|days?)\s+(?:of\s+)?(?:the\s+)?",
        r"\beach\b",
    ),
    # dates (already tokens) with the prepositions that lead to them, and vague periods
    _any(
        r"(?:\b" + _D_PREP + r")?«D»(?:'s|’s|s\b)?",
        r"\b" + _D_PREP + r"(?:the\s+)?(?:past|last|previous|prior)\s+(?:few\s+|couple(?:\s+of)?\s+|\d+\s+)?"
        r"(?:days?|weeks?|months?|weekends?|year)\b",
        r"\b" + _D_PREP + r"(?:this|last|the)\s+(?:past\s+)?"
        r"(?:week|weekend|month|morning|afternoon|evening)(?:'s|’s)?\b",
        r"\b" + _D_PREP + r"(?:early|mid|late)?[- ]?" + _MONTH + r"(?:\s+(?:19|20)\d\d)?(?![\w/])",
        r"\b" + _D_PREP + r"(?:19|20)\d\d\b",
        r"\b(?:today|tonight|yest\w*day|yday|earlier)(?:'?s)?\b",
    ),
    # a duration: "2 days", "3-day"
    _any(r"\b\d+[- ]?(?:days?|nights?|weeks?|wks?)\b(?:\s+(?:long|of))?"),
    # a count left once its amounts are gone: "two 1 hr grand rounds"
    _any(r"\b\d+\s+(?=(?:grand\s+rounds|tumou?r\s+boards?|sessions|lectures|webinars|talks|modules)\b)"),
]
# Shorthand in a described title, written out where it has one meaning in CME
# ("M&M conf" is "M&M conference"); a journal's initials become its name.
DESCRIBE_SHORTHAND: dict[str, str] = {
    "conf": "conference",
    "conf.": "conference",
    "mtg": "meeting",
    "mtgs": "meetings",
    "recert": "recertification",
    "sim": "simulation",
    "sims": "simulations",
    "symp": "symposium",
    "wkshp": "workshop",
    "mgmt": "management",
    "recon": "reconstruction",
    "lect": "lecture",
    "edu": "education",
    "prs": "Plastic and Reconstructive Surgery",
    "prs go": "PRS Global Open",
    "asj": "Aesthetic Surgery Journal",
    "jpras": "Journal of Plastic, Reconstructive & Aesthetic Surgery",
}
DESCRIBE_SHORTHAND_RE = re.compile(
    r"(?<![\w&])("
    + "|".join(re.escape(k) for k in sorted(DESCRIBE_SHORTHAND, key=len, reverse=True))
    + r")(?![\w])",
    _I,
)

# Words that open a clause without naming the activity ("pls log the", "can you add", "I did").
DESCRIBE_LEAD = re.compile(
    r"^(?:(?:/?cme|hey|hi|hello|ok(?:ay)?|so|also|and|then|plus|pls|please|plz|kindly|"
    r"(?:can|could|would|will)\s+(?:you|u)|log|lgo|logged|logging|record|recorded|add|added|enter|submit|save|put|"
    r"i|we|i'?ve|i\s+have|we'?ve|i'?m|just|did|do|done|attended|went\s+to|finished|completed|took|got|"
    r"earned|claimed|"
    r"watched|listened\s+to|joined|for|the|a|an|my|our|this|that|these|those|it|was|is|were|"
    r"cred\w*|hours?|hrs?|of|on|at|to|in|from|with|as|under|re|new\s+entry|entry|activity|total|"
    r"thanks?\s+(?:you\s+)?for\s+(?:attending|completing|participating\s+in|joining))(?:\s+|$))+",
    _I,
)
# Words that close a clause without naming the activity ("… I finished", "… too", "… for me").
DESCRIBE_TAIL = re.compile(
    r"(?:\s+(?:too|also|as\s+well|please|pls|plz|thanks|thank\s+you|thx|ty|for\s+me|"
    r"(?:that\s+|which\s+)?(?:i|we)\s+(?:did|do|finished|completed|attended|took|watched|went\s+to|"
    r"joined|had|listened\s+to|was\s+at)|log\s+(?:it|this|that)|total|each|in\s+total|"
    r"on|in|at|for|from|with|and|or|of|to|by|via|during|over|the|a|an|&|\+|was|is|were|"
    r"this|that|it)(?=\s|$))+$|[\s.\-–—&+/]+$",
    _I,
)
# Clauses that are chatter, never the activity ("can you put that in", "I think", "no CME quiz").
DESCRIBE_CHATTER = _any(
    r"^\s*(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:put|log|add|record|enter)\s+(?:it|this|that)(?:\s+in)?"
    r"(?:\s+(?:please|pls|for me))?\W*$",
    r"\bgetting around to\b",
    r"\b(?:i think|i believe|not sure|if possible)\b",
    r"^\s*(?:thanks|thank you|thx|cheers|regards|best)\b"
    r"(?!\s+for\s+(?:attending|completing|participating|joining))",
    r"^\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b(?:\s+(?:dr\.?\s*)?\S+){0,2}\s*$",
    r"^\s*sent from\b",
    r"\b(?:certificate|cert)\s+(?:says|shows|attached|reads)\b",
    r"^\s*no\s+(?:cme\s+)?(?:quiz|test|post-?test|certificate|credit)\b",
    r"^\s*(?:live|virtual|online|in[- ]person|enduring|hybrid)\s*$",
)
# Nouns (and verbs) that name a CME activity: a clause with one of these is preferred.
DESCRIBE_ACTIVITY = _any(
    r"\bgrand rounds?\b",
    r"\btumou?r boards?\b",
    r"\bm&m\b",
    r"\bmorbidity and mortality\b",
    r"\bconf(?:erence|rence|\.)?\b",
    r"\b(?:course|symposium|workshop|webinar|webcast|meeting|module|lectures?|talks?|presentation|"
    r"seminar|sessions?|series|lab|dissection|journal club|article|chapters?|reading|podcast|"
    r"cases?|discussion|debrief|simulation|sim|training|review|manuscripts?|project|study|quiz|"
    r"post-?test|exam|test items?|questions|item bank|masterclass|bootcamp|summit|forum|congress|"
    r"taught|teaching|precept\w*|observ\w*|video|tutorial|guidelines?|protocols?|modules?|"
    r"rounds|board|curriculum|assessment|self-assessment|learning|search\w*|looked up|read)\b",
)
