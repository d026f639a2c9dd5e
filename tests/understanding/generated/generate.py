"""A seeded generator of labelled messages and certificates, composed class by class.

Each class composes the ways one kind of fact is written (number forms × units ×
categories, subject credits, providers, titles, date forms; certificate layouts
with learners, titles, providers, totals, dates, places and bad inputs). Every
item carries its class, its text and what a careful reader must get from it.
The same seed always gives the same corpus.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tests.understanding.generated import vocab as v

NOW = "2025-04-07T12:00:00-04:00"  # a Monday, America/New_York


@dataclass
class Item:
    id: str
    cls: str
    kind: str
    text: str
    # intent (and other intents as good), fields that must match, entries that must match
    intent: str = "log"
    accept: tuple[str, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)
    need_problems: bool = False
    # field -> value it must never have (a future date moved back a year, the learner as title)
    never: dict[str, Any] = field(default_factory=dict)
    pdf: bool = False


def _num(rng: random.Random) -> tuple[str, Decimal]:
    return rng.choice(v.NUMBER_FORMS)


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _amount(rng: random.Random) -> tuple[str, Decimal, bool]:
    """An amount with its unit as written; True when the unit names Category 1 itself."""
    if rng.random() < 0.15:
        text, value = rng.choice(v.MINUTE_FORMS)
        return text, value, False
    text, value = _num(rng)
    unit = rng.choice(v.UNIT_FORMS)
    sep = "" if unit in ("h",) and text[-1].isdigit() and rng.random() < 0.5 else " "
    if unit == "h" and not text[-1].isdigit():
        unit = "hours"
    return f"{text}{sep}{unit}", value, "Category 1" in unit


# --- message classes -------------------------------------------------------------------


def credit_forms(rng: random.Random, i: int) -> Item:
    amount, value, names_cat = _amount(rng)
    cat = "" if names_cat or rng.random() < 0.3 else rng.choice(v.CATEGORY1_FORMS)
    what, _ = rng.choice(v.CHAT_ACTIVITIES)
    when, start, end = rng.choice(v.PAST_DATE_FORMS[:7])
    lead = rng.choice(["log", "pls log", "add", "", "record"])
    shapes = [
        f"{lead} {amount} {cat} {what} {when}",
        f"{lead} {what} {when}, {amount} {cat}",
        f"{amount} {cat} for {what} {when}",
        f"got {amount} {cat} for {what} {when}",
        f"{what} {when} - {amount} {cat}",
        f"claimed {amount} {cat}, {what}, {when}",
    ]
    if rng.random() < 0.15:
        bare, value = rng.choice(v.BARE_AMOUNTS)
        shapes = [f"{bare} for {what} {when}", f"{lead} {bare} {cat} {what} {when}"]
        names_cat = False
    text = " ".join(rng.choice(shapes).split())
    fields: dict[str, Any] = {"credits": value, "start_date": start, "end_date": end}
    if (cat and cat in text) or names_cat:
        fields["category"] = "1"
    return Item(f"m{i}", "msg_credit_forms", "message", text, fields=fields)


def total_and_parts(rng: random.Random, i: int) -> Item:
    total = rng.choice(
        [D for D in (Decimal("9.75"), Decimal("6"), Decimal("12.5"), Decimal("4"), Decimal("7.25"))]
    )
    ps = rng.choice([Decimal("1"), Decimal("2"), Decimal("1.5"), Decimal("0.5")])
    other = rng.choice([Decimal("1"), Decimal("0.5"), Decimal("2")])
    ps_word = rng.choice(v.PS_FORMS)
    part = rng.choice(v.OTHER_PART_FORMS)
    unit = rng.choice(["cr", "credits", "hrs"])
    lead = rng.choice(["incl", "including", "of which", "with", "incl."])
    when, _start, _end = rng.choice(v.PAST_DATE_FORMS[7:14])
    meeting = rng.choice(["ASAPS meeting", "breast symposium", "annual meeting", "hand course"])
    a, b = (f"{_fmt(ps)} hrs {ps_word}", f"{_fmt(other)} hr {part}")
    if rng.random() < 0.5:
        a, b = b, a
    text = f"{_fmt(total)} {unit} (AMA cat 1) {lead} {a} and {b}, {meeting} {when}"
    fields = {"credits": total, "patient_safety_credits": ps, "category": "1"}
    return Item(f"m{i}", "msg_total_and_parts", "message", text, fields=fields)


def subject_credits(rng: random.Random, i: int) -> Item:
    total_text, total = rng.choice(
        [("3", Decimal(3)), ("2", Decimal(2)), ("1.5", Decimal("1.5")), ("4", Decimal(4))]
    )
    what, _ = rng.choice(v.CHAT_ACTIVITIES)
    when, _start, _end = rng.choice(v.PAST_DATE_FORMS[:7])
    if rng.random() < 0.12:  # the whole amount is subject content, and no other amount is given
        ps = rng.choice([Decimal("1.5"), Decimal("0.5"), Decimal("2")])
        where = rng.choice(
            ["online thru Medscape", "webinar", "module on the ASPS Education Network", "course"]
        )
        text = f"did {_fmt(ps)} hrs of {rng.choice(v.PS_FORMS)} {where} {when}"
        return Item(
            f"m{i}",
            "msg_subject_credits",
            "message",
            text,
            fields={"credits": ps, "patient_safety_credits": ps},
        )
    if rng.random() < 0.35:
        whole = rng.choice(v.PS_WHOLE_FORMS)
        text = f"log {total_text} cat 1 {what} {when}, {whole}"
        ps = total
    else:
        ps = rng.choice([Decimal("0.5"), Decimal("1"), Decimal("1.5")])
        word = rng.choice(v.PS_FORMS)
        shape = rng.choice(
            [
                "{n} {w}",
                "{w} {n}",
                "{n} hrs {w}",
                "{n} of it {w}",
                "{w}: {n}",
                "{n} hrs counted as {w}",
                "{n} of them {w}",
                "{n} hr was {w}",
            ]
        )
        part = shape.format(n=_fmt(ps), w=word)
        text = f"log {total_text} cat 1 {what} {when}, {part}"
    return Item(
        f"m{i}",
        "msg_subject_credits",
        "message",
        text,
        fields={"credits": total, "patient_safety_credits": ps},
    )


def providers(rng: random.Random, i: int) -> Item:
    written, name = rng.choice(v.PROVIDER_FORMS)
    amount, value = rng.choice([("1 cr", Decimal(1)), ("2 credits", Decimal(2)), ("0.5 hrs", Decimal("0.5"))])
    lead = rng.choice(v.PROVIDER_LEADS).format(p=written)
    what = rng.choice(["module", "webinar", "course", "podcast episode", "case series"])
    when, _start, _end = rng.choice(v.PAST_DATE_FORMS[:7])
    shapes = [f"log {amount} cat 1 {what} {lead} {when}", f"{amount} cat 1, {what} {lead}, {when}"]
    return Item(
        f"m{i}", "msg_providers", "message", rng.choice(shapes), fields={"provider": name, "credits": value}
    )


def titles(rng: random.Random, i: int) -> Item:
    title = rng.choice(v.NAMED_TITLES)
    written = title
    if rng.random() < 0.2:
        written, title = rng.choice(v.SHORTHAND_TITLES)
    amount, value = rng.choice([("2 cr", Decimal(2)), ("3 credits", Decimal(3)), ("1.5 hrs", Decimal("1.5"))])
    when, _start, _end = rng.choice(v.PAST_DATE_FORMS[7:14])
    venue = rng.choice(v.VENUES)
    lead = rng.choice(["Logged for the", "log", "Attended", "Finished", "pls add"])
    quote = rng.random() < 0.4
    t = f'"{title}"' if quote and written == title else written  # a quoted title is kept as written
    shapes = [
        f"{lead} {t} {venue} {when}, {amount} cat 1",
        f"{lead} {t} {when} {venue} - {amount} cat 1",
        f"{amount} cat 1 {t} {venue} {when}",
    ]
    text = rng.choice(shapes)
    if rng.random() < 0.2:  # labelled fields on one line
        prov, _name = rng.choice(v.PROVIDER_FORMS)
        lead = rng.choice(["Please add:", "log", "New entry -"])
        text = (
            f"{lead} Title: {title}; Provider: {prov.removeprefix('the ')}; "
            f"Date: 3/2/25; Credits: {_fmt(value)} (0.5 PS)"
        )
    return Item(f"m{i}", "msg_titles", "message", text, fields={"title": title, "credits": value})


def described_titles(rng: random.Random, i: int) -> Item:
    what, title = rng.choice(v.SHORTHAND_ACTIVITIES)
    amount = rng.choice(["2 cat 1", "1 cr cat 1", "1.5 hrs cat 1", "1 cr"])
    when, _s, _e = rng.choice(v.PAST_DATE_FORMS[:7])
    venue = rng.choice([*v.VENUES, "", ""])
    lead = rng.choice(["log", "Logged for", "pls add", "", "Logged"])
    shapes = [
        f"{lead} {amount} {what} {venue} {when}",
        f"{lead} {amount} for {what} {venue} {when}",
        f"{lead} {what} {when} {venue}, {amount}",
    ]
    text = " ".join(rng.choice(shapes).split())
    return Item(f"m{i}", "msg_described_titles", "message", text, fields={"title": title})


def places(rng: random.Random, i: int) -> Item:
    written, city, state, country = rng.choice(v.MESSAGE_PLACES)
    amount = rng.choice(["14 cr cat 1", "12 cat 1", "16 credits", "8.5 hrs cat 1"])
    meeting = rng.choice(["ISAPS congress", "breast symposium", "rhinoplasty course", "hand meeting"])
    when, _s, _e = rng.choice(v.PAST_DATE_FORMS[7:18])
    text = rng.choice(
        [
            f"log {amount} {meeting} {written} {when}",
            f"{amount} {meeting}, {written}, {when}",
            f"{meeting} {written} {when} - {amount}",
        ]
    )
    fields: dict[str, Any] = {"city": city, "country": country}
    if state:
        fields["state"] = state
    return Item(f"m{i}", "msg_places", "message", text, fields=fields)


def dates(rng: random.Random, i: int) -> Item:
    when, start, end = rng.choice(v.PAST_DATE_FORMS)
    what, _ = rng.choice(v.CHAT_ACTIVITIES)
    amount = rng.choice(["2 cat 1", "1.5 cr cat 1", "3 hrs cat 1"])
    text = rng.choice([f"log {amount} {what} {when}", f"{what} {when}, {amount}"])
    return Item(f"m{i}", "msg_dates", "message", text, fields={"start_date": start, "end_date": end})


def future_dates(rng: random.Random, i: int) -> Item:
    when, day = rng.choice(v.FUTURE_DATE_FORMS)
    what, _ = rng.choice(v.CHAT_ACTIVITIES)
    text = rng.choice([f"log 8 cat 1 for the {what} {when}", f"{what} {when}, 6 cr cat 1"])
    last_year = str(int(day[:4]) - 1) + day[4:]
    return Item(
        f"m{i}",
        "msg_future_dates",
        "message",
        text,
        accept=("reject",),
        need_problems=True,
        never={"end_date": last_year},
    )


def ambiguous_dates(rng: random.Random, i: int) -> Item:
    when = rng.choice(v.AMBIGUOUS_DATE_FORMS)
    what, _ = rng.choice(v.CHAT_ACTIVITIES)
    text = rng.choice([f"log 2 cat 1 {what} {when}", f"{what} on {when}, 1.5 cr cat 1"])
    return Item(
        f"m{i}", "msg_ambiguous_dates", "message", text, need_problems=True, never={"start_date": "*"}
    )


def sessions(rng: random.Random, i: int) -> Item:
    pair, d1, d2 = rng.choice(v.SESSION_PAIRS)
    what, _ = rng.choice(v.CHAT_ACTIVITIES[:10])
    lead = rng.choice(v.SESSION_WORDS)
    each = rng.choice(
        [("1 cr each", Decimal(1)), ("1.5 credits each", Decimal("1.5")), ("2 hrs each", Decimal(2))]
    )
    what = what.removeprefix("the ")
    text = rng.choice([f"{lead} {what}, {pair}, {each[0]}", f"log {lead} {what} {pair} - {each[0]} cat 1"])
    if rng.random() < 0.25:  # a count, then each one's amount
        unit = rng.choice(["hr", "credit", "hour"])
        text = f"two {_fmt(each[1])} {unit} {what} ({pair})"
    entries = [
        {"start_date": d1, "end_date": d1, "credits": each[1]},
        {"start_date": d2, "end_date": d2, "credits": each[1]},
    ]
    return Item(f"m{i}", "msg_sessions", "message", text, entries=entries)


def several(rng: random.Random, i: int) -> Item:
    picks = rng.sample(v.CHAT_ACTIVITIES, 3)
    amounts = rng.sample([Decimal("1"), Decimal("0.5"), Decimal("2"), Decimal("1.5"), Decimal("3")], 3)
    if rng.random() < 0.5:
        text = (
            f"fri: {_fmt(amounts[0])}h {picks[0][0]}, {_fmt(amounts[1])}h {picks[1][0]}\n"
            f"today: {_fmt(amounts[2])}h {picks[2][0]}"
        )
    else:
        text = "\n".join(
            f"- {_fmt(a)} cr cat 1 {p[0]} {d}"
            for a, p, d in zip(amounts, picks, ("3/3", "3/10", "3/17"), strict=True)
        )
    entries = [{"credits": a} for a in amounts]
    if rng.random() < 0.2:  # a header saying what the listed activities share
        titles = rng.sample(v.NAMED_TITLES, 3)
        each = rng.choice([Decimal(1), Decimal("1.5"), Decimal("0.75")])
        prov, _name = rng.choice(v.PROVIDER_FORMS)
        header = rng.choice(
            [f"log these, all cat 1 from {prov}, {_fmt(each)} credit each:", f"{_fmt(each)} cr each, cat 1:"]
        )
        days = [("3/4", "2025-03-04"), ("3/11", "2025-03-11"), ("3/18", "2025-03-18")]
        bullet = rng.choice(["-", "*", "•"])
        text = header + "".join(f'\n{bullet} "{t}" {d}' for t, (d, _iso) in zip(titles, days, strict=True))
        entries = [
            {"title": t, "start_date": iso, "credits": each}
            for t, (_d, iso) in zip(titles, days, strict=True)
        ]
        return Item(f"m{i}", "msg_several", "message", text, entries=entries)
    if rng.random() < 0.35:  # a narrative naming two meetings, each with its own amount and day
        link = rng.choice(v.NARRATIVE_LINKS)
        a, b = picks[0][0].removeprefix("the "), picks[1][0].removeprefix("the ")
        text = (
            f"Went to the {a} on Mar 3 ({_fmt(amounts[0])} cr){link}"
            f"the {b} on Mar 10 ({_fmt(amounts[1])} cr cat 1)"
        )
        entries = [
            {"credits": amounts[0], "start_date": "2025-03-03"},
            {"credits": amounts[1], "start_date": "2025-03-10"},
        ]
    return Item(f"m{i}", "msg_several", "message", text, entries=entries)


# --- certificate classes ---------------------------------------------------------------

_ACCREDITATION = (
    "{p} is accredited by the Accreditation Council for Continuing Medical Education (ACCME) "
    "to provide continuing medical education for physicians.\n"
    "{p} designates this {kind} for a maximum of {max} AMA PRA Category 1 Credits\u2122. "
    "Physicians should claim only the credit commensurate with the extent of their participation "
    "in the activity.\n"
)


def _cert(
    rng: random.Random,
    *,
    title: str,
    learner: str,
    provider: tuple[str, str | None],
    claimed: Decimal,
    when: str,
    place: str = "",
    extra: str = "",
    layout: str | None = None,
) -> str:
    full, abbr = provider
    head = rng.choice(v.LETTERHEADS)
    org_line = f"The {full} ({abbr})" if abbr else full
    if abbr:  # a certificate that abbreviates its provider spells it out somewhere
        head = rng.choice([f"{head}\n{org_line}", f"{head}\n{full.upper()} ({abbr})"])
    lead = rng.choice(v.LEARNER_LEADS).format(l=learner, org=org_line)
    lay = (layout or rng.choice(v.TITLE_LAYOUTS)).format(
        t=title, id=f"{rng.randint(10, 24)}-OL-{rng.randint(1000, 9999)}"
    )
    who = rng.choice([f"The {abbr}", f"The {full} ({abbr})"]) if abbr and rng.random() < 0.6 else full
    maximum = claimed + rng.choice([Decimal(0), Decimal("0.5"), Decimal(2)])
    kind = "live activity" if "live" in lay or place else "enduring material"
    body = (
        f"{head}\nCERTIFICATE OF CREDIT\n\n{lead}\n{lay}{when}\n{place}\n\n"
        + _ACCREDITATION.format(p=who, kind=kind, max=_fmt(maximum))
        + f"\nCredits claimed: {_fmt(claimed)}\n{extra}"
    )
    return body


def cert_learner_title(rng: random.Random, i: int) -> Item:
    title, learner = rng.choice(v.CERT_TITLES), rng.choice(v.LEARNERS)
    claimed = rng.choice([Decimal("2.75"), Decimal(3), Decimal("6.25"), Decimal(1)])
    text = _cert(
        rng,
        title=title,
        learner=learner,
        provider=rng.choice(v.CERT_PROVIDERS),
        claimed=claimed,
        when="Date completed: March 12, 2025",
    )
    return Item(
        f"c{i}",
        "cert_learner_and_title",
        "certificate",
        text,
        fields={"title": title, "credits": claimed},
        never={"title": learner},
    )


def cert_provider(rng: random.Random, i: int) -> Item:
    prov = rng.choice(v.CERT_PROVIDERS)
    if rng.random() < 0.25:  # no accreditation statement: the organisation that certifies
        full, abbr = prov
        org = f"The {full} ({abbr})" if abbr else f"The {full}"
        text = (
            f"{rng.choice(v.LETTERHEADS)}\n{org} certifies that\n{rng.choice(v.LEARNERS)}\n"
            f"participated in {rng.choice(v.CERT_TITLES)}\nDate: 2/20/2025\n"
            "AMA PRA Category 1 Credits claimed: 4\n"
        )
        return Item(
            f"c{i}", "cert_provider", "certificate", text, fields={"provider": full, "credits": Decimal(4)}
        )
    text = _cert(
        rng,
        title=rng.choice(v.CERT_TITLES),
        learner=rng.choice(v.LEARNERS),
        provider=prov,
        claimed=Decimal(4),
        when="Date: February 20, 2025",
    )
    return Item(
        f"c{i}", "cert_provider", "certificate", text, fields={"provider": prov[0], "credits": Decimal(4)}
    )


def cert_credits(rng: random.Random, i: int) -> Item:
    items = rng.sample([Decimal("6.0"), Decimal("8.25"), Decimal("17.0"), Decimal("3.5"), Decimal("2.75")], 3)
    total = sum(items, Decimal(0))
    lines = "\n".join(f"Session {k + 1} .......... {x}" for k, x in enumerate(items))
    style = rng.choice(
        [
            "Total AMA PRA Category 1 Credits claimed .......... {t}",
            "Total credits claimed: {t}",
            "TOTAL CLAIMED ........ {t}",
        ]
    )
    full, _ = rng.choice(v.CERT_PROVIDERS)
    text = (
        f"{full}\nTranscript of credit\nParticipant: {rng.choice(v.LEARNERS)}\n"
        f"Activity: {rng.choice(v.CERT_TITLES)}\nDates: March 3-5, 2025\n"
        f"{full} designates this live activity for a maximum of {_fmt(total + 4)} "
        "AMA PRA Category 1 Credits.\n"
        f"{lines}\n{style.format(t=_fmt(total))}\n"
    )
    return Item(
        f"c{i}", "cert_total_beats_items", "certificate", text, fields={"credits": total, "category": "1"}
    )


def cert_designation_vs_claimed(rng: random.Random, i: int) -> Item:
    claimed = rng.choice([Decimal("2.75"), Decimal("7.5"), Decimal("12.25"), Decimal("3")])
    most = claimed + rng.choice([Decimal("0.5"), Decimal(4), Decimal("10")])
    full, _ = rng.choice(v.CERT_PROVIDERS)
    designation = rng.choice(
        [
            f"{full} designates this live activity for up to {_fmt(most)} AMA PRA Category 1 Credits.",
            f"{full} designates this enduring material for a maximum of {_fmt(most)} "
            "AMA PRA Category 1 Credits™.",
            f"This activity has been approved for a maximum of {_fmt(most)} "
            f"AMA PRA Category 1 Credits by {full}.",
        ]
    )
    claim = rng.choice(
        [
            f"You claimed {claimed} credits.",
            f"Credits awarded: {claimed}",
            f"Credits claimed ..... {claimed}",
            f"Dr. {rng.choice(v.LEARNERS)} has been awarded {claimed} AMA PRA Category 1 Credits.",
        ]
    )
    text = (
        f"{full}\nCertificate\nParticipant: {rng.choice(v.LEARNERS)}\nActivity: {rng.choice(v.CERT_TITLES)}\n"
        f"Date: January 22, 2025\n{full} is accredited by the ACCME to provide continuing medical education "
        f"for physicians.\n{designation}\n{claim}\n"
    )
    return Item(f"c{i}", "cert_designation_vs_claimed", "certificate", text, fields={"credits": claimed})


def cert_forwarded(rng: random.Random, i: int) -> Item:
    title = rng.choice(v.CERT_TITLES)
    full, _ = rng.choice(v.CERT_PROVIDERS)
    claimed = rng.choice([Decimal("2.75"), Decimal("1.5"), Decimal(6)])
    if rng.random() < 0.5:  # the e-mail body itself, read as the certificate
        opening = rng.choice(
            [
                f"Congratulations on completing {title} on March 14, 2025.",
                f"Thank you for attending the {title} held March 14, 2025 in Dallas, Texas.",
                f"Thank you for participating in {title}, held on March 14, 2025.",
            ]
        )
        accredited = rng.random() < 0.5
        statement = (
            f"{full} is accredited by the ACCME to provide continuing medical education for physicians. "
            f"{full} designates this activity for a maximum of {_fmt(claimed + 1)} "
            "AMA PRA Category 1 Credits.\n"
            if accredited
            else ""
        )
        text = (
            "From: CME Office <cme@example.org>\nSent: Tuesday, March 18, 2025 9:14 AM\n"
            f"To: Dr. {rng.choice(v.LEARNERS)}\nSubject: Your CME certificate\n\n"
            f"Dear Dr. {rng.choice(['Chen', 'Okafor', 'Reyes'])},\n\n{opening}\n{statement}"
            f"Our records show you have claimed {_fmt(claimed)} AMA PRA Category 1 Credits.\n\n"
            f"Sincerely,\n{full}\n"
        )
        return Item(
            f"c{i}",
            "cert_forwarded_in_a_message",
            "certificate",
            text,
            fields={"title": title, "credits": claimed, "start_date": "2025-03-14", "provider": full},
        )
    text = (
        f"---------- Forwarded message ---------\nFrom: CME Office <cme@example.org>\n"
        "Date: Mon, Mar 17, 2025 at 9:14 AM\nSubject: Your certificate\n"
        f"To: Dr. {rng.choice(v.LEARNERS)}\n\n"
        f"Thank you for attending \u201c{title}\u201d on March 14, 2025.\n"
        f"{full} designates this live activity for a maximum of {_fmt(claimed + 2)} "
        "AMA PRA Category 1 Credits(TM). "
        f"You have claimed {_fmt(claimed)} credits.\n\n"
        + rng.choice(["pls log", "log this one", "for my record, thanks"])
    )
    return Item(
        f"c{i}",
        "cert_forwarded_in_a_message",
        "message",
        text,
        fields={"title": title, "credits": claimed, "start_date": "2025-03-14"},
    )


def cert_dates(rng: random.Random, i: int) -> Item:
    if rng.random() < 0.5:
        when = rng.choice(v.ENDURING_DATE_BLOCKS)
        start = end = "2025-03-18"
        place, fields_place = "", {}
    else:
        printed, city, state, country = rng.choice(v.INTERNATIONAL_PLACES)
        day, month = rng.choice([(3, 7), (12, 2), (5, 11), (21, 3)])
        when = (
            f"{day:02d}.{month:02d}.2024, {printed}"
            if rng.random() < 0.5
            else f"Date: {day:02d}/{month:02d}/2024"
        )
        place = "" if "," in when and printed in when else printed
        start = end = f"2024-{month:02d}-{day:02d}"
        fields_place = {"city": city, "country": country} | ({"state": state} if state else {})
    text = _cert(
        rng,
        title=rng.choice(v.CERT_TITLES),
        learner=rng.choice(v.LEARNERS),
        provider=rng.choice(v.CERT_PROVIDERS),
        claimed=Decimal(3),
        when=when,
        place=place,
    )
    return Item(
        f"c{i}",
        "cert_dates_and_places",
        "certificate",
        text,
        fields={"start_date": start, "end_date": end} | fields_place,
    )


def cert_patient_safety(rng: random.Random, i: int) -> Item:
    ps = rng.choice([Decimal("3.25"), Decimal("6.0"), Decimal("1.5"), Decimal(2)])
    line = rng.choice(v.PS_CERT_LINES).format(n=_fmt(ps) if rng.random() < 0.5 else str(ps))
    text = _cert(
        rng,
        title=rng.choice(v.CERT_TITLES),
        learner=rng.choice(v.LEARNERS),
        provider=rng.choice(v.CERT_PROVIDERS),
        claimed=Decimal(8),
        when="Date: January 14, 2025",
        extra=line,
    )
    return Item(
        f"c{i}",
        "cert_patient_safety",
        "certificate",
        text,
        fields={"credits": Decimal(8), "patient_safety_credits": ps},
    )


def cert_bad(rng: random.Random, i: int) -> Item:
    kind = rng.choice(["phishing", "phishing", "thousands", "future"])
    title = rng.choice(v.CERT_TITLES)
    if kind == "phishing":
        full, _ = rng.choice(v.CERT_PROVIDERS)
        body = rng.choice(v.PHISHING_BODIES).format(t=title, c="4.0", id=rng.randint(1000, 9999))
        return Item(
            f"c{i}", "cert_bad_input", "certificate", f"{full}\nCME Office\n\n{body}\n", intent="reject"
        )
    if kind == "thousands":
        text = _cert(
            rng,
            title=title,
            learner=rng.choice(v.LEARNERS),
            provider=rng.choice(v.CERT_PROVIDERS),
            claimed=Decimal(rng.choice([2500, 1200, 4000])),
            when="Date: March 3, 2025",
        )
    else:
        text = _cert(
            rng,
            title=title,
            learner=rng.choice(v.LEARNERS),
            provider=rng.choice(v.CERT_PROVIDERS),
            claimed=Decimal(6),
            when=f"Date of completion: March 3, {rng.choice([2027, 2031, 2029])}",
        )
    return Item(f"c{i}", "cert_bad_input", "certificate", text, accept=("reject",), need_problems=True)


MESSAGE_CLASSES: list[Callable[[random.Random, int], Item]] = [
    credit_forms,
    total_and_parts,
    subject_credits,
    providers,
    titles,
    described_titles,
    places,
    dates,
    future_dates,
    ambiguous_dates,
    sessions,
    several,
]
CERTIFICATE_CLASSES: list[Callable[[random.Random, int], Item]] = [
    cert_learner_title,
    cert_provider,
    cert_credits,
    cert_designation_vs_claimed,
    cert_dates,
    cert_patient_safety,
    cert_bad,
    cert_forwarded,
]


def generate(seed: int = 12, n: int = 3200, pdf_every: int = 0) -> Iterator[Item]:
    """`n` items, every class in turn; each `pdf_every`-th certificate is read from a rendered PDF."""
    rng = random.Random(seed)
    classes = MESSAGE_CLASSES + CERTIFICATE_CLASSES
    certs = 0
    for i in range(n):
        make = classes[i % len(classes)]
        item = make(rng, i)
        if item.kind == "certificate":
            certs += 1
            item.pdf = bool(pdf_every) and certs % pdf_every == 0
        yield item
