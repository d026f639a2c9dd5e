"""What input the bot must never act on, and which reason (in `wording`) it gives for each.

Data for `reject`: spam, phishing, out-of-office replies, code, prompt
injection and other languages, each a row of phrasings. Applied to the whole
message, case-insensitively.
"""

from __future__ import annotations

import re

from bot.understanding import wording as say
from bot.understanding.phrasing import any_of as _any

_I = re.IGNORECASE


# --- bad input ------------------------------------------------------------------
# Mail footers ("unsubscribe", "reply STOP") and sign-in notices also appear around real
# certificates, so these reasons are not given when the text carries a credit statement.
CREDIT_STATEMENT = _any(r"\bama\s+pra\b", r"\bdesignates\s+this\b", r"\baccredited\s+by\b")
SPAM_LIKE_REASONS = frozenset({say.PHISHING, say.SPAM})
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
        say.INJECTION,
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
        say.CODE,
    ),
    (
        _any(
            r"\bautomatic reply\b",
            r"\bauto-?reply\b",
            r"\bout of (?:the )?office\b",
            r"\bi am (?:currently )?away\b",
            r"\bon vacation until\b",
        ),
        say.OUT_OF_OFFICE,
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
        say.PHISHING,
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
        say.SPAM,
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
