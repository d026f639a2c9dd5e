"""A descriptive title for a logged activity whose message sets none off.

"/cme 1.5 cat 1 grand rounds on flap salvage yesterday" names its activity
("Grand rounds on flap salvage") without quotes or a "Title:" label, and a
record titled only by its type ("Regularly scheduled series") says nothing on
an audit report. This is a best-effort guess for chat and e-mail logs only:
explicit titles always win, and certificates (which print their title) never
get one. What is dropped and what counts as naming an activity are tables in
`describe_phrases`, so a new phrasing is a new row.
"""

from __future__ import annotations

import re

from bot.understanding import describe_phrases as dp
from bot.understanding import places
from bot.understanding.contract import Fields

_WORD = re.compile(r"[^\W\d_][\w'’&-]*")
_PROVIDER_LABEL = (
    r"(?:(?:(?:the\s+)?accredited\s+)?provider(?:\s+(?:is|was))?\s*[:\-–]?\s*|"
    r"(?:provided|sponsored|hosted|offered|run)\s+by\s+|(?:via|through|thru|from|by|with|at|on)\s+)?(?:the\s+)?"
)


def describe_activity(masked: str, fields: Fields) -> str | None:
    """The phrase of `masked` that names the activity, sentence-cased; None when none does.

    `masked` is the message with dates, categories and quoted titles already
    replaced by tokens; `fields` are what was read from it (provider and place
    are dropped from the phrase).
    """
    # "Monday's grand rounds": the date is a token, and its "'s" must not become a word "S".
    text = re.sub(r"(«\w+»)\s*['’]s\b", r"\1", masked[: dp.DESCRIBE_SCAN_CHARS])
    text = dp.DESCRIBE_PARENTHETICAL.sub(" , ", text)
    for pattern in dp.DESCRIBE_DROP:
        text = pattern.sub(" ", text)
    text = _drop_city(text, fields.get("city"))
    phrase = _describe(_drop_provider(text, fields.get("provider")))
    if phrase is not None and len(phrase.split()) < 2:
        # "ASAPS meeting" without its provider is a bare "Meeting": keep the name in it
        with_provider = _describe(text)
        if with_provider and len(with_provider.split()) > len((phrase or "").split()):
            return with_provider
    return phrase


def _describe(text: str) -> str | None:
    fallback: str | None = None
    for clause in dp.DESCRIBE_CLAUSE_BREAK.split(text):
        if not clause or not clause.strip() or dp.DESCRIBE_CHATTER.search(clause):
            continue
        phrase = _clean(_head(clause, dp.DESCRIBE_CLAUSE_CHARS))
        if not phrase or _is_place(phrase):
            continue
        if dp.DESCRIBE_ACTIVITY.search(phrase):
            return _finish(phrase)
        if fallback is None and len(_WORD.findall(phrase)) >= 2:
            fallback = phrase
    return _finish(fallback) if fallback else None


def _head(text: str, limit: int) -> str:
    """At most `limit` characters of `text`, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(None, 1)[0]


def _drop_provider(text: str, provider: object) -> str:
    if not isinstance(provider, str) or not provider.strip():
        return text
    return re.sub(_PROVIDER_LABEL + re.escape(provider.strip()) + r"(?![\w])", " , ", text, flags=re.I)


def _drop_city(text: str, city: object) -> str:
    """The venue's city and the state or country written right after it."""
    if not isinstance(city, str) or not city.strip():
        return text
    out = text
    for m in reversed(list(re.finditer(r"(?:\b(?:in|at)\s+)?\b" + re.escape(city) + r"\b", text, re.I))):
        end = m.end()
        for k in (3, 2, 1):
            region = re.match(rf",?\s*([A-Za-z.]+(?:\s+[A-Za-z.]+){{{k - 1}}})(?![\w])", text[end:])
            if region and _is_place(region.group(1)):
                end += region.end()
                break
        out = out[: m.start()] + " , " + out[end:]
    return out


def _is_place(phrase: str) -> bool:
    name = phrase.strip(" .")
    if name.islower() and name in places.AMBIGUOUS_LOWER_CODES:
        return False
    return bool(places.region_code(name) or places.country_code(name))


def _clean(clause: str) -> str:
    phrase = " ".join(clause.split())
    previous = None
    while phrase != previous:
        previous = phrase
        phrase = dp.DESCRIBE_LEAD.sub("", phrase)
        phrase = dp.DESCRIBE_TAIL.sub("", phrase).strip(" .,'’\"-–—&+/")
    if "«" in phrase or not _WORD.search(phrase):
        return ""
    return phrase


def expand_shorthand(phrase: str) -> str:
    """Shorthand written out: "M&M conf" is "M&M conference", "Breast Recon" "Breast Reconstruction"."""

    def written_out(m: re.Match[str]) -> str:
        full = dp.DESCRIBE_SHORTHAND[m.group(1).lower()]
        return full[0].upper() + full[1:] if m.group(1)[0].isupper() else full

    return dp.DESCRIBE_SHORTHAND_RE.sub(written_out, phrase)


_expand = expand_shorthand


def _finish(phrase: str) -> str | None:
    phrase = _expand(phrase)
    limit = dp.DESCRIBE_MAX_CHARS
    if len(phrase) > limit:
        phrase = _head(phrase, limit)
        cuts = [m.start() for m in dp.DESCRIBE_CUT_BEFORE.finditer(phrase) if m.start() >= limit // 2]
        phrase = _clean(phrase[: cuts[-1]] if cuts else phrase)
        if not phrase:
            return None
    return phrase[0].upper() + phrase[1:]
