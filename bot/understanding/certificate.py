"""Fields of a certificate or credit letter, read from its text.

The certificate's own statements decide: the ACCME accreditation statement
names the provider (in joint providership, the accredited one), a claimed or
awarded figure beats the designated maximum, MOC/nursing/pharmacy/CPD lines
are never AMA PRA credit, and release, expiry, issue and letter dates are not
the activity's date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from bot.understanding import certificate_rules as r
from bot.understanding import provider_phrases as pp
from bot.understanding import providers
from bot.understanding import wording as say
from bot.understanding.contract import Fields, Intent, Understanding
from bot.understanding.dates import DateHit, find_dates
from bot.understanding.entry_topics_reading import with_topics
from bot.understanding.location import candidates as location_candidates
from bot.understanding.location import find_location
from bot.understanding.numbers import to_decimal
from bot.understanding.reject import screen_certificate
from bot.understanding.text import normalise_certificate

# What the certificate itself states beats a reading of the member's covering note.
_CERTIFICATE_WINS = ("credits", "category", "provider", "start_date", "end_date", "title", "activity_type")
_SENTENCE_END = re.compile(r"[.:;!?]$")
_ABBREVIATIONS = frozenset({"inc.", "ltd.", "co.", "st.", "corp.", "l.l.c.", "llc."})
_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "in", "on", "at"})
_GENERIC = re.compile(
    r"^(?:the\s+)?(?:foundation|society|institute|council|college|academy|center|"
    r"centre|hospital|university|association|organization|organisation|provider|"
    r"department|school|group|program|activity)$",
    re.I,
)
# A line near the top that is no letterhead: a heading, a statement, an address or a link.
_NOT_LETTERHEAD = re.compile(
    r"certificate|statement|certif(?:y|ies)|designates|accredited|credits?\b|@|https?:", re.I
)
# "CME article", "live activity": what kind of activity, not its title.
_GENERIC_ACTIVITY = re.compile(
    r"^(?:(?:journal-based|online|live|enduring|internet|virtual|cme|the|this|an?)\s+)*"
    r"(?:article|activity|course|program|module|material|webinar|session|quiz|test|lecture)s?\.?$",
    re.I,
)
_DAY_KINDS = frozenset(
    {"iso", "num", "num_days", "num_range", "md_md", "md_d", "md_and_md", "dm_dm", "d_dm", "md", "dm"}
)
_EVENT_NOUN = re.compile(
    r"\b(?:course|symposium|meeting|forum|workshop|conference|summit|congress|"
    r"masterclass|bootcamp|lab|review|update)\b",
    re.I,
)
_TITLE_PREFIX = re.compile(
    r"^(?P<t>[A-Z][\w'’&:-]*(?:\s+(?:[A-Z][\w'’&:-]*|of|in|and|the|for|to|on|with|\d+))+?)"
    r"\s+(?:from|on|in|during|held)\s*$"
)


# More than this on one certificate is a misreading or a forgery, never a record as it stands.
MAX_CERTIFICATE_CREDITS = Decimal(100)


def read_certificate_text(text: str, today: date) -> Understanding:
    """A certificate's fields; refused as the message path refuses (phishing, code), else checked."""
    refusal = screen_certificate(normalise_certificate(text))
    if refusal:
        return Understanding(Intent.REJECT, problems=[refusal])
    fields, problems = extract(text, today)
    problems += certificate_problems(fields, today)
    if not fields:
        return Understanding(Intent.REJECT, problems=[say.NOT_A_CERTIFICATE])
    with_topics(fields, text)
    return Understanding(Intent.LOG, fields, problems=problems)


def certificate_problems(fields: Fields, today: date) -> list[str]:
    """What makes a certificate's reading doubtful: no credits, too many, a date ahead."""
    problems: list[str] = []
    credits = fields.get("credits")
    if "credits" not in fields:
        problems.append(say.CERTIFICATE_NO_CREDITS)
    elif isinstance(credits, Decimal) and credits > MAX_CERTIFICATE_CREDITS:
        problems.append(say.CERTIFICATE_TOO_MANY.format(credits=credits))
    end = fields.get("end_date")
    if isinstance(end, date) and end > today:
        problems.append(say.CERTIFICATE_FUTURE.format(date=end.isoformat()))
    return problems


def merge_certificate(text: str, fields: Fields, today: date) -> Fields:
    """A forwarded certificate inside a message: the member's own words win."""
    found, _ = extract(text, today, message=True)
    merged = dict(fields)
    for key in _CERTIFICATE_WINS:
        if found.get(key) is not None:
            merged[key] = found[key]
    for key, value in found.items():
        merged.setdefault(key, value)
    return merged


def extract(raw: str, today: date, *, message: bool = False) -> tuple[Fields, list[str]]:
    text = normalise_certificate(raw)
    fields: Fields = {}
    problems: list[str] = []
    claimed = _claimed(text)
    if r.MAXIMUM.search(text):
        category2 = False  # a Category 1 designation outweighs any mention of Category 2
    elif r.CATEGORY2.search(text):
        category2 = True
    else:
        category2 = claimed is None and bool(r.CATEGORY2_MENTION.search(text))
    if category2:
        fields["category"] = "2"
        fields["provider"] = None
        hours = _first(r.CATEGORY2_HOURS, text)
        if hours is not None:
            fields["credits"] = hours
    else:
        credits = claimed
        if credits is not None:
            fields["category"] = "1"
            fields["credits"] = credits
        provider = _provider(text)
        if provider:
            fields["provider"] = provider
    for name, pats in r.SUBJECT_CREDITS.items():
        value = _first(pats, text)
        if value is not None:
            fields[name] = value
    hits, ambiguous = _activity_dates(text, today)
    if ambiguous:
        problems.append(say.CERTIFICATE_DATE_TWO_WAYS.format(text=ambiguous))
    elif hits:
        fields["start_date"] = min(h.start for h in hits if h.start)
        fields["end_date"] = max(h.end for h in hits if h.end)
    title = _title(text, hits, str(fields.get("provider") or ""))
    if title:
        fields["title"] = title
    place = find_location(text)
    fields.update(place)
    for kind, pattern in r.DESIGNATED_TYPES:
        if pattern.search(text):
            fields["activity_type"] = kind
            break
    else:
        if place.get("city"):
            fields["activity_type"] = "live"
    if message:
        fields.pop("title", None) if not title else None
    return fields, problems


def _number(m: re.Match[str]) -> Decimal | None:
    return to_decimal(m.group("n"))


def _first(patterns: list[re.Pattern[str]], text: str) -> Decimal | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return _number(m)
    return None


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def _claimed(text: str) -> Decimal | None:
    for pattern in r.CLAIMED:
        for m in pattern.finditer(text):
            line = _line_of(text, m.start("n"))
            if r.NOT_AMA_LINE.search(line) and not re.search(r"AMA\s+PRA", line, re.I):
                continue
            before = text[max(0, m.start() - 16) : m.start()].lower()
            if "maximum of" in before or "up to" in before or "designated for" in before:
                continue
            if re.match(r"\s*(?:AMA\s+PRA\s+Category\s+1\s+Credits?\s+)?per\b", text[m.end() :], re.I):
                continue
            value = _number(m)
            if value is not None and value > 0:
                return value
    top = r.MAXIMUM.search(text)
    return _number(top) if top else None


def _name_before(text: str, pos: int) -> str | None:
    """The organisation's name written just before `pos`, also when a line break splits it."""
    line_start = text.rfind("\n", 0, pos) + 1
    tokens = text[line_start:pos].split()
    if tokens and re.fullmatch(r"\([A-Z&]{2,8}\)", tokens[-1]):
        tokens = tokens[:-1]  # "The American Society … (ASAPS) designates": the name before its abbreviation
    name = _capitalised_tail(tokens)
    partial = len(name) <= 1 or bool(_GENERIC.match(" ".join(reversed(name))))
    if partial and len(name) == len(tokens) and line_start > 0 and (not name or name[-1].lower() != "the"):
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        earlier = text[prev_start : line_start - 1].split()
        if earlier and not _SENTENCE_END.search(earlier[-1]) and not earlier[-1].endswith(","):
            name += _capitalised_tail(earlier)
    while name and name[-1].lower() in _CONNECTORS:
        name.pop()
    if not name:
        return None
    out = " ".join(reversed(name)).strip(" ,")
    out = re.sub(r"^(?:the|THE|The)\s+", "", out)
    return None if _GENERIC.match(out) or not out else out


def _capitalised_tail(tokens: list[str]) -> list[str]:
    """Trailing capitalised words and connectors, last first, up to a sentence end or "The"."""
    name: list[str] = []
    for tok in reversed(tokens):
        low = tok.lower()
        if _SENTENCE_END.search(tok) and low not in _ABBREVIATIONS:
            break
        if tok[:1].isupper() or low in _CONNECTORS or low in _ABBREVIATIONS or (tok[:1].isdigit() and name):
            name.append(tok)
            if low == "the":
                break
            continue
        break
    return name


def _provider(text: str) -> str | None:
    """The accredited provider, its abbreviation written out when the certificate (or the table) has it."""
    name = _provider_as_written(text)
    if not name:
        return None
    name = re.sub(r"\s*\([A-Z&]{2,8}\)\s*$", "", name).strip()
    if re.fullmatch(r"[A-Z&]{2,8}", name):
        spelled = re.search(
            r"((?:[A-Z][\w'’&-]*|of|for|and|the|in|on|&)(?:[ \t]+(?:[A-Z][\w'’&-]*|of|for|and|the|in|on|&))*)"
            r"[ \t]*\(" + re.escape(name) + r"\)",
            text,
        )
        if spelled:
            return re.sub(r"^(?:the|The|THE)\s+", "", spelled.group(1)).strip()
        return providers.full_name(name) or name
    return name


def _provider_as_written(text: str) -> str | None:
    text = "\n".join("" if r.NOT_PROVIDER_LINE.match(line) else line for line in text.split("\n"))
    label = r.PROVIDER_LABEL.search(text)
    if label:
        return label.group("p").strip(" .,")
    for m in r.ACCREDITED_BY.finditer(text):
        name = _name_before(text, m.start())
        if name and not re.match(r"(?i)this\s+activity", name):
            return name
    for m in r.DESIGNATES.finditer(text):
        name = _name_before(text, m.start())
        if name:
            return name
    approved = r.APPROVED_BY.search(text)
    if approved:
        name = re.sub(r"\s+(?:for|of|and|the|in)$", "", approved.group("p").strip(" ,."))
        if not _GENERIC.match(name):
            return name
    known = _known_provider_line(text)
    if known:
        return known
    for certifies in r.ORG_CERTIFIES.finditer(text):
        name = certifies.group("p").strip()
        if re.search(r"\b(?:" + pp.ORG_SUFFIXES + r")\b", name, re.I) and not name.lower().startswith("this"):
            return name
    for line in text.split("\n")[:3]:
        line = line.strip()
        if (
            line
            and re.search(r"\b(?:" + pp.ORG_SUFFIXES + r")\b", line, re.I)
            and not _NOT_LETTERHEAD.search(line)
            and not re.match(r"^>?\s*(?:from|to|sent|date|subject|cc|reply-to)\s*:", line, re.I)
            and not r.NOT_PROVIDER_LINE.match(line)
        ):
            return re.split(r"\s+[–—-]\s+", line)[0]
    return _signed_by(text)


def _known_provider_line(text: str) -> str | None:
    """A line that is a known provider's full name ("International Society of … (ISAPS)")."""
    names = providers.display_names()
    for line in text.split("\n"):
        bare = re.sub(r"\s*\([A-Z&]{2,8}\)\s*$", "", line.strip()).strip(" .,")
        low = re.sub(r"^the\s+", "", bare.lower())
        if len(low) > 8 and (low in names or f"the {low}" in names) and " " in low:
            return bare
    return None


def _signed_by(text: str) -> str | None:
    """A letter's signing organisation: the line with an organisation's name after "Sincerely"."""
    lines = [line.strip() for line in text.split("\n")]
    for i, line in enumerate(lines):
        if re.match(r"^(?:sincerely|regards|best\s+regards|kind\s+regards|with\s+thanks)\b", line, re.I):
            for cand in lines[i + 1 : i + 5]:
                if (
                    cand
                    and re.search(r"\b(?:" + pp.ORG_SUFFIXES + r")\b", cand, re.I)
                    and not r.NOT_PROVIDER_LINE.match(cand)
                    and not re.search(r"\b(?:director|chair|manager|coordinator|md|phd)\b", cand, re.I)
                ):
                    return cand.strip(" ,.")
    return None


def _activity_dates(text: str, today: date) -> tuple[list[DateHit], str | None]:
    flat = text.replace("\n", " ")
    lines = text.split("\n")
    keep: list[DateHit] = []
    ahead: list[DateHit] = []
    for hit in find_dates(flat, today, day_first=_day_first(text)):
        if hit.kind not in _DAY_KINDS:
            continue
        s = hit.span[0]
        line_start = text.rfind("\n", 0, s) + 1
        context = text[line_start:s]
        if r.NOT_ACTIVITY_DATE.search(context):
            continue
        if _is_letter_or_header_date(text, lines, s, context):
            continue
        if hit.ambiguous:
            return [], hit.text
        if hit.start and hit.start > today:
            # A date ahead is an expiry unless it is labelled as the activity's; then (or when
            # it is the only date) it is kept, and flagged as in the future.
            if r.ACTIVITY_DATE_LABEL.search(context):
                return [hit], None
            ahead.append(hit)
            continue
        keep.append(hit)
    return (keep or ahead[:1]), None


def _day_first(text: str) -> bool:
    """Numeric dates on a certificate from outside North America are day first ("03.07.2023, Vienna")."""
    if re.search(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:19|20)\d\d(?![\d.])", text):
        return True
    countries = {str(region.get("country")) for region, _city in location_candidates(text)}
    return bool(countries) and not countries & {"US", "CA", "PR"}


def _is_letter_or_header_date(text: str, lines: list[str], pos: int, context: str) -> bool:
    idx = text.count("\n", 0, pos)
    line = lines[idx].strip()
    if re.match(r"^>?\s*(?:sent|date)\s*:", line, re.I) and any(
        re.match(r"^>?\s*(?:from|to|subject|sent)\s*:", ln.strip(), re.I)
        for ln in lines[max(0, idx - 3) : idx + 4]
        if ln.strip() != line
    ):
        return True
    standalone = (
        not re.search(r"[A-Za-z]", context.replace("Date:", "").replace("DATE:", "")) and len(line) <= 40
    )
    following = "\n".join(lines[idx + 1 : idx + 5])
    return standalone and bool(r.LETTER_OPENING.search(following))


def _clean_title(t: str) -> str:
    t = r.TITLE_TAIL.sub("", t)
    t = r.TITLE_LEAD_VERB.sub("", t)
    t = t.strip().strip("\"“”'").strip().rstrip(",.;")
    return re.sub(r"\s+", " ", t)


def _without_learner(text: str) -> str:
    """The text with the learner's name blanked (same length), so it is never a title."""
    out = text
    for m in r.LEARNER_LEAD.finditer(text):
        rest_end = text.find("\n", m.end())
        rest_end = len(text) if rest_end < 0 else rest_end
        start, end = m.end(), rest_end
        if not text[start:end].strip():  # the name is on the next non-empty line
            nxt = start
            while nxt < len(text) and text[nxt] in " \t\n":
                nxt += 1
            start = nxt
            end = text.find("\n", nxt)
            end = len(text) if end < 0 else end
        if start < end:
            out = out[:start] + " " * (end - start) + out[end:]
    return out


def _title(text: str, hits: list[DateHit], provider: str) -> str | None:
    text = _without_learner(text)
    m = r.TITLE_LABELS.search(text)
    if m:
        return _clean_title(m.group("t"))
    m = r.TITLE_TITLED.search(text)
    if m:
        return _clean_title(m.group("t"))
    q = re.search(r"[\"“]([^\"“”]{8,220}?)[\"”]", text)
    if q:
        return _clean_title(q.group(1).replace("\n", " "))
    m = r.TITLE_IN_SENTENCE.search(text)
    if m:
        return _clean_title(m.group("t"))
    lines = [ln.strip() for ln in text.split("\n")]
    for line in lines:
        lead = r.TITLE_LEAD_VERB.match(line)
        rest = line[lead.end() :].strip() if lead else ""
        if (
            lead
            and len(rest.split()) >= 2
            and rest[:1].isupper()
            and not _GENERIC_ACTIVITY.match(rest)
            and not _skip(rest, provider)
        ):
            return _clean_title(re.split(r",\s+(?:held|on|in)\b|\s+on\s+(?=[A-Z][a-z]+\.? \d)", rest)[0])
    for i, line in enumerate(lines):
        if line and r.TITLE_AFTER.search(line) and not r.ACCREDITED_BY.search(line):
            got = _title_from(lines, i + 1, provider)
            if got:
                return got
    if hits:
        idx = text.count("\n", 0, hits[0].span[0])
        line = text.split("\n")[idx]
        col = hits[0].span[0] - (text.rfind("\n", 0, hits[0].span[0]) + 1)
        pm = _TITLE_PREFIX.match(line[:col].strip() + " ")
        if pm and len(pm.group("t").split()) >= 3:
            return _clean_title(pm.group("t"))
        for j in range(idx - 1, max(-1, idx - 6), -1):
            cand = lines[j]
            if not cand or _skip(cand, provider):
                continue
            if j > 0 and lines[j - 1].endswith(":") and not _skip(lines[j - 1], provider):
                cand = lines[j - 1] + " " + cand
            return _clean_title(cand)
    for line in lines[:5]:
        if line and _EVENT_NOUN.search(line) and not _skip(line, provider):
            return _clean_title(line)
    return None


def _skip(line: str, provider: str) -> bool:
    if r.TITLE_SKIP_LINE.search(line):
        return True
    if provider and line.lower().strip(" .") == provider.lower():
        return True
    if find_location(line) and len(line.split(",")) <= 3 and not _EVENT_NOUN.search(line):
        return True
    return len(line) < 6 or not re.search(r"[A-Za-z]{3}", line)


def _title_from(lines: list[str], start: int, provider: str) -> str | None:
    for j in range(start, min(len(lines), start + 4)):
        cand = lines[j]
        if not cand:
            continue
        if _skip(cand, provider) or (
            re.search(r"\d{1,2}[/–-]\d{1,2}|\b(?:19|20)\d\d\b", cand)
            and not re.search(r"[A-Za-z]{4}.*\b(?:19|20)\d\d$", cand)
        ):
            return None
        if (cand.endswith(":") and j + 1 < len(lines) and lines[j + 1]) or (
            j + 1 < len(lines)
            and lines[j + 1]
            and len(lines[j + 1].split()) <= 2
            and lines[j + 1][:1].isupper()
            and not re.search(r"\d", lines[j + 1])
            and not _skip(lines[j + 1], provider)
        ):
            cand = cand + " " + lines[j + 1]
        return _clean_title(cand)
    return None
