"""How an activity's provider is named: labels, organisation words and known societies.

Data for `activity` and `certificate`, the two readers that look for a provider.
"""

from __future__ import annotations

import re

from bot.understanding import providers as _providers

_I = re.IGNORECASE


# Organisation words that end a provider's name.
ORG_SUFFIXES = (
    "society|foundation|institute|council|consortium|center|centre|hospital|hospitals|system|"
    "college|academy|association|university|school of medicine|medicine|cme|group|inc|llc|ltd|"
    "partners|education|network|clinic|alliance|board|department|health|learning|"
    "surgeons|federation|trust|services|company|corporation|corp|associates|llp|pllc"
)
# A field label typed mid-line ("Title: X Provider: Y Date: Z"): where the field before it ends.
NEXT_LABEL = (
    r"(?i:provider|accredited provider|sponsor|date|dates|credits?|category|cat|type|"
    r"location|venue|city|title)\s*:"
)
ORG_WORD = r"(?:[A-Z][\w'’.&-]*|of|for|and|&|the|in|on|at|de)"
PROVIDER_LABELS = re.compile(
    r"(?i:accredited provider(?: is| was|:)|provider(?: is| was)?\s*[:\-–]?|provided by(?: the)?|"
    r"sponsored by(?: the)?|hosted by(?: the)?|"
    r"(?:\bvia\b|\bthrough\b|\bfrom\b|\bat\b|\bby\b|\bwith\b)(?:[ \t]+the)?)[ \t]+(?P<p>[A-Z][^,;()\n]*?)"
    r"(?=\s*(?:[,;()\n]|\.(?:\s|$)|$| is the| \d| on | today| yesterday| in \w+,| last|"
    r" \(| joint| completed| --?| –| —|\s+" + NEXT_LABEL + r"))",
)

# "2.25 credits Cat 1 from Johns Hopkins": a name right after the amount (and its category) with
# "from", "by" or "through" is who gave the credit, though it carries no organisation word.
AFTER_AMOUNT = re.compile(
    r"\b(?:credits?|hours?|hrs?|«CAT[12]»)(?:\s+«CAT[12]»)?\s+(?:from|by|through|thru|via)\s+(?:the\s+)?"
    r"(?P<p>[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|&|[A-Z][\w'’&.-]*)){0,4})(?=\s*(?:[,;:()\n]|\.(?:\s|$)|$|\s+[-–—]\s|\s+(?:on|in|at|for|today|yesterday|last)\b|\s+«))"
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
