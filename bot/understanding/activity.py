"""The fields of one logged activity, read from a chat message or e-mail body.

Order matters: quoted titles and dates are found and masked first so their
digits are never read as credits; category mentions become tokens so the
"1" of "cat 1" is never a credit amount; then amounts, provider, type,
title and place are read from what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise

from bot.understanding import activity_phrases as ap
from bot.understanding import places
from bot.understanding import provider_phrases as pp
from bot.understanding import request_phrases as rq
from bot.understanding import wording as say
from bot.understanding.contract import Fields
from bot.understanding.dates import DateHit, find_dates
from bot.understanding.describe import describe_activity, expand_shorthand
from bot.understanding.location import NOT_CITIES, find_location
from bot.understanding.numbers import to_decimal, words_to_digits

# Past this no activity could award it (a typo or abuse): refused. Between the rules' 100-credit
# plausibility line and this, the member is asked (a question bank can carry 104).
MAX_CREDITS = Decimal(500)
_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{3,200}?)[\"“”]|(?<![\w])'([^'\n]{6,200}?)'(?![\w])")
_TITLE_LABEL = re.compile(
    r"(?:(?:^|[;|:,\-–—])\s*(?:activity|course|program|session)|\btitle)\s*:\s*([^;|\n]+?)\s*(?:[;|]|$|"
    # "Title: X Provider: Y Date: Z" typed on one line: the next label ends the title.
    r"(?=\s+" + pp.NEXT_LABEL + "))",
    re.I | re.M,
)
_HEADER = re.compile(r"^\s*>?\s*(from|to|sent|date|subject|cc|bcc|reply-to)\s*:", re.I)
_FORWARD_MARK = re.compile(
    r"^\s*(?:-+\s*(?:forwarded|original) message\s*-+|begin forwarded message:?|on .{5,160}\bwrote:)\s*$",
    re.I,
)
_SIGNATURE = re.compile(r"^\s*(?:--\s*$|sent from my \w+)", re.I)
_TOKEN_MASK = "«X»"
_CAPWORD = r"[A-Z][\w'’&]*(?:-[\w'’&]+)*"
_TITLE_RUN = re.compile(
    _CAPWORD
    + r"(?:(?:\s+(?:of|in|and|the|for|to|on|with|a|an|&|vs\.?|after|from|at))*\s+(?:"
    + _CAPWORD
    + r"|\d{4}|\d+)|\s+-\s+[A-Z]{2,}\b(?!\s+[A-Z][a-z])"
    + r"|:\s+"
    + _CAPWORD
    + r")+"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:Please|Pls|Log|Logged|Logging|Add|Added|Record|Recorded|Can|Could|Hey|Hi|Hello|Thanks|I|The|Cme|CME|"
    r"My|Our|Attended|Did|Finally|Finished|Completed|Went|For|To|At|for|the|to|at)\s+)+"
)
_ORG_RUN = re.compile(
    r"\b[A-Z][\w'’&-]*(?:\.(?=[ \t]+[A-Z]))?(?:[ \t]+(?:(?:of|for|and|&|the|in)[ \t]+)*[A-Z][\w'’&-]*)*"
)
_SUFFIX_WORD = re.compile(r"\b(?:" + pp.ORG_SUFFIXES + r")\b\.?", re.I)
_OF_WHAT = re.compile(
    r"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w'’&-]*(?:[ \t]+(?:and[ \t]+|&[ \t]+)?[A-Z][\w'’&-]*)*$"
)
_ORG_SUFFIX_END = re.compile(r"\b(?:" + pp.ORG_SUFFIXES + r")\.?$", re.I)
_REFUSE_OTHER = re.compile(
    r"\b(?:for|on behalf of)\s+(?:dr\.?\s+[a-z]+|my (?:colleague|partner|wife|husband|spouse|resident|fellow|"
    r"friend|associate|boss)|him|her|them)\b(?!\s*(?:'s|’s))",
    re.I,
)


@dataclass(slots=True)
class Reading:
    fields: Fields = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    refusal: str | None = None
    # Separate days of one activity's sessions ("Jan 9 & Jan 23"): one entry each.
    sessions: list[date] = field(default_factory=list)


def clean_email(text: str) -> str:
    """Drop forwarded-mail headers, quote marks and signatures, keep the content."""
    lines = text.split("\n")
    keys = [(h.group(1).lower() if (h := _HEADER.match(line)) else None) for line in lines]
    keep: list[str] = []
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line):
            break
        if _FORWARD_MARK.match(line):
            continue
        key = keys[i]
        near = keys[max(0, i - 3) : i + 4]
        in_header_block = any(k and k not in ("date", "title") for k in near)
        if key and key != "title" and in_header_block:
            continue
        keep.append(re.sub(r"^\s*>\s?", "", line))
    return "\n".join(keep)


def _mask(text: str, spans: list[tuple[int, int]], token: str) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + f" {token} " + text[e:]
    return text


def read_activity(
    text: str, today: date, *, day_first_zone: bool = False, guess_title: bool = False
) -> Reading:
    """Fields of one activity; `refusal` is set when it must never be recorded.

    `guess_title`: when the text sets no title off (quotes, "Title:", a Title-Case
    name), describe the activity in a short phrase instead ("Tumor board"). Only
    for a member's own chat or e-mail log, never for certificates or edits.
    """
    out = Reading()
    cleaned = clean_email(text)
    body = words_to_digits(cleaned)
    fields = out.fields

    # The title is taken as the member wrote it: number words stay words ("Two Flaps Are Better
    # Than One"), even though amounts are read from the digit-rewritten body.
    titles = [m.group(1) or m.group(2) for m in _QUOTED.finditer(cleaned)]
    label = _TITLE_LABEL.search(body)
    written = _TITLE_LABEL.search(cleaned)
    if label:
        same = written is not None and words_to_digits(written.group(1)).strip() == label.group(1).strip()
        fields["title"] = (written if same and written else label).group(1).strip(" \"“”'")
    elif titles:
        fields["title"] = titles[0].strip().rstrip(",.;")
    body = _QUOTED.sub(f" {_TOKEN_MASK} ", body)
    if label:
        body = body.replace(label.group(1), " ", 1)

    hits = [h for h in find_dates(body, today, day_first_zone=day_first_zone)]
    _dates(hits, today, out)
    undated = body
    body = _mask(body, [h.span for h in hits if h.is_day or h.ambiguous], "«D»")

    masked = _category_tokens(body)
    if ap.CAT1_TOKEN in masked or ap.CAT2_TOKEN in masked:
        first = masked.find(ap.CAT1_TOKEN) if ap.CAT1_TOKEN in masked else len(masked)
        second = masked.find(ap.CAT2_TOKEN) if ap.CAT2_TOKEN in masked else len(masked)
        fields["category"] = "1" if first < second else "2"
    elif re.search(r"\bama pra\b", masked, re.I):
        fields["category"] = "1"

    _credits(masked, out)
    _subjects(masked, out)
    kind = _activity_type(text)
    if kind == "internet_poc" and fields.get("category") == "2":
        kind = None  # looking things up uncertified is Category 2 reading, not Internet PoC CME
    if kind:
        fields["activity_type"] = kind
    if fields.get("category") == "2":
        fields["provider"] = None
    else:
        provider = find_provider(masked)
        if provider:
            fields["provider"] = provider
    fields.update(find_location(masked, allow_bare_city=not ap.VIRTUAL.search(masked)))
    if "title" not in fields:
        title = _unquoted_title(masked, fields)
        if title:
            fields["title"] = title
    if (
        guess_title
        and "title" not in fields
        and (fields.get("credits") is not None or rq.LOG_VERB.search(text))
    ):
        # Only a message that logs something (an amount, or "log …"): a bare reply to a
        # draft's question ("it was yesterday's tumor board") is merged into the draft by
        # the conversation and must not replace the draft's title with a guess.
        # Every date, vague ones too ("in Feb"), is a token here: none belongs in a title.
        guess = describe_activity(_category_tokens(_mask(undated, [h.span for h in hits], "«D»")), fields)
        if guess:
            fields["title"] = guess
    if _REFUSE_OTHER.search(text):
        out.refusal = say.SOMEONE_ELSE
    _check(out)
    return out


def _category_tokens(text: str) -> str:
    """Category mentions as tokens, so the "1" of "cat 1" is never read as an amount."""
    return ap.CATEGORY.sub(
        lambda m: (
            ap.CAT1_TOKEN
            if (m.group("c") or m.group("c2") or "").lower() in ("1", "i", "one")
            else ap.CAT2_TOKEN
        ),
        text,
    )


def _dates(hits: list[DateHit], today: date, out: Reading) -> None:
    ambiguous = [h for h in hits if h.ambiguous]
    days = [h for h in hits if h.is_day and not h.ambiguous and h.start and h.end]
    explicit = [h for h in days if h.kind not in ("relative", "weekday", "nth", "days_ago")]
    use = explicit or days
    if ambiguous:
        for h in ambiguous:
            out.problems.append(say.DATE_TWO_WAYS.format(text=h.text.strip()))
        return
    if not use:
        return
    start = min(h.start for h in use if h.start)
    end = max(h.end for h in use if h.end)
    out.sessions = _sessions(use)
    if end > today:
        if start.year > today.year or (end - today).days > 1:
            out.refusal = say.DATE_FUTURE.format(date=end.isoformat())
        else:
            out.problems.append(say.DATE_AFTER_TODAY.format(date=end.isoformat()))
    out.fields["start_date"] = start
    out.fields["end_date"] = end


def _sessions(hits: list[DateHit]) -> list[date]:
    """Two or more separate days ("Jan 9 & Jan 23", "3/2 and 3/16"); none for a run of days."""
    days: list[date] = []
    for h in hits:
        if h.kind == "md_and_md" and h.start and h.end and (h.end - h.start).days > 1:
            days += [h.start, h.end]
        elif h.start and h.start == h.end:
            days.append(h.start)
        else:
            return []
    days = sorted(set(days))
    if len(days) < 2 or any((b - a).days <= 1 for a, b in pairwise(days)):
        return []
    return days


def _credits(masked: str, out: Reading) -> None:
    """The activity's total: next to its category, else the first amount that is no part of it.

    Amounts of subject content ("2 hrs PS", "1 hr ethics") and amounts listed after
    "incl"/"of which" are parts of a total, never the total itself.
    """
    m = None
    for pattern in ap.CREDIT_PATTERNS:
        m = next((c for c in pattern.finditer(masked) if not _is_part(masked, c)), None)
        if m:
            break
    else:
        m = next((c for c in ap.HOURS.finditer(masked) if not _is_part(masked, c)), None)
    if not m:
        m = next((c for c in ap.BARE_AMOUNT.finditer(masked) if not _is_part(masked, c)), None)
    if not m:
        # "1.5 hrs of PS online" with no other amount: the activity is that much subject content
        parts = [c for c in ap.SUBJECT_AS_TOTAL.finditer(masked)]
        m = parts[0] if len(parts) == 1 else None
    if not m:
        return
    value = to_decimal(m.group("n"))
    if value is None:
        return
    before = masked[max(0, m.start("n") - 2) : m.start("n")]
    if re.fullmatch(r"(?:^|\s)?[-−]", before) or (
        len(before) == 2 and before[1] in "-−" and not before[0].strip()
    ):
        out.refusal = say.CREDITS_NEGATIVE
        return
    if value > MAX_CREDITS:
        out.refusal = say.CREDITS_TOO_MANY.format(value=value)
        return
    if value == 0:
        out.problems.append(say.CREDITS_ZERO)
    out.fields["credits"] = value


def _is_part(masked: str, m: re.Match[str]) -> bool:
    """An amount of subject content, or one listed after "incl"/"of which"."""
    after = masked[m.end() : m.end() + 40]
    if "«CAT" not in m.group(0) and re.match(
        r"\s*(?:(?:" + ap.UNIT + r")\s*)?(?:of\s+(?:which|them|those|it)\s+)?"
        r"(?:(?:was|were|is|are|counted|counts?)\s+)?(?:as\s+)?(?:of\s+)?(?:in\s+)?(?:which\s+)?"
        + ap.PART_WORDS,
        after,
        re.I,
    ):
        return True
    lead = masked[max(0, m.start("n") - 24) : m.start("n")]
    return bool(ap.PART_LEAD.search(lead)) and bool(re.search(r"\d", masked[: m.start("n")]))


def _subjects(masked: str, out: Reading) -> None:
    credits = out.fields.get("credits")
    for name, words in ap.SUBJECTS.items():
        after = re.search(ap.NUM + ap.SUBJECT_AFTER + words + r"(?![\w-])", masked, re.I)
        before = re.search(r"(?<![\w-])" + words + ap.SUBJECT_BEFORE + ap.NUM + r"(?![\d/])", masked, re.I)
        m = after or before
        if m:
            value = to_decimal(m.group("n"))
            if value is not None:
                out.fields[name] = value
        elif isinstance(credits, Decimal) and re.search(ap.ALL_SUBJECT.format(s=words), masked, re.I):
            out.fields[name] = credits


def _activity_type(text: str) -> str | None:
    for kind, pattern in ap.ACTIVITY_TYPES:
        if pattern.search(text):
            return kind
    return None


def find_provider(masked: str) -> str | None:
    """The accredited provider, written as a known society's name when it is one."""
    found = _find_provider(masked)
    if found:
        for society in pp.SOCIETY.finditer(masked):
            if found.lower() in society.group(0).lower():
                return pp.SOCIETIES.get(society.group(0).lower(), society.group(0))
    return found


def _find_provider(masked: str) -> str | None:
    """Labelled, then an organisation's name, then a known society."""
    for m in pp.PROVIDER_LABELS.finditer(masked):
        name = m.group("p").strip(" .,-–—")
        label = m.group(0)[: m.start("p") - m.start()].lower()
        strong = "provider" in label or "provided" in label
        if _plausible_org(name, strong=strong):
            return _trim_org(name)
    for m in re.finditer(r"([A-Z][^,;()\n.]*?)\s+is the accredited provider", masked):
        return _trim_org(m.group(1))
    for m in pp.AFTER_AMOUNT.finditer(masked):
        name = _trim_org(m.group("p"))
        words = name.split()
        if (
            _plausible_org(name, strong=True)
            and not ap.TITLE_NOUNS.search(name)
            and not any(w.lower().strip(".'’s") in NOT_CITIES for w in words)
        ):
            return name
    for m in _ORG_RUN.finditer(masked):
        run = _LEADING_NOISE.sub("", m.group(0))
        ends = [s.end() for s in _SUFFIX_WORD.finditer(run)]
        if not ends:
            continue
        base = _trim_org(run[: ends[-1]])
        # "Academy of Reconstructive Surgery": a suffix word followed by what it is of or for is
        # the whole name ("Society for Plastic Surgery"), not just up to the suffix.
        name = _trim_org(run) if _OF_WHAT.match(run[ends[-1] :]) else base
        if len(name.split()) >= 2 and _plausible_org(base, strong=False):
            return name
    society = pp.SOCIETY.search(masked)
    if society:
        return pp.SOCIETIES.get(society.group(0).lower(), society.group(0))
    for segment in re.split(r"[,;/\n]|\s[-–—]\s", masked):
        seg = segment.strip(" .")
        if seg.islower() and 2 <= len(seg.split()) <= 6 and _ORG_SUFFIX_END.search(seg):
            return seg
    return None


def _trim_org(name: str) -> str:
    name = re.sub(r"^(?:the|The|THE)\s+", "", name.strip(" .,;:-–—"))
    name = re.sub(r"\s+(?:«\w+»|is|was|and|in)$", "", name)
    return name.strip()


def _plausible_org(name: str, *, strong: bool) -> bool:
    name = _trim_org(name)
    if not name or "«" in name or pp.NOT_PROVIDERS.match(name) or len(name) > 90:
        return False
    if strong:
        return True
    return bool(_ORG_SUFFIX_END.search(name) or pp.SOCIETY.fullmatch(name))


def _unquoted_title(masked: str, fields: Fields) -> str | None:
    """A Title-Case phrase that is no provider, place, society or date."""
    provider = str(fields.get("provider") or "").lower()
    city = str(fields.get("city") or "")
    for segment in re.split(r"[,;/\n()]|\s[–—]\s|«\w+»|\.\s", masked):
        for m in _TITLE_RUN.finditer(segment):
            run = _LEADING_NOISE.sub("", m.group(0)).strip(" -:")
            run = re.sub(r"\s+\d{1,2}$", "", run)  # "Pri-Med Update 2 days": the 2 is the duration's
            words = run.split()
            if len(words) < 2 or (len(words) < 3 and not ap.TITLE_NOUNS.search(run)):
                continue
            if sum(1 for w in words if len(w) >= 3 and w[0].isupper()) < 2:
                continue  # "PS and 1": an amount's words, not a name
            low = run.lower()
            if provider and provider in low and low != provider:
                at = low.index(provider)
                rest = (run[:at] if at > 0 else run[len(provider) :]).strip(" -:–—")
                rest = re.sub(r"\s+(?:at|by|from|of|with|in)$", "", rest)
                if len(rest.split()) >= 2:  # "Pri-Med Update" keeps its provider: "Update" alone says nothing
                    run = rest
                    low = run.lower()
                elif places.city_named(rest) or find_location(rest + ","):
                    continue  # "Methodist Hospital Houston": the provider and its city, no title
            if provider and low in provider:
                continue
            run = re.sub(r"^(?:the|a|an|our|my)\s+", "", run)
            if city:
                run = re.sub(r"\s+(?:in|at)\s+" + re.escape(city) + r"$", "", run)
            if len(run.split()) < 2:
                continue
            if _ORG_SUFFIX_END.search(run) or pp.SOCIETY.fullmatch(run) or find_location(run + ","):
                continue
            if re.search(r"\b(?:AMA|PRA|Dr|MD)\b", run):
                continue
            return expand_shorthand(_with_subject(run, masked, provider))
    return None


# A run that names only the kind of activity: the title goes on after its dash ("Grand Rounds –
# Microsurgical Breast Reconstruction") when what follows is no provider or place.
_KIND_ONLY = re.compile(
    r"^(?:[A-Z][\w&'’-]*\s+)?(?:grand rounds|journal club|tumou?r board|webinar|lecture|podcast|"
    r"m&m(?: conference)?|morbidity and mortality(?: conference)?|visiting professor(?: lecture)?)$",
    re.I,
)
_SUBJECT_AFTER = re.compile(r"^\s*[–—:-]\s*(?P<next>[A-Z][^,;()\n«]*?)\s*(?=[,;()\n«]|\.(?:\s|$)|$)")


def _with_subject(run: str, masked: str, provider: str) -> str:
    if not _KIND_ONLY.match(run):
        return run
    at = masked.find(run)
    m = _SUBJECT_AFTER.match(masked[at + len(run) :]) if at >= 0 else None
    if m is None:
        return run
    subject = m.group("next").strip()
    words = subject.split()
    if (
        len(words) < 2
        or (provider and provider in subject.lower())
        or _ORG_SUFFIX_END.search(subject)
        or pp.SOCIETY.search(subject)
        or find_location(subject + ",")
        or re.search(r"\b(?:AMA|PRA|Dr|MD|cat|category|credits?)\b", subject, re.I)
    ):
        return run
    return f"{run} – {subject}"


def _check(out: Reading) -> None:
    fields = out.fields
    credits = fields.get("credits")
    if credits is None and out.refusal is None:
        out.problems.append(say.CREDITS_MISSING)
    for name, label in (
        ("patient_safety_credits", "patient safety"),
        ("plastic_surgery_credits", "plastic surgery"),
    ):
        part = fields.get(name)
        if isinstance(part, Decimal) and isinstance(credits, Decimal) and part > credits:
            out.problems.append(say.PART_OVER_TOTAL.format(label=label, part=part, credits=credits))
