"""How members talk about what they answer to: licences held, dropped, renewal dates, DEA, a board's word.

Phrasing is data: `bot/profile_reading.py` tries these tables, and set names
come from the requirement sets' own names and aliases (a new licence file
teaches its name); the state names below only let the bot say "I don't have
Ohio's rules yet" instead of mistaking a state it lacks for something else.
"""

from __future__ import annotations

import re

_LICENCE = r"licen[cs]e[ds]?"

# "what am I tracking?", "which licences do I have?", "show my requirement sets"
SHOW = re.compile(
    r"\bwhat\s+(?:am\s+i|are\s+you|do\s+you)\s+(?:tracking|following|keeping\s+track\s+of)\b"
    r"|\b(?:which|what)\s+(?:licen[cs]es|requirement\s+sets?|requirements?\s+sets?|sets|boards)\s+"
    r"(?:do\s+i|am\s+i|are\s+(?:you|on)|have\s+i)\b"
    r"|^\W*(?:show|list)\s+(?:me\s+)?my\s+(?:licen[cs]es|requirement\s+sets|sets|profile)\W*$"
    r"|^\W*my\s+(?:licen[cs]es|requirement\s+sets|profile)\W*$",
    re.I,
)

# "I'm licensed in Texas and Florida", "I also hold a California licence", "licensed in TX"
HOLD = re.compile(
    rf"\b(?:i'?m|i\s+am|i'?ve\s+been|also|now)\s+(?:also\s+|now\s+)?{_LICENCE}\s+(?:in|by)\b"
    rf"|\bi\s+(?:also\s+)?(?:have|hold)\s+(?:an?\s+|my\s+|active\s+)*(?:\w+\s+){{0,3}}{_LICENCE}\b"
    rf"|\bmy\s+(?:\w+\s+){{0,3}}{_LICENCE}\b"
    r"|\bi\s+practi[cs]e\s+in\b",
    re.I,
)

# "add California", "track Illinois too", "start tracking ABPS"
ADD = re.compile(
    r"^\W*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:also\s+)?"
    r"(?:add|track|start\s+tracking|include|follow)\b",
    re.I,
)

# "drop Illinois", "remove my Texas licence", "I'm no longer licensed in Illinois"
DROP = re.compile(
    r"^\W*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:drop|remove|delete|stop\s+tracking|untrack|forget)\b"
    rf"|\b(?:no\s+longer|not\s+anymore|not)\s+{_LICENCE}\s+in\b"
    rf"|\b(?:let|letting|allowed)\s+my\s+(?:\w+\s+){{1,3}}{_LICENCE}\s+(?:lapse|expire|go)\b"
    rf"|\bgave\s+up\s+my\s+(?:\w+\s+){{1,3}}{_LICENCE}\b",
    re.I,
)

# "I'm not DEA registered", "I don't have a DEA registration", "no DEA"
DEA_NO = re.compile(
    r"\b(?:not|n'?t|no\s+longer|never)\s+(?:been\s+|be\s+)?"
    r"(?:dea[- ]?registered|registered\s+with\s+(?:the\s+)?dea)\b"
    r"|\b(?:don'?t|do\s+not|no\s+longer)\s+(?:have|hold)\s+(?:a\s+|an\s+|my\s+)?dea\b"
    r"|^\W*no\s+dea\b",
    re.I,
)

# "DEA registered", "I have a DEA registration", "I hold a DEA number"
DEA_YES = re.compile(
    r"\bdea[- ]?registered\b|\bregistered\s+with\s+(?:the\s+)?dea\b"
    r"|\b(?:have|hold)\s+(?:a\s+|an\s+|my\s+)?dea(?:\s+(?:registration|number|licen[cs]e|certificate))?\b",
    re.I,
)

# A date the member gives is a renewal / expiry only next to one of these words.
RENEWAL_CUE = re.compile(r"\b(?:renew(?:s|ed|al|ing)?|expir(?:es?|ed|y|ation|ing)|lapses?)\b", re.I)

# "add California" / "drop Illinois" say nothing but set names and these words; "add the Texas
# webinar" says more, and is not about licences.
VERB_FILLER = frozenset(
    [
        "add",
        "track",
        "start",
        "tracking",
        "include",
        "follow",
        "drop",
        "remove",
        "delete",
        "stop",
        "untrack",
        "forget",
        "please",
        "can",
        "could",
        "you",
        "also",
        "too",
        "as",
        "well",
        "my",
        "the",
        "a",
        "an",
        "and",
        "plus",
        "to",
        "from",
        "of",
        "in",
        "on",
        "list",
        "profile",
        "sets",
        "set",
        "licence",
        "license",
        "licences",
        "licenses",
        "licensed",
        "registration",
        "state",
        "board",
        "requirements",
        "requirement",
        "it",
        "renews",
        "renew",
        "renewal",
        "expires",
        "expire",
        "expiry",
        "expiration",
        "lapses",
        "is",
        "was",
        "will",
        "be",
        "next",
        "by",
        "i",
        "i'm",
        "im",
        "am",
        "now",
    ]
)

# "my board accepted the ethics hours", "Texas waived the human trafficking course",
# "count the ethics requirement as met", "mark ethics as done"
OVERRIDE = re.compile(
    r"\b(?:accepted|approved|waived|credited|signed\s+off(?:\s+on)?|granted|exempted\s+me\s+from)\b"
    r"|\b(?:count|mark|treat)\s+(?:the\s+|my\s+)?(?!(?:every|all|each)\b)(?:[\w/-]+\s+){1,5}(?:as\s+)?"
    r"(?:met|done|satisfied|complete)\b",
    re.I,
)
# "my board didn't accept the ethics hours after all", "undo the ethics override", "take back the override"
OVERRIDE_UNDO = re.compile(
    r"\b(?:didn'?t|did\s+not|never|won'?t|no\s+longer)\s+(?:accept|approve|waive|credit|count)\w*\b"
    r"|\b(?:undo|remove|cancel|drop|delete|take\s+back|withdraw)\s+(?:the\s+|my\s+)?(?:[\w/-]+\s+){0,4}"
    r"(?:override|exemption|waiver)s?\b",
    re.I,
)
# Words of an override message that name no rule.
OVERRIDE_FILLER = frozenset(
    [
        "my",
        "the",
        "a",
        "an",
        "board",
        "state",
        "has",
        "have",
        "had",
        "accepted",
        "approved",
        "waived",
        "credited",
        "signed",
        "off",
        "on",
        "granted",
        "exempted",
        "me",
        "from",
        "count",
        "mark",
        "treat",
        "as",
        "met",
        "done",
        "satisfied",
        "complete",
        "hours",
        "hour",
        "credits",
        "credit",
        "requirement",
        "rule",
        "course",
        "courses",
        "cme",
        "for",
        "it",
        "they",
        "i",
        "that",
        "this",
        "their",
        "of",
        "in",
        "to",
        "is",
        "was",
        "didn't",
        "didn",
        "not",
        "did",
        "never",
        "accept",
        "approve",
        "undo",
        "remove",
        "cancel",
        "drop",
        "delete",
        "take",
        "back",
        "withdraw",
        "override",
        "overrides",
        "exemption",
        "waiver",
        "after",
        "all",
        "anymore",
        "longer",
        "no",
    ]
)

# "why?", "why does Texas say I'm short?", "why am I short for Florida?", "explain Texas"
WHY = re.compile(r"^\W*(?:why|how\s+come|explain|how\s+did\s+you\s+count)\b", re.I)

# "do I need opioid CME for my DEA renewal?", "what about the MATE act training?"
DEA_QUESTION = re.compile(
    r"\b(?:mate(?:\s+act)?|dea)\b.*\b(?:opioids?|substance|addiction|sud|training|hours?|cme|credits?|need)\b"
    r"|\b(?:opioids?|substance\s+use|addiction)\b.*\b(?:dea|mate)\b",
    re.I,
)

# "am I on track for Texas?", "what do I still need for Florida?", "where do I stand with California?"
STATUS = re.compile(
    r"\b(?:on\s+track|need|short|behind|stand|standing|status|summary|left|remaining|missing|owe|met)\b",
    re.I,
)

# Of a set's status: "am I on track for Texas?" (pace) or "what do I need for Texas?" (shortfalls).
PACE = re.compile(r"\b(?:on\s+track|behind|pace|ahead)\b", re.I)
NEED = re.compile(r"\b(?:need|short|left|remaining|missing|owe)\b", re.I)

# The member gives a month without a day: a licence then runs to that month's last day.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I)
YEAR_MONTH = re.compile(r"\b(\d{4})-(\d{1,2})\b(?!-)")
SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MONTH_SLASH_YEAR = re.compile(r"\b(\d{1,2})/(\d{4})\b")

# Between two set names, only these words make a list ("Texas and Florida"): a date after a
# list of names names no one set.
LIST_GLUE = re.compile(
    rf"^(?:[\s,;&/]|\band\b|\bplus\b|\bas\s+well\s+as\b|\bmy\b|\bthe\b|\bin\b|\b{_LICENCE}\b|\bboth\b)*$",
    re.I,
)

# US states and territories by name: a licence the bot has no rules for is named back, not guessed.
STATES = [
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
    "Puerto Rico",
]
