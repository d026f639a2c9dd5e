"""Changing and showing the sets a member answers to, from what they said (`profile_reading`).

One reply confirms every change and lists the sets held with their periods,
so a wrong licence or date is seen at once. A request that cannot be pinned
(two licences, one date) changes nothing and asks: a renewal date set on the
wrong licence would move every deadline the bot gives from then on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot import set_answers
from bot import set_messages as say
from bot.domain import title_words
from bot.ports import Member, RecordStore
from bot.profile_reading import DEA, ProfileRequest, SaidDate
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import HeldSet, Override, PeriodKind, Profile, Rule, SetVerdict
from bot.standings import standings
from bot.understanding import profile_phrases as pp


def _name(code: str) -> str:
    found = requirement_sets().get(code)
    return found.short if found else code


def _names(codes: tuple[str, ...] | list[str]) -> str:
    names = [_name(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _known() -> str:
    return say.KNOWN_SETS.format(names=", ".join(s.short for s in requirement_sets().values()))


def _example(codes: tuple[str, ...], said: SaidDate | None) -> str:
    first = said.day.isoformat() if said else "YYYY-MM-DD"
    return ", ".join(
        f"{_name(c)} renews {first if i == 0 else 'YYYY-MM-DD'}" for i, c in enumerate(codes[:2])
    )


def command_request(
    *, add: list[str], remove: list[str], renews: date | None, dea: bool | None
) -> ProfileRequest:
    """What `cmebot member profiles` asks, as the same request a chat message makes."""
    dates = {add[0]: SaidDate(renews, month_only=False, at=0)} if renews and len(add) == 1 else {}
    action = "change" if add or remove or dea is not None else "show"
    return ProfileRequest(action, add=tuple(add), drop=tuple(remove), dates=dates, dea=dea, named=tuple(add))


def question(request: ProfileRequest, profile: Profile) -> str | None:
    """What must be asked before anything changes; None when the request is clear."""
    if request.unclear_date:
        return say.DATE_TWO_WAYS.format(date=request.unclear_date)
    if request.loose_date is not None and request.dea is None and not request.add:
        dated = [h.code for h in profile.sets if _datable(h.code) and h.code != DEA]
        if len(dated) != 1:
            return say.WHICH_LICENCE_DATE.format(day=request.loose_date.day.isoformat())
    nothing = not (
        request.add or request.drop or request.dea is not None or request.loose_date or request.dates
    )
    if nothing and not request.unknown:
        return f"{say.WHICH_STATE} {_known()}"
    return None


def _datable(code: str) -> bool:
    found = requirement_sets().get(code)
    return found is not None and found.period is not PeriodKind.CALENDAR


def apply(request: ProfileRequest, profile: Profile) -> tuple[Profile, list[str]]:
    """The profile after a clear request, and the lines saying what changed."""
    lines: list[str] = []
    held = list(profile.sets)
    dates = dict(request.dates)
    if request.loose_date is not None and not request.add:
        dated = [h.code for h in held if _datable(h.code) and h.code != DEA]
        if len(dated) == 1:
            dates[dated[0]] = request.loose_date
    added = [c for c in request.add if profile.holds(c) is None]
    held.extend(HeldSet(c) for c in added)
    if added:
        lines.append(say.ADDED.format(names=_names(added)))
    dea = profile.dea_registered
    if request.dea is True or (
        DEA in added and request.dea is None
    ):  # holding the DEA's set is being registered
        dea = True
        if DEA in requirement_sets() and not any(h.code == DEA for h in held):
            held.append(HeldSet(DEA))
        lines.append(say.DEA_NOW_REGISTERED)
    elif request.dea is False:
        dea = False
        held = [h for h in held if h.code != DEA]
        lines.append(say.DEA_NOW_NOT)
    dropped = [c for c in request.drop if any(h.code == c for h in held)]
    if DEA in dropped:  # dropping the DEA's set is saying the registration is gone
        dea = False
    missing = [c for c in request.drop if c not in dropped]
    held = [h for h in held if h.code not in dropped]
    if dropped:
        lines.append(say.DROPPED.format(names=_names(dropped)))
    if missing:
        lines.append(say.NOT_HELD.format(names=_names(missing)))
    for code, said in dates.items():
        lines.extend(_date_lines(code, said))
        if _datable(code):
            held = [replace(h, renews_on=said.day) if h.code == code else h for h in held]
    if request.ambiguous:  # the sets are clear, the dates are not: ask, and set none
        lines.append(
            say.WHICH_DATE.format(
                name=_name(request.ambiguous[0]), example=_example(request.ambiguous, request.loose_date)
            )
        )
    if request.unknown:
        them = "it" if len(request.unknown) == 1 else "them"
        lines.append(say.NO_SET_FOR.format(names=" or ".join(request.unknown), them=them))
        if not (added or dropped or dates or request.dea is not None):
            lines.append(_known())
    return replace(profile, sets=tuple(held), dea_registered=dea), lines


def _date_lines(code: str, said: SaidDate) -> list[str]:
    if not _datable(code):
        return [say.CALENDAR_PERIOD.format(name=_name(code))]
    lines = [say.RENEWAL_SET.format(name=_name(code), day=said.day.isoformat())]
    if said.month_only:
        lines.append(say.MONTH_ONLY.format(month=said.day.strftime("%B %Y"), day=said.day.isoformat()))
    return lines


async def tracking(store: RecordStore, member: Member, today: date, profile: Profile) -> str:
    """Every set held with its current period, and the DEA answer: what a member checks a change by."""
    if not profile.sets:
        return say.TRACKING_NOTHING
    lines = [say.TRACKING_HEADER]
    for verdict in await standings(store, member, today):
        renews = verdict.held.renews_on
        lines.append(
            say.TRACKING_LINE.format(
                name=verdict.set.name,
                period=set_answers.period_text(verdict),
                renews=say.TRACKING_RENEWS.format(day=renews.isoformat()) if renews else "",
            )
        )
        lines.extend(f"  {note}" for note in verdict.notes)
    lines.append(say.DEA_IS_REGISTERED if profile.dea_registered else say.DEA_NOT_REGISTERED)
    lines.append(say.CHANGE_HINT)
    return "\n".join(lines)


async def change(store: RecordStore, member: Member, request: ProfileRequest, today: date) -> str:
    profile = await store.profile(member.id)
    asked = question(request, profile)
    if asked is not None:
        return asked
    updated, lines = apply(request, profile)
    if updated != profile:
        await store.save_profile(member.id, updated)
        return "\n".join([*lines, "", await tracking(store, member, today, updated)])
    return "\n".join(lines) if lines else await tracking(store, member, today, profile)


def _rule_options(rules: list[tuple[str, Rule]]) -> str:
    return "; ".join(f"{_name(code)} “{rule.label}”" for code, rule in rules)


def _best_rules(words: str, rules: list[tuple[str, Rule]]) -> list[tuple[str, Rule]]:
    """The rules the member's words name best (several when they tie, none when none match)."""
    wanted = title_words(words)
    scored = []
    for code, rule in rules:
        have = title_words(f"{rule.label} {rule.id.split('.')[-1].replace('_', ' ')} {' '.join(rule.topics)}")
        hits = len(wanted & have) + sum(1 for w in wanted for h in have if len(w) > 3 and h.startswith(w[:5]))
        if hits:
            scored.append((hits, code, rule))
    best = max((n for n, _, _ in scored), default=0)
    return [(c, r) for n, c, r in scored if n == best]


async def unoverride(store: RecordStore, member: Member, request: ProfileRequest, today: date) -> str:
    """The member takes their word back: the rule counts only what the record shows again."""
    profile = await store.profile(member.id)
    sets = requirement_sets()
    mine = [
        (rule_set.code, rule)
        for o in profile.overrides
        for rule_set in sets.values()
        for rule in rule_set.rules
        if rule.id == o.rule_id
    ]
    if not mine:
        return say.NO_OVERRIDES
    named = [(c, r) for c, r in mine if not request.named or c in request.named]
    picked = _best_rules(request.rule_words, named) if request.rule_words else named
    if len(picked) != 1:
        return say.UNOVERRIDE_WHICH.format(options=_rule_options(named or mine))
    code, rule = picked[0]
    kept = tuple(o for o in profile.overrides if o.rule_id != rule.id)
    await store.save_profile(member.id, replace(profile, overrides=kept))
    return say.OVERRIDE_REMOVED.format(name=_name(code), rule=rule.label)


async def override(store: RecordStore, member: Member, request: ProfileRequest, today: date) -> str:
    """The member's board accepted something the record does not show: that rule counts as met."""
    profile = await store.profile(member.id)
    sets = requirement_sets()
    codes = [c for c in request.named if profile.holds(c)] or [h.code for h in profile.sets]
    rules = [(c, r) for c in codes if c in sets for r in sets[c].rules]
    top = _best_rules(request.rule_words, rules)
    if not top:
        return say.OVERRIDE_NONE.format(options=_rule_options(rules))
    if len(top) > 1:
        return say.OVERRIDE_WHICH.format(options=_rule_options(top))
    code, rule = top[0]
    kept = tuple(o for o in profile.overrides if o.rule_id != rule.id)
    await store.save_profile(
        member.id, replace(profile, overrides=(*kept, Override(rule.id, request.text.strip(), today)))
    )
    return say.OVERRIDE_SET.format(name=_name(code), rule=rule.label, day=today.isoformat())


def _not_held(codes: tuple[str, ...]) -> str:
    return say.REPORT_SET_NOT_HELD.format(name=_names(codes))


async def _asked_about(
    store: RecordStore, member: Member, today: date
) -> tuple[Profile, tuple[SetVerdict, ...]]:
    profile = await store.profile(member.id)
    return profile, await standings(store, member, today)


async def respond(store: RecordStore, member: Member, request: ProfileRequest, today: date) -> str | None:
    """The answer to a request about the member's sets; None leaves the message to the ASPS answers."""
    if request.action == "show":
        return await tracking(store, member, today, await store.profile(member.id))
    if request.action == "change":
        return await change(store, member, request, today)
    if request.action == "override":
        return await override(store, member, request, today)
    if request.action == "unoverride":
        return await unoverride(store, member, request, today)
    profile, verdicts = await _asked_about(store, member, today)
    if request.action == "dea":
        return "\n".join(
            set_answers.dea_lines(verdicts, profile.dea_registered or profile.holds(DEA) is not None)
        )
    named = tuple(c for c in request.named if c != DEA or request.action != "why" or profile.holds(DEA))
    if [h.code for h in profile.sets] == ["asps"] and set(named) <= {"asps"}:
        return None  # an ASPS-only member's "why?" or "where do I stand?" is answered as it always was
    if named:
        picked = tuple(v for v in verdicts if v.set.code in named)
        if not picked:
            return _not_held(named)
    else:
        picked = tuple(v for v in verdicts if not v.met)
        if request.action == "why" and not picked:
            return say.WHY_ALL_MET
    if request.action == "why":
        entries = await set_answers.entries_by_set(store, member, picked)
        return "\n".join(set_answers.why_lines(picked, entries))
    if pp.PACE.search(request.text):
        return "\n".join(set_answers.pace_lines(picked, today))
    if pp.NEED.search(request.text):
        return "\n".join(set_answers.need_lines(picked))
    return "\n".join(set_answers.set_line(v) for v in picked)
