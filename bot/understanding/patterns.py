"""Phrasing tables: how members ask for things and how they describe activities.

Everything here is data read by `intents`, `activity` and `certificate`; a
new phrasing is a new row, not a new branch of code. Patterns are applied to
lower-cased text unless a table says otherwise.
"""

from __future__ import annotations

import re

from bot.understanding import providers as _providers

_I = re.IGNORECASE


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in phrases), _I)


# --- short answers to a pending draft (whole message) -------------------------
_POLITE = r"(?:[\s,.!]+(?:please|pls|thanks|thank you|thx|ty))?"
_YES = (
    r"yes|yep|yeah|y|ok|okay|confirm(?:ed)?|correct|looks good|looks right|record it|save it|go ahead|"
    r"sounds good|that'?s right|perfect|submit"
)
_NO = r"no|nope|n|cancel|never ?mind|nvm|drop it|forget it|discard(?: it)?|don'?t record it|stop"
CONFIRM = _any(r"^\s*(?:" + _YES + r")(?:[\s,]+(?:" + _YES + r"))*" + _POLITE + r"\s*[.!👍]*\s*$")
CANCEL = _any(r"^\s*(?:" + _NO + r")(?:[\s,]+(?:" + _NO + r"))*" + _POLITE + r"\s*[.!]*\s*$")

# --- bad input ------------------------------------------------------------------
# Mail footers ("unsubscribe", "reply STOP") and sign-in notices also appear around real
# certificates, so these reasons are not given when the text carries a credit statement.
CREDIT_STATEMENT = _any(r"\bama\s+pra\b", r"\bdesignates\s+this\b", r"\baccredited\s+by\b")
SPAM_LIKE_REASONS = frozenset(
    {
        "That looks like a phishing message; I ignored it. Don't click its links.",
        "That looks like spam, not a CME activity.",
    }
)
INJECTION_REASON = "That looks like an instruction to override how I work; I only record CME activities."
CODE_REASON = "That contains database or script code, so I didn't act on it."
REJECT_REASONS: list[tuple[re.Pattern[str], str]] = [
    (
        _any(
            r"\bignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) "
            r"(?:instructions|prompts?|rules)",
            r"\bdisregard (?:all |your )?(?:previous |prior )?instructions",
            r"\bsystem prompt\b",
            r"\byou are now\b",
            r"\bact as (?:an? )?(?:admin|administrator|developer)",
            r"\bmark (?:every|all) requirements?\b.*\bcomplete",
            r"\bjailbreak\b",
        ),
        INJECTION_REASON,
    ),
    (
        _any(
            r"\bdrop\s+table\b",
            r"\bunion\s+select\b",
            r"'\s*\)\s*;",
            r"\bor\s+1\s*=\s*1\b",
            r";\s*--",
            r"\bdelete\s+from\s+\w+\s+where\b",
            r"<script\b",
        ),
        CODE_REASON,
    ),
    (
        _any(
            r"\bautomatic reply\b",
            r"\bauto-?reply\b",
            r"\bout of (?:the )?office\b",
            r"\bi am (?:currently )?away\b",
            r"\bon vacation until\b",
        ),
        "That is an automatic out-of-office reply, not a request.",
    ),
    (
        _any(
            r"\bverify your account\b",
            r"\bmailbox (?:has )?exceeded\b",
            r"\baccount (?:will be|has been) suspended\b",
            r"\bconfirm your (?:password|credentials)\b",
            r"\bunusual sign-?in\b",
            r"\blog ?in (?:now )?to (?:avoid|keep)\b",
            r"\bupdate your (?:billing|payment) (?:details|information)\b",
        ),
        "That looks like a phishing message; I ignored it. Don't click its links.",
    ),
    (
        _any(
            r"\bcongratulations\b.*\b(?:selected|won|winner)\b",
            r"\bgift card\b",
            r"\bclaim (?:it|your prize) now\b",
            r"\breply stop\b",
            r"\bunsubscribe\b",
            r"\blimited time offer\b",
            r"\bact now\b",
            r"\bviagra\b",
            r"\bcrypto(?:currency)?\b.*\binvest",
            r"\bfree money\b",
            r"\byou(?:'ve| have) won\b",
        ),
        "That looks like spam, not a CME activity.",
    ),
]

# Phishing dressed as a certificate: a certificate "held" until a fee is paid or a licence
# number confirmed, or a link to click to "release" it. These are refused even though the
# text carries a credit statement, on the message and the certificate paths alike.
CERTIFICATE_PHISHING = _any(
    r"\bcertificates?\b[^.\n]{0,60}\b(?:is|are|has been|have been|being|will be)\s+(?:being\s+)?"
    r"(?:held|on hold|withheld|suspended|locked|frozen)\b",
    r"\b(?:hold|release)\s+notice\b",
    r"\b(?:processing|release|reactivation|verification|administrative|late|unlock)\s+fee\b",
    r"\bfee\b[^.\n]{0,60}\b(?:to release|before (?:we|your)|to receive your)\b",
    r"\b(?:pay|remit)\b[^.\n]{0,40}\bto (?:release|unlock|receive|claim) "
    r"(?:your )?(?:certificate|credits?)\b",
    r"\b(?:confirm|verify|re-?enter|update|provide)\s+(?:your\s+)?(?:medical\s+|state\s+)?"
    r"(?:licen[cs]e|dea|npi|social security|ssn|bank|card)\s*(?:numbers?|details|information|#)",
    r"\bclick\s+(?:here|the link|below)\b[^.\n]{0,60}\b(?:release|verify|unlock|claim|avoid|confirm)\b",
    r"\b(?:bit\.ly|tinyurl\.com|goo\.gl|t\.co)/",
    r"\b(?:within|in)\s+(?:24|48|72)\s+hours\b[^.\n]{0,60}\b(?:forfeit|lose|revoked|cancel+ed|suspended)\b",
)
CERTIFICATE_PHISHING_REASON = (
    "That looks like a phishing notice dressed as a certificate (a certificate held for a fee, "
    "a licence number to confirm, or a link to click); I didn't record anything. Don't click its links."
)

# Foreign function words: a message made of these and no CME vocabulary is not for us.
FOREIGN_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "que",
        "de",
        "del",
        "y",
        "en",
        "un",
        "una",
        "por",
        "para",
        "con",
        "es",
        "está",
        "qué",
        "cómo",
        "alguien",
        "sabe",
        "hora",
        "mañana",
        "abre",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "ein",
        "eine",
        "noch",
        "mein",
        "meine",
        "kannst",
        "du",
        "mich",
        "morgen",
        "um",
        "acht",
        "abholen",
        "werkstatt",
        "le",
        "les",
        "des",
        "est",
        "et",
        "pour",
        "avec",
        "dans",
        "sur",
        "je",
        "tu",
        "il",
        "nous",
        "vous",
        "une",
        "il",
        "lo",
        "gli",
        "che",
        "di",
        "non",
        "sono",
        "per",
    ]
)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "for",
        "in",
        "on",
        "at",
        "is",
        "are",
        "was",
        "i",
        "my",
        "me",
        "you",
        "your",
        "it",
        "this",
        "that",
        "with",
        "from",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "please",
        "pls",
        "log",
        "add",
        "record",
        "credit",
        "credits",
        "cat",
        "hours",
        "hr",
        "hrs",
        "what",
        "how",
        "when",
        "where",
        "why",
        "need",
        "have",
        "has",
        "been",
        "get",
        "got",
        "yes",
        "no",
        "report",
        "summary",
        "help",
        "total",
    ]
)
CME_WORDS = re.compile(
    r"\b(?:cme|cat(?:egory)?\.?\s*(?:1|2|i|ii|one|two)|cat[12]|credits?|hours?|hrs?|log|record|"
    r"ama|pra|grand rounds|course|symposium|webinar|journal|certificate|patient safety|plastics?)\b",
    _I,
)

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

REPORT = _any(
    r"\breport\b",
    r"\bexport\b",
    r"\bcsv\b",
    r"\bpdf\b",
    r"\bspreadsheet\b",
    r"\bexcel\b",
    r"\btranscript\b",
    r"\bcopy of my (?:cme )?record",
    r"\bstatement\b",
    r"\bdownload\b",
    r"\bzip\b",
    r"\baudit (?:pack|packet|bundle)\b",
)
REPORT_PREVIOUS = _any(r"\b(?:previous|prior|last|past)\s+(?:3-year\s+)?cycle\b", r"\breport\s+previous\b")
REPORT_CURRENT = _any(r"\b(?:this|current|present)\s+(?:3-year\s+)?cycle\b", r"\breport\s+current\b")
REPORT_FORMATS: list[tuple[str, re.Pattern[str]]] = [
    # The audit pack: report + data file + every kept certificate, for an auditor.
    (
        "zip",
        _any(r"\bzip\b", r"\baudit (?:pack|packet|bundle)\b", r"\bwith (?:all )?(?:the |my )?certificates\b"),
    ),
    ("csv", _any(r"\bcsv\b", r"\bspreadsheet\b", r"\bexcel\b", r"\bdata file\b")),
    ("pdf", _any(r"\bpdf\b")),
]

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
)
GREETING = _any(
    r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|hiya|yo)(?:\s+(?:there|bot|cmebot|cme bot))?\W*$"
)
# Report periods named relative to today: (pattern, years back; 0 is this calendar year).
REPORT_RELATIVE_YEARS: list[tuple[re.Pattern[str], int]] = [
    (_any(r"\b(?:last|previous|past|prior)\s+(?:calendar\s+)?year\b"), 1),
    (_any(r"\bthis\s+(?:calendar\s+)?year\b", r"\byear to date\b", r"\bytd\b"), 0),
]

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

# --- log fields ---------------------------------------------------------------------
# (activity_type, pattern), most specific first.
ACTIVITY_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (
        "test_item_writing",
        _any(
            r"\btest items?\b",
            r"\bitem[- ]writing\b",
            r"\bitem bank\b",
            r"\bwr[io]te \d+ (?:exam )?questions\b",
            r"\bexam(?:ination)? items\b",
            r"\btest item writing\b",
        ),
    ),
    (
        "manuscript_review",
        _any(
            r"\breview(?:ed|ing)? (?:of )?(?:a |the )?manuscripts?\b",
            r"\bmanuscript review\b",
            r"\bpeer[- ]review(?:ed)? (?:a |an )?(?:paper|article)\b",
        ),
    ),
    (
        "performance_improvement",
        _any(r"\bpi[- ]?cme\b", r"\bperformance improvement\b", r"\bquality improvement (?:cme|project)\b"),
    ),
    (
        "internet_poc",
        _any(
            r"\binternet poc\b",
            r"\bpoint[- ]of[- ]care\b",
            r"\binternet point\b",
            r"\butd\b",
            r"\buptodate\b",
        ),
    ),
    (
        "teaching",
        _any(
            r"\btaught\b",
            r"\bteaching\b",
            r"\bgave (?:a |an |the |my |our )?(?:\w+ )?(?:lecture|talk|presentation|grand rounds)\b",
            r"\b(?:my|our) (?:talk|lecture|presentation)\b",
            r"\binvited (?:speaker|talk|lecture)\b",
            r"\blectured\b",
            r"\bpreceptor\b",
            r"\bprecepting\b",
            r"\bfaculty for\b",
        ),
    ),
    (
        "rss",
        _any(
            r"\bgrand rounds\b",
            r"\btumou?r boards?\b",
            r"\bm&m\b",
            r"\bmorbidity and mortality\b",
            r"\bjournal club\b",
            r"\bregularly scheduled series\b",
            r"\brss\b",
            r"\bcase conference\b",
        ),
    ),
    (
        "journal",
        _any(
            r"\bjournal[- ]based\b",
            r"\bjournal cme\b",
            r"\bjournal\b(?! of)",
            r"\bprs\b[^,.;\n]{0,20}\b(?:cme|article|quiz|post-?test)\b",
            r"\bjournal\b[^,.;\n]{0,40}\b(?:cme|quiz|post-?test)\b",
            r"\bcme article\b",
            r"\bread (?:a |the |an )?(?:\w+ )?(?:article|paper|review)\b",
            r"\breading\b(?! (?:list|room|glasses))",
            r"\barticle\b.*\bpost-?test\b",
        ),
    ),
    (
        "enduring",
        _any(
            r"\benduring\b",
            r"\bonline (?:module|course)\b",
            r"\bmod(?:ule|le|ual)s?\b",
            r"\bquestion bank\b",
            r"\bq-?bank\b",
            r"\bself-?assessment\b",
            r"\be-?learning\b",
            r"\bpodcast\b",
            r"\bself-?paced\b",
            r"\bon-?demand\b",
            r"\(\s*online\b",
            r"\bonline,",
        ),
    ),
    (
        "live",
        _any(
            r"\blive\b",
            r"\bcourse\b",
            r"\bsymposium\b",
            r"\bworkshop\b",
            r"\bconference\b",
            r"\bmasterclass\b",
            r"\bcadaver lab\b",
            r"\bdissection\b",
            r"\bsummit\b",
            r"\bin[- ]person\b",
            r"\bforum\b",
            r"\bbootcamp\b",
        ),
    ),
]
# Types that a Category 2 activity may carry; the rest are Category 1 formats.
CATEGORY2_TYPES = frozenset({"teaching", "journal", "other"})

# Category mentions, rewritten to tokens so their digit is not read as a credit amount.
CATEGORY = re.compile(
    r"\b(?:ama\s+pra\s+)?cat(?:egory)?\.?\s*[-:]?\s*(?P<c>1|2|i{1,2}|one|two)(?!\d|\.\d)\b(?:\s*credits?)?"
    r"|\bcat(?P<c2>[12])\b",
    _I,
)
CAT1_TOKEN, CAT2_TOKEN = "«CAT1»", "«CAT2»"
UNIT = r"(?:(?:cme\s+|ama\s+)?credits?|credit hours?|hours?|hrs?|h|cme\b)"
NUM = r"(?P<n>\d+(?:\.\d+)?|\.\d+)"
# Credit amounts near a category token, in order of preference.
CREDIT_PATTERNS: list[re.Pattern[str]] = [
    re.compile(NUM + r"\s*(?:" + UNIT + r"\s*)?(?:of\s+)?«CAT[12]»", _I),
    re.compile(
        r"«CAT[12]»\s*(?:credits?|hours?|hrs?)?\s*(?:x|×|:|-|=)?\s*"
        + NUM
        + r"(?![ \t]*(?:plastic|ps\b|pt|patient))",
        _I,
    ),
    re.compile(r"(?:credits?|hours)\s*:\s*" + NUM + r"\s*(?:ama|«CAT)", _I),
    re.compile(r"\b(?:is\s+)?(?:awarded|claimed|earned)\s+" + NUM + r"\s*(?:credits?|«CAT)", _I),
    # a labelled amount: "Credits: 2 (1 PS)", "CME = 1.5"
    re.compile(r"\b(?:credits?|cme|hours|amount)\s*[:=]\s*" + NUM + r"(?![\d/])", _I),
]
# Words that name a part of an activity's credit (its subject content), never its total:
# "incl 2 hrs PS and 1 hr ethics" states two parts of the total.
PART_WORDS = (
    r"(?:pt|ps|patient|plastic|risk|ethic|opioid|pain\s+management|controlled\s+substance|"
    r"implicit\s+bias|cultural|domestic|human\s+trafficking|end[- ]of[- ]life)"
)
HOURS = re.compile(
    r"(?<![\w.])~?\s*" + NUM + r"\s*(?:" + UNIT + r")\b(?!\s*(?:of\s+)?(?:in\s+)?" + PART_WORDS + ")", _I
)
# An amount with its unit that is all subject content ("1.5 hrs of PS"); the activity's
# total when the message states no other amount.
SUBJECT_AS_TOTAL = re.compile(
    r"(?<![\w.])" + NUM + r"\s*(?:credits?|credit\s+hours?|hours?|hrs?|h)\s+(?:of\s+)?"
    r"(?:patient[- ]?safety|pt\.?\s*safety|ps|risk\s+m(?:gmt|anagement)|plastic\s+surgery|plastics)\b",
    _I,
)
# Words just before an amount that make it a part of a total stated earlier.
PART_LEAD = re.compile(
    r"(?:\bincl(?:uding|udes?|\.)?|\bof\s+which|\bw/|\bwith|\bplus|\band|\bwhich\s+includes?)"
    r"\s*(?:\(|:)?\s*$",
    _I,
)
# A number standing alone that can only be a credit amount: "1.0 for the M&M conf", ".5 grand rounds".
BARE_AMOUNT = re.compile(
    r"(?<![\w./:$-])(?P<n>\d{1,2}\.\d{1,2}|\.\d{1,2})(?![\w./%:-])"
    r"(?!\s*(?:mm|cm|ml|cc|kg|mg|g|lbs?|x|years?|yrs?|months?|weeks?|patients?|pts|cases?|mins?|minutes|"
    r"version|%|percent)\b)",
    _I,
)
SUBJECTS: dict[str, str] = {
    "patient_safety_credits": (
        r"(?:patient[- ]?safety|pt\.?\s*saf(?:ety)?|ps|risk\s+m(?:gmt|anagement|anage?ment)|risk[- ]mgt)"
    ),
    "plastic_surgery_credits": r"(?:plastic\s+surg(?:ery)?|plastics?|plastic\s+surgery)",
}
SUBJECT_AFTER = (
    r"[ \t]*(?:" + UNIT + r"[ \t]*)?(?:of[ \t]+(?:those[ \t]+|them[ \t]+|it[ \t]+|which[ \t]+)?)?"
    r"(?:(?:counts?|counted|is|are|was|were|address(?:es)?|designated)[ \t]+)?"
    r"(?:as[ \t]+|in[ \t]+|towards?[ \t]+)?"
)
SUBJECT_BEFORE = r"[ \t]*(?:credits?|hours?|hrs?)?[ \t]*[:=]?[ \t]*"
# The whole activity is subject content: "all PS", "the journal says it counts as patient safety".
ALL_SUBJECT = (
    r"\ball\s+(?:of\s+it\s+)?{s}\b"
    r"|\b(?:it|this|that|which|the\s+(?:whole|entire)\s+(?:thing|activity|course|session))\s+"
    r"(?:all\s+)?(?:counts?|counted|qualifies|is|was|'s|are)\s+(?:all\s+|fully\s+|entirely\s+)?"
    r"(?:as\s+|for\s+|towards?\s+)?{s}\b"
    r"|\b(?:counts?|qualifies|designated)\s+(?:entirely\s+|fully\s+|all\s+)?(?:as|for|towards?)\s+{s}\b"
    r"(?!\s*(?:credits?|hours?|hrs?)?\s*[:=]?\s*(?:\d|\.\d))"
)

# Organisation words that end a provider's name.
ORG_SUFFIXES = (
    "society|foundation|institute|council|consortium|center|centre|hospital|hospitals|system|"
    "college|academy|association|university|school of medicine|medicine|cme|group|inc|llc|ltd|"
    "partners|education|network|clinic|alliance|board|department|health|learning|"
    "surgeons|federation|trust|services|company|corporation|corp|associates|llp|pllc"
)
ORG_WORD = r"(?:[A-Z][\w'’.&-]*|of|for|and|&|the|in|on|at|de)"
PROVIDER_LABELS = re.compile(
    r"(?i:accredited provider(?: is| was|:)|provider(?: is| was)?\s*[:\-–]?|provided by(?: the)?|"
    r"sponsored by(?: the)?|hosted by(?: the)?|"
    r"(?:\bvia\b|\bthrough\b|\bfrom\b|\bat\b|\bby\b|\bwith\b)(?:[ \t]+the)?)[ \t]+(?P<p>[A-Z][^,;()\n]*?)"
    r"(?=\s*(?:[,;()\n]|\.(?:\s|$)|$| is the| \d| on | today| yesterday| in \w+,| last|"
    r" \(| joint| completed| --?| –| —))",
)

# Known providers (societies, online platforms) and how a record names each: data in
# providers.json, read through `providers`.
SOCIETIES: dict[str, str] = _providers.display_names()
SOCIETY = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(k) for k in sorted(SOCIETIES, key=len, reverse=True))
    + r")(?![\w-])",
    _I,
)
# Words that are never a provider though they look like one.
NOT_PROVIDERS = re.compile(
    r"^(?:ama|ama pra|prs|asj|accme|abps|aesthetic surgery journal|"
    r"plastic and reconstructive surgery"
    r"|.*\bjournal\b.*|prs\b.*|category.*|cat.*|the|dr\.?.*|in-service.*)$",
    _I,
)
TITLE_NOUNS = re.compile(
    r"\b(?:symposium|course|meeting|workshop|conference|summit|forum|masterclass|bootcamp|"
    r"update|review|lab|program|programme|series|essentials|fundamentals|module|webinar|"
    r"session|seminar|congress|institute|lecture|pearls|topics|management|techniques|"
    r"reconstruction|surgery|prevention|practices|strategies|pitfalls|safety|rounds|board|club|"
    r"conference|lab|debrief|simulation|dissection)\b",
    _I,
)
VIRTUAL = _any(
    r"\bvirtual\b",
    r"\bonline\b",
    r"\bwebinar\b",
    r"\bwebcast\b",
    r"\bzoom\b",
    r"\bpodcast\b",
    r"\benduring\b",
    r"\bself-paced\b",
)
# A chunk that only states subject credits ("3 plastic", "ps 1.5") is no activity of its own.
SUBJECTS_ONLY = re.compile(
    r"^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:credits?|hours?|hrs?|h)?\s*(?:of\s+)?"
    r"(?:patient[- ]?safety|pt\.?\s*saf(?:ety)?|ps|plastic\s+surg(?:ery)?|plastics?)|"
    r"(?:patient[- ]?safety|pt\.?\s*saf(?:ety)?|ps|plastics?|plastic surgery)\s*[:=]?\s*"
    r"(?:\d+(?:\.\d+)?|\.\d+))\b",
    _I,
)

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
