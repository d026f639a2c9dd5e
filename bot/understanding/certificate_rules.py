"""How certificates and credit letters phrase their facts, as data.

Each table names a phrasing found on real certificates: the ACCME
accreditation statement, the AMA credit designation statement, claimed or
awarded lines, subject-content lines, and the dates that are never the
activity's date (release, expiry, issue, print, letter).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
# An amount, never the start of a date ("Date Credit Claimed: 03/18/2025" claims no 3 credits).
NUM = r"(?P<n>\d+(?:\.\d+)?|\.\d+)(?![\d/]|[.,-]\d)"
AMA1 = r"AMA\s+PRA\s+Category\s+1\s+Credits?"
AMA2 = r"AMA\s+PRA\s+Category\s+2\s+Credits?"
LEADER = r"[\s:.…·_]*"  # dot leaders and colons between a label and its number

# The ACCME-accredited provider, named just before one of these phrases.
ACCREDITED_BY = re.compile(r"\b(?:is|are)\s+(?:jointly\s+)?accredited\s+by\b", _I)
DESIGNATES = re.compile(r"\bdesignates\s+this\b", _I)
PROVIDER_LABEL = re.compile(
    r"^[ \t]*(?:accredited\s+provider|cme\s+provider|provider|provided\s+by|sponsored\s+by)\s*:?\s*"
    r"(?P<p>[A-Z][^\n]{2,80}?)\s*$",
    _I | re.M,
)
APPROVED_BY = re.compile(
    r"\bapproved\s+by\s+(?:the\s+)?(?P<p>[A-Z][\w'’&.,-]*(?:\s+(?:of|for|and|&|the|[A-Z][\w'’&.,-]*))*)", 0
)

# The learner's own number, most specific first; each must not be MOC, nursing, pharmacy etc.
CLAIMED: list[re.Pattern[str]] = [
    # A total line beats the line items above it: "Total … claimed …. 31.25".
    re.compile(
        r"^[ \t]*(?:grand\s+)?total\b[^\n\d]{0,70}?(?:claimed|awarded|earned|credits?|hours?)[^\n\d]{0,12}?"
        + NUM
        + r"[ \t]*(?:credits?|hours?)?[ \t]*$",
        _I | re.M,
    ),
    re.compile(
        r"\b(?:credits?|hours?)\s+(?:claimed|awarded|earned|recorded|issued|granted)(?:\s+by\s+(?:the\s+)?participant)?"
        r"(?:\s+this\s+period)?" + LEADER + NUM,
        _I,
    ),
    re.compile(AMA1 + r"\s+(?:claimed|awarded|earned|recorded)(?:\s+this\s+period)?" + LEADER + NUM, _I),
    re.compile(r"\b(?:total\s+)?(?:credits?\s+)?(?:claimed|awarded|earned)" + LEADER + NUM, _I),
    re.compile(
        r"\b(?:you\s+have\s+(?:been\s+)?|is\s+|was\s+)(?:awarded|claimed|earned|granted)\s+" + NUM, _I
    ),
    re.compile(r"(?:^|\n)[ \t]*(?:total\s+)?" + AMA1 + LEADER + NUM, _I),
    re.compile(r"\bphysicians?\b" + LEADER + NUM + r"\s+" + AMA1, _I),
    re.compile(r"\b(?:equivalent\s+to|worth|totals?|totaling)\s+" + NUM + r"\s+" + AMA1, _I),
    re.compile(r"(?<!maximum of )(?<!up to )\b" + NUM + r"\s+" + AMA1 + r"(?!\s+per\b)", _I),
    re.compile(r"\b(?:number\s+of\s+|total\s+)?(?:cme\s+)?credits?(?:\s+hours)?\s*:\s*" + NUM, _I),
]
MAXIMUM = re.compile(
    r"\b(?:maximum\s+of|designated\s+for(?:\s+(?:a\s+maximum\s+of|up\s+to))?|approved\s+for)\s+"
    + NUM
    + r"\s+"
    + AMA1
    + r"(?!\s+per\b)",
    _I,
)
# Lines whose numbers are never AMA PRA Category 1 credit.
NOT_AMA_LINE = re.compile(
    r"\b(?:moc|contact hours?|ceus?|ancc|acpe|aapa|aafp|aoa|eaccme|ecmec|cpd|cne|nursing|pharmacy|"
    r"abim|abs\b|points?|mainpro|rcpsc|section 3|prescribed credit)\b",
    _I,
)

CATEGORY2 = re.compile(
    "|".join(
        [
            r"self-?claim(?:\s+up\s+to\s+" + NUM + r")?\s+" + AMA2,
            r"not\s+(?:been\s+)?certified\s+for\s+" + AMA1,
            r"no\s+" + AMA1 + r"\s+(?:has|have)\s+been\s+designated",
            r"not\s+(?:an?\s+)?(?:certified|accredited)\s+(?:continuing\s+medical\s+education|cme)\s+activity",
        ]
    ),
    _I,
)
CATEGORY2_MENTION = re.compile(r"\b" + AMA2, _I)
CATEGORY2_HOURS: list[re.Pattern[str]] = [
    re.compile(r"self-?claim\s+up\s+to\s+" + NUM + r"\s+" + AMA2, _I),
    re.compile(AMA2 + r"[^.()]*\(\s*" + NUM + r"\s+hours?\s*\)", _I),
    re.compile(r"\b(?:attendance\s+)?total(?:ed|ing|led)?\s+(?:of\s+)?" + NUM + r"\s+hours?", _I),
    re.compile(r"\bfor\s+a\s+total\s+of\s+" + NUM + r"\s+hours?", _I),
    re.compile(r"\b(?:total\s+)?hours?(?:\s+attended)?\s*:\s*" + NUM, _I),
    re.compile(r"\b" + NUM + r"\s+hours?\b", _I),
]

SUBJECT_CREDITS: dict[str, list[re.Pattern[str]]] = {
    "patient_safety_credits": [
        re.compile(
            r"\b(?:patient\s+safety|risk\s+management)(?:\s*/\s*risk\s+management)?\s+(?:content\s+)?"
            r"(?:credits?|hours?)(?:\s+(?:claimed|awarded|earned))?" + LEADER + NUM,
            _I,
        ),
        re.compile(
            NUM + r"\s+(?:hours?|credits?)\s+(?:(?:of|in)\s+)?(?:patient\s+safety|risk\s+management)", _I
        ),
        re.compile(
            r"^[ \t]*(?:patient\s+safety|risk\s+management)(?:\s+content)?\s*:[ \t]*" + NUM, _I | re.M
        ),
        re.compile(
            r"\bof\s+which\s+"
            + NUM
            + r"\s+(?:(?:hours?|credits?)\s+)?(?:(?:are|is|address(?:es)?|cover)\s+)?"
            r"(?:in\s+)?(?:patient\s+safety|risk\s+management)",
            _I,
        ),
        re.compile(
            r"\bincludes?\s+"
            + NUM
            + r"\s+(?:hours?|credits?)\s+(?:of\s+)?(?:patient\s+safety|risk\s+management)",
            _I,
        ),
        # "12 of the 23 credits have been identified as Patient Safety Credits"
        re.compile(
            NUM + r"\s+of\s+the\s+[\d.]+\s+(?:AMA\s+PRA\s+Category\s+1\s+)?(?:credits?|hours?)\s+"
            r"(?:have\s+been|has\s+been|are|were|is)\s+(?:identified|designated|approved)\s+(?:as\s+|for\s+)?"
            r"(?:being\s+)?(?:applicable\s+to\s+)?(?:patient\s+safety|risk\s+management)",
            _I,
        ),
        # "Of the 37.5 credits, 7.5 credits have been identified as being applicable to Patient Safety"
        re.compile(
            r"\bof\s+the\s+[\d.]+\s+(?:credits?|hours?),?\s+" + NUM + r"\s+(?:(?:credits?|hours?)\s+)?"
            r"(?:have\s+been|has\s+been|are|were|is)\s+(?:identified|designated|approved)\s+(?:as\s+|for\s+)?"
            r"(?:being\s+)?(?:applicable\s+to\s+)?(?:patient\s+safety|risk\s+management)",
            _I,
        ),
    ],
    "plastic_surgery_credits": [
        re.compile(r"\bplastic\s+surgery\s+(?:credits?|hours?)" + LEADER + NUM, _I),
        re.compile(NUM + r"\s+(?:hours?|credits?)\s+(?:of\s+)?plastic\s+surgery", _I),
        re.compile(r"\bof\s+which\s+" + NUM + r"\s+(?:(?:are|is)\s+)?(?:in\s+)?plastic\s+surgery", _I),
    ],
}

# Activity type from the designation statement or the certificate's own words.
DESIGNATED_TYPES: list[tuple[str, re.Pattern[str]]] = [
    (
        "test_item_writing",
        re.compile(
            r"test\s+item\s+writing|item[- ]writing|"
            r"writing\s+(?:and\s+revising\s+)?\w*\s*examination\s+items",
            _I,
        ),
    ),
    (
        "manuscript_review",
        re.compile(r"manuscript\s+review|review\s+of\s+manuscript|review\s+manuscripts", _I),
    ),
    ("performance_improvement", re.compile(r"performance\s+improvement|\bPI[- ]CME\b", _I)),
    ("internet_poc", re.compile(r"internet\s+point[- ]of[- ]care", _I)),
    ("rss", re.compile(r"regularly\s+scheduled\s+series|\bRSS\b|grand\s+rounds\s+series", _I)),
    ("journal", re.compile(r"journal[- ]based|journal\s+CME", _I)),
    ("teaching", re.compile(r"teaching\s+activity|faculty\s+preceptor|\btaught\b", _I)),
    ("enduring", re.compile(r"enduring\s+material|self-paced|on-demand", _I)),
    (
        "live",
        re.compile(
            r"live\s+(?:activity|webinar|virtual|course|event|conference)|designates\s+this\s+live|"
            r"\bhybrid\b|\blive\b|\battended\b|\battendance\b|group\s+learning|symposium|"
            r"workshop|conference|forum|course|meeting|participated\s+in\s+person",
            _I,
        ),
    ),
]

# Labels whose dates are not the activity's date.
NOT_ACTIVITY_DATE = re.compile(
    r"(?:release|released|expir\w*|terminat\w*|end\s+date|expires?|valid\s+(?:until|through|from)|issued?|"
    r"issue\s+date|print(?:ed)?|last\s+review(?:ed)?|reviewed|"
    r"generated|sent|certificate\s+date|letter\s+date|review\s+date|approved\s+on|accreditation\s+period|"
    r"credit\s+expires|article\s+release|date\s+of\s+issue|vol\.|volume|issue\s+\d)\b[^\n]{0,25}$",
    _I,
)
ACTIVITY_DATE_LABEL = re.compile(
    r"(?:dates?|completed|completion|post-?test|passed|participation|period|attended|held|presented|"
    r"submitted|on)\b[^\n]{0,30}$",
    _I,
)
LETTER_OPENING = re.compile(r"^\s*(?:dear\b|to\s+whom\s+it\s+may\s+concern)", _I | re.M)

# Where a certificate prints the activity's title.
TITLE_LABELS = re.compile(
    r"^[ \t]*(?:activity|activity\s+(?:title|name)|title(?:\s+of\s+(?:the\s+)?(?:activity|course|program))?|"
    r"(?:course|program|session|event|lecture|webinar|meeting|conference)(?:\s+(?:title|name))?|"
    r"session\s*/\s*topic|topic|series|project|cme\s+article|article|"
    r"module)\s*:\s*(?P<t>.+?)\s*$",
    _I | re.M,
)
TITLE_AFTER = re.compile(
    r"(?:attended|completed|completing|attending|participated\s+in|participating\s+in|"
    r"for\s+participation\s+in|has\s+successfully\s+completed|"
    r"has\s+completed|completion\s+of|participation\s+in)(?:\s+the)?(?:\s+[\w-]+){0,4}?"
    r"(?:\s+(?:activity|material|article|course|program|module|webinar))?\s*:?[ \t]*$",
    _I,
)
# "Thank you for attending X, held ..." in credit letters.
TITLE_IN_SENTENCE = re.compile(
    r"\b(?:for\s+attending|for\s+participating\s+in|for\s+completing|on\s+completing|your\s+participation\s+in|"
    r"your\s+attendance\s+at)\s+(?:the\s+)?(?:(?:live|online|virtual|enduring)\s+)?"
    r"(?:(?:activity|course|webinar|program|conference|meeting|symposium)\s+)?"
    r"(?P<t>[A-Z0-9][^\n\"“”,]{4,150}?)(?:,?\s+(?:held|presented|which)\b|,\s+(?:on|in|at|from|during)\b|"
    r"\s+on\s+(?:[A-Z][a-z]+,?\s+)?[A-Z][a-z]{2,8}\.?\s+\d|\.\s|\.?$)",
    re.M,
)
TITLE_SKIP_LINE = re.compile(
    r"^\s*(?:hours?|credits?|dates?|time|city|location|venue|format|type|score|id|number)\b[^:\n]{0,15}:|certificate|statement\s+of|transcript|certifies|certify|record\s+of|letter\s+of|credit\s+statement|\bMD\b|\bDO\b|,\s*M\.?D\.?|"
    r"accredit|designates|awarded\s+to|presented\s+to|^\s*(?:name|physician|participant|recipient|"
    r"clinician|dear|to\s+whom)\b|office\s+of|continuing\s+medical\s+education$|^\s*format\b|"
    r"journal\s+of|vol\.|^\s*(?:online|live|hybrid)\b|education\s+committee|interprofessional|"
    r"^\s*(?:the\s+)?(?:activity|course|program|material)\s*\.?\s*$|"
    r"^\s*(?:course|activity|event|program|session)\s+(?:id|#|no\.?|number|code)\b|"
    r"\d\s+(?:of\s+the\s+[\d.]+\s+)?(?:AMA\s+PRA\s+Category\s+\d\s+)?(?:credits?|hours?)\b",
    _I,
)

# "… the enduring activity titled Opioid Prescribing …": the title follows "titled".
TITLE_TITLED = re.compile(r"\b(?:titled|entitled)\s*:?\s*[\"“]?(?P<t>[A-Z0-9][^\n\"”]{3,200})", _I)
# A title line that opens with what the learner did: "for completing X", "attended the X".
TITLE_LEAD_VERB = re.compile(
    r"^\s*(?:(?:has|have)\s+)?(?:successfully\s+)?(?:for\s+)?(?:attend(?:ed|ing)|complet(?:ed|ing)|"
    r"participat(?:ed|ing)\s+in|for\s+participation\s+in|for\s+completion\s+of)\s+(?:the\s+)?"
    r"(?:(?:live|online|virtual|enduring|internet|journal-based)\s+)?"
    r"(?:(?:activity|course|program|material|webinar|module)\s+)?(?::\s*)?",
    _I,
)
# What follows a title on its line and is not part of it: an activity number, a code.
TITLE_TAIL = re.compile(
    r"\s*[\(\[](?:activity|course|program|event|session)?\s*(?:id|#|no\.?|number|code)\b[^)\]]*[\)\]]"
    r"|\s*[\(\[]\s*(?:activity\s+)?id\s*[:#]?\s*[\w-]+\s*[\)\]]"
    r"|\s*[\(\[]\s*(?:activity|course|program|event|session)?\s*(?:id|#|no\.?|number|code)\b[^)\]]*$"
    r"|\s+(?:activity|course)\s+(?:id|#|no\.?)\s*[:#]?\s*[\w-]+\s*$",
    _I,
)
# The learner's name comes right after these (on the same line or the next one), never a title.
LEARNER_LEAD = re.compile(
    r"(?:certif(?:y|ies)\s+that|awarded\s+to|presented\s+to|issued\s+to|granted\s+to|"
    r"^\s*(?:participant|recipient|learner|attendee|physician|name|clinician|awardee|"
    r"participant\s+name|learner\s+name|name\s+of\s+(?:participant|physician))\s*:)",
    _I | re.M,
)
# Lines that are no provider: image placeholders, a lone office name.
NOT_PROVIDER_LINE = re.compile(
    r"^\s*(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\}|(?:image|logo|seal|signature)\b.*|"
    r"(?:the\s+)?(?:cme|continuing\s+medical\s+education)\s+office|office\s+of\s+(?:cme|continuing).*)\s*$",
    _I,
)

# "The Harbor Institute (HI) certifies that": the organisation, without "The", its
# abbreviation or the verb; used when no accreditation statement names the provider.
ORG_CERTIFIES = re.compile(
    r"^[ \t]*(?:the\s+)?(?P<p>[A-Z][\w'’&.,-]*(?:[ \t]+[\w'’&.,-]+){0,10}?)[ \t]*(?:\([A-Z&]{2,8}\))?[ \t]+"
    r"(?:hereby\s+)?certif(?:ies|y)\s+that\b",
    _I | re.M,
)
