"""Every set a member holds, one line each, most urgent first: summary, "need", pace, "why?", DEA.

A member who holds ASPS alone is answered exactly as before (bot/presenting.py);
these lines are added only once a member holds more, or names a set. Each
line that rests on a figure from a secondary source says so, because a
tracker is trusted only as far as its requirement data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bot import set_messages as say
from bot.domain import RecordedActivity, format_credits
from bot.envelope import Action
from bot.ports import Member, RecordStore
from bot.profile_reading import DEA, set_named
from bot.requirement_sets.model import RuleVerdict, RuleWindow, SetVerdict
from bot.set_entries import counted_entries, rule_entries
from bot.standings import standings

# Topics whose hours the DEA question is about.
OPIOID_TOPICS = frozenset({"opioids", "substance_use"})


def period_text(verdict: SetVerdict) -> str:
    if verdict.window is None:
        return say.TRACKING_NO_PERIOD
    return say.TRACKING_PERIOD.format(
        start=verdict.window.start.isoformat(), end=verdict.window.end.isoformat()
    )


def _unverified(rules: Sequence[RuleVerdict]) -> str:
    return say.UNVERIFIED if any(r.applies and not r.rule.source.verified for r in rules) else ""


def _due(day: date | None) -> str:
    return say.SET_DUE.format(day=day.isoformat()) if day else ""


def set_line(verdict: SetVerdict) -> str:
    """One set's standing: met, or each rule still short with what it has."""
    name, period = verdict.set.short, period_text(verdict)
    if verdict.met:
        mine = sum(1 for r in verdict.rules if r.applies and r.overridden is not None)
        line = say.SET_MET.format(name=name, period=period, unverified=_unverified(verdict.rules))
        return line + (say.SET_OVERRIDDEN.format(count=mine) if mine else "")
    short = verdict.shortfalls
    needs = "; ".join(  # the mark goes with the rule whose figure is not the board's own
        say.SET_NEED_PART.format(
            label=r.rule.label, earned=format_credits(r.earned), required=format_credits(r.required)
        )
        + _unverified([r])
        for r in short
    )
    return say.SET_SHORT.format(name=name, period=period, needs=needs, due=_due(verdict.due), unverified="")


def summary_lines(verdicts: Sequence[SetVerdict]) -> list[str]:
    return [say.SETS_HEADER, *(set_line(v) for v in verdicts)]


def need_lines(verdicts: Sequence[SetVerdict]) -> list[str]:
    lines = [say.NEED_SETS_HEADER]
    for v in verdicts:
        for r in v.shortfalls:
            lines.append(
                say.NEED_SET_LINE.format(
                    name=v.set.short,
                    remaining=format_credits(r.remaining),
                    label=r.rule.label,
                    earned=format_credits(r.earned),
                    required=format_credits(r.required),
                    due=_due(r.due),
                    unverified=_unverified([r]),
                )
            )
    if len(lines) == 1:
        lines.append(say.NEED_SETS_NONE)
    return lines


def _pace_due(verdict: SetVerdict, rule: RuleVerdict, today: date) -> Decimal:
    """What an even pace through the rule's window would have earned by today."""
    window = verdict.window
    if window is None or rule.due is None or window.end != rule.due:
        return rule.required if rule.due is not None and today >= rule.due else Decimal(0)
    length = (window.end - window.start).days + 1
    elapsed = min(max((today - window.start).days + 1, 0), length)
    return (rule.required * elapsed / length).quantize(Decimal("0.25"), ROUND_HALF_UP)


def pace_lines(verdicts: Sequence[SetVerdict], today: date) -> list[str]:
    lines = [say.PACE_SETS_HEADER]
    for v in verdicts:
        behind = [(r, _pace_due(v, r, today)) for r in v.shortfalls]
        behind = [(r, due) for r, due in behind if r.earned < due]
        if not behind:
            lines.append(say.PACE_SET_ON_TRACK.format(name=v.set.short, unverified=_unverified(v.rules)))
            continue
        parts = ", ".join(
            say.PACE_SET_PART.format(
                label=r.rule.label, earned=format_credits(r.earned), due=format_credits(due)
            )
            for r, due in behind
        )
        lines.append(
            say.PACE_SET_BEHIND.format(
                name=v.set.short, parts=parts, unverified=_unverified([r for r, _ in behind])
            )
        )
    return lines


def why_lines(
    verdicts: Sequence[SetVerdict], entries: dict[str, list[RecordedActivity]] | None = None
) -> list[str]:
    """Which entries count where: each rule of each set named, with the entries it counted."""
    lines: list[str] = []
    for v in verdicts:
        own = (entries or {}).get(v.set.code, [])
        if lines:
            lines.append("")
        lines.append(say.WHY_HEADER.format(name=v.set.name, period=period_text(v)))
        for r in v.rules:
            lines.append(
                say.WHY_RULE.format(
                    mark="✓" if r.met else "✗",
                    label=r.rule.label,
                    earned=format_credits(r.earned),
                    required=format_credits(r.required),
                    due="" if r.met else _due(r.due),
                )
            )
            if not r.applies:
                lines.append(say.WHY_NOT_APPLY.format(why="; ".join(c.text for c in r.why)))
                continue
            if r.overridden is not None:
                lines.append(
                    say.WHY_OVERRIDDEN.format(day=r.overridden.on.isoformat(), note=r.overridden.note)
                )
            for counted in r.why:
                numbers = ", ".join(f"#{n}" for n in counted.entry_numbers)
                lines.append(
                    say.WHY_COUNTED.format(
                        text=counted.text, entries=say.WHY_ENTRIES.format(numbers=numbers) if numbers else ""
                    )
                )
            listed = any(c.entry_numbers for c in r.why)
            if not listed and entries is not None and r.rule.window is RuleWindow.PERIOD:
                found = rule_entries(own, v, r.rule)
                lines.append(
                    say.WHY_ENTRY_NUMBERS.format(numbers=", ".join(f"#{n}" for n in found))
                    if found
                    else say.WHY_NO_ENTRIES
                )
            if r.rule.note:
                lines.append(say.WHY_NOTE.format(note=r.rule.note))
            source = r.rule.source
            lines.append(
                say.WHY_SOURCE.format(
                    url=source.url,
                    day=source.checked.isoformat(),
                    unverified="" if source.verified else say.UNVERIFIED,
                )
            )
    return lines


def dea_lines(verdicts: Sequence[SetVerdict], dea_registered: bool) -> list[str]:
    """Opioid and substance-use rules of the sets held, the DEA's among them when registered."""
    rules = [
        (v, r)
        for v in verdicts
        for r in v.rules
        if OPIOID_TOPICS & set(r.rule.topics) and (r.applies or v.set.code == DEA)
    ]
    lines: list[str] = [] if dea_registered else [say.DEA_NOT_REGISTERED_ANSWER]
    if not rules:
        return [*lines, say.DEA_NO_RULES]
    lines.append(say.DEA_HEADER if any(not r.met for _, r in rules) else say.DEA_HEADER_MET)
    for v, r in rules:
        if not r.applies:
            state = say.DEA_NOT_APPLY.format(why="; ".join(c.text for c in r.why))
        elif r.met:
            state = say.DEA_MET
        else:
            state = say.DEA_TO_GO.format(remaining=format_credits(r.remaining))
        lines.append(
            say.DEA_RULE.format(
                name=v.set.short,
                label=r.rule.label,
                earned=format_credits(r.earned),
                required=format_credits(r.required),
                due="" if r.met else _due(r.due),
                state=state,
                unverified=_unverified([r]),
            )
        )
    return lines


async def beyond_asps(store: RecordStore, member: Member, today: date) -> tuple[SetVerdict, ...]:
    """Every set's verdict when the member holds more than ASPS; () keeps an ASPS-only reply as it was."""
    profile = await store.profile(member.id)
    if [h.code for h in profile.sets] == ["asps"]:
        return ()
    return await standings(store, member, today)


async def with_sets(store: RecordStore, member: Member, today: date, text: str, kind: str) -> str:
    """`text` (the ASPS answer) followed by the per-set lines of `kind`: summary, need or pace."""
    verdicts = await beyond_asps(store, member, today)
    if not verdicts:
        return text
    lines = {"need": need_lines, "summary": summary_lines}.get(kind)
    extra = lines(verdicts) if lines else pace_lines(verdicts, today)
    return "\n".join([text, "", *extra])


async def report_sets(
    store: RecordStore, member: Member, today: date, text: str
) -> tuple[tuple[SetVerdict, ...], SetVerdict | None, str | None]:
    """The sets a report shows, the one set asked for by name, or why there is no report for it."""
    named = set_named(text)
    if named is None or named.code == "asps":  # "my ASPS report" is the cycle report, as always
        return await beyond_asps(store, member, today), None, None
    verdicts = await standings(store, member, today)
    only = next((v for v in verdicts if v.set.code == named.code), None)
    if only is None:
        return (), None, say.REPORT_SET_NOT_HELD.format(name=named.short)
    return verdicts, only, None


def report_text(verdict: SetVerdict, set_entries: dict[str, list[RecordedActivity]]) -> str:
    """What a one-set report's message says: which set, which period, how many entries count, its line."""
    count = len(counted_entries(set_entries.get(verdict.set.code, []), verdict))
    entries = f"{count} {'entry counts' if count == 1 else 'entries count'}"
    head = say.REPORT_SET_READY.format(name=verdict.set.short, period=period_text(verdict), entries=entries)
    return f"{head}\n\n{set_line(verdict)}"


async def entries_by_set(
    store: RecordStore, member: Member, verdicts: Sequence[SetVerdict]
) -> dict[str, list[RecordedActivity]]:
    """Each set's entries in its own period, to name them by number."""
    out: dict[str, list[RecordedActivity]] = {}
    for v in verdicts:
        if v.window is not None:
            out[v.set.code] = await store.entries(member.id, v.window.start, v.window.end)
    return out


# The Home tab's buttons: their ids are what the door sends back (handlers/slack/listeners.py).
ADD_SET_ACTION = "sets_add"
DROP_SET_ACTION = "sets_drop"


async def home(store: RecordStore, member: Member, today: date) -> tuple[tuple[str, ...], tuple[Action, ...]]:
    """The Home tab's requirement sets: a line per set held (a hint for ASPS alone), and the buttons."""
    verdicts = await beyond_asps(store, member, today)
    lines = tuple(set_line(v) for v in verdicts) if verdicts else (say.HOME_ASPS_ONLY,)
    drops = tuple(
        Action(DROP_SET_ACTION, say.HOME_DROP.format(name=v.set.short), v.set.code)
        for v in verdicts
        if v.set.code != "asps"
    )
    return lines, (Action(ADD_SET_ACTION, say.HOME_ADD), *drops)
