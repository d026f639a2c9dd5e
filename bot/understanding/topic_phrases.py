"""How members say an entry counts toward a topic, or doesn't: "that counts as ethics", "not ethics".

Phrasing is data: each table is a list of regular-expression pieces, and
`topic_corrections` only assembles them. A *strong* phrase says outright that
it is about topics ("counts as", "tag it", "the … topic"), so a name the bot
doesn't know earns a question; a *weak* one ("that was X", "not X", "add X")
is a topic correction only when X is a topic, so "that was yesterday",
"not 4" and "add 0.5 patient safety" stay the corrections they always were.
"""

from __future__ import annotations

# Said before the correction and meaning nothing: "oh, sorry — that counts as ethics".
LEAD_FILLER = (
    r"oh|oops|sorry|actually|also|and|btw|fyi|ok|okay|hey|hmm|wait|so|please|pls|right|yes|yeah|no|nope"
)
# After the topic names: "ethics CME too, thanks".
TAIL_FILLER = (
    "cme",
    "credit",
    "credits",
    "hour",
    "hours",
    "hrs",
    "topic",
    "topics",
    "tag",
    "tags",
    "requirement",
    "requirements",
    "content",
    "training",
    "education",
    "too",
    "also",
    "please",
    "pls",
    "thanks",
    "thank you",
    "thx",
    "as well",
    "after all",
    "either",
    "really",
    "actually",
)
# Words before a topic's name that are not part of it: "the ethics topic", "an opioid CME".
ARTICLES = ("the", "a", "an", "my", "its", "state", "state's", "licence", "license")
# Between names in a list: "ethics and opioids", "ethics, opioids & child abuse", "not ethics or opioids".
LIST_SEPARATORS = r"\s*,\s*(?:and\s+|or\s+|&\s+|plus\s+)?|\s+(?:and|or|nor|&|plus|as\s+well\s+as)\s+"

# The entry talked about: "that", "it", "#12", "the tumor board one"; REF stands for an entry number.
SUBJECT = (
    r"(?:it|that|this|that\s+one|this\s+one|the\s+last\s+one|REF|the\s+(?P<named>[a-z0-9&' -]{2,40}?)\s+one)"
)

# Adding a topic.
ADD_STRONG = (
    # "that counts as ethics", "#12 also counted toward opioids", "it should count for risk management"
    SUBJECT
    + r"?\s*(?:also\s+|too\s+)?(?:counts?|counted|qualifies|qualified|should\s+(?:have\s+)?count(?:ed)?|"
    r"would\s+count|can\s+count|will\s+count|applies|applied)\s+(?:also\s+)?"
    r"(?:as|toward|towards|for|to|under|as\s+part\s+of)\s+(?:my\s+|the\s+)?(?P<topics>.+)",
    # "tag #12 as ethics", "mark it as implicit bias", "count that toward opioids", "file it under ethics"
    r"(?:tag|mark|count|file|list|flag|label|classify)\s+(?:" + SUBJECT + r"\s+)?(?:also\s+)?"
    r"(?:as|under|with|toward|towards|for|to)\s+(?P<topics>.+)",
    # "add the child abuse topic to #12", "add ethics to the topics"
    r"(?:add|include)\s+(?:the\s+)?(?P<topics>.+?)\s+(?:topic|tag)s?(?:\s+(?:to|on|for)\s+" + SUBJECT + ")?",
    r"(?:add|include)\s+(?P<topics>.+?)\s+(?:to|as)\s+(?:the|its|my)\s+topics?",
)
ADD_WEAK = (
    # "that was also opioid CME", "#12 was ethics", "the tumor board one was risk management"
    SUBJECT + r"\s+(?:was|is|were|'s)\s+(?:also\s+)?(?:an?\s+)?(?P<topics>.+)",
    # "add child abuse to #12", "add ethics"
    r"(?:add|include)\s+(?P<topics>.+?)(?:\s+(?:to|on|for)\s+" + SUBJECT + ")?",
    # "ethics too", "also ethics": only with a word that says it is in addition
    r"(?:also\s+)(?P<topics>.+)",
    r"(?P<topics>.+?)\s+(?:too|as\s+well)",
)

# Taking a topic off.
REMOVE_STRONG = (
    # "remove the implicit bias topic", "drop ethics from #12", "take opioids off that"
    r"(?:remove|drop|delete|untag|clear|strip|take\s+off|take\s+out)\s+(?:the\s+)?(?P<topics>.+?)"
    r"(?:\s+(?:topic|tag)s?)?\s+(?:from|off|on|of)\s+" + SUBJECT,
    r"(?:remove|drop|delete|untag|clear|strip|take\s+off|take\s+out)\s+(?:the\s+)?(?P<topics>.+?)\s+(?:topic|tag)s?",
    r"(?:untag)\s+(?:the\s+)?(?P<topics>.+)",
    r"take\s+(?:the\s+)?(?P<topics>.+?)\s+(?:topic\s+|tag\s+)?(?:off|out)(?:\s+(?:of\s+)?" + SUBJECT + ")?",
    # "that doesn't count as ethics", "#12 shouldn't count toward opioids"
    SUBJECT + r"?\s*(?:does\s*n[o']?t|did\s*n[o']?t|should\s*n[o']?t|should\s+not|does\s+not|did\s+not|"
    r"won'?t|can'?t|cannot)\s+count\s+(?:as|toward|towards|for|under)\s+(?:the\s+)?(?P<topics>.+)",
)
REMOVE_WEAK = (
    # "not ethics", "#12 not ethics", "that wasn't ethics", "it isn't really opioid CME"
    r"(?:" + SUBJECT + r"\s+)?(?:not|no)\s+(?P<topics>.+)",
    SUBJECT + r"\s+(?:was\s*n[o']?t|was\s+not|is\s*n[o']?t|is\s+not|'s\s+not|were\s*n[o']?t)\s+"
    r"(?:really\s+|actually\s+)?(?:an?\s+)?(?P<topics>.+)",
    r"(?:remove|drop|untag)\s+(?P<topics>.+?)(?:\s+(?:from|off)\s+" + SUBJECT + ")?",
)

# Entry numbers as members write them: "#12", "entry 12", "number 12".
ENTRY_NUMBER = r"(?:#\s*|\bentry\s+#?\s*|\bnumber\s+|\bno\.?\s*)(\d{1,9})\b"

# Words that name subject credits, never a topic: "that counts as patient safety" is about credits
# the portal counts on its own, so it is left to the credit corrections (or asked about there).
NOT_TOPIC_NAMES = (
    "patient safety",
    "pt safety",
    "ps",
    "plastic surgery",
    "plastics",
    "plastic",
    "cat 1",
    "cat 2",
)
