"""How members describe an activity: its type, category, credits and subject content.

Data for `activity` and `entries`; applied to lower-cased text unless a table
says otherwise. How a provider is named is in `provider_phrases`.
"""

from __future__ import annotations

import re

from bot.understanding.phrasing import any_of as _any

_I = re.IGNORECASE


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
            r"\breview(?:ed|ing)? (?:of )?(?:a |the |\d+ |several |some |two |three )?manuscripts?\b",
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
    r"\b(?:ama\s+(?:pra\s+)?)?cat(?:egory)?\.?\s*[-:]?\s*(?P<c>1|2|i{1,2}|one|two)(?!\d|\.\d)\b(?:\s*credits?)?"
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
