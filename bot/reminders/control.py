"""The member's words about reminders -> a change to their settings, and the sentence that confirms it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.ports import Member, RecordStore
from bot.reminders import wording as say
from bot.reminders.planning import minus
from bot.reminders.prefs import DAY_NAMES, QuietHours, ReminderPrefs
from bot.understanding import reminder_phrases as words


@dataclass(frozen=True, slots=True)
class Change:
    """What the member asked: new settings (None: only to see them) or a refusal to explain."""

    prefs: ReminderPrefs | None
    answer: str


def _minute(raw: str, after: bool) -> int | None:
    raw = raw.strip().lower()
    if raw == "noon":
        return 12 * 60
    found = words.TIME.match(raw)
    if found is None:
        return None
    hour, minute, mer = int(found["h"]), int(found["m"] or 0), (found["mer"] or "").lower()
    if hour > 23 or minute > 59 or (mer and hour > 12):
        return None
    if mer == "p" and hour < 12:
        hour += 12
    elif mer == "a" and hour == 12:
        hour = 0
    elif not mer and after and hour < 12:
        hour += 12  # "no reminders after 8": the evening
    return hour * 60 + minute


def _until(text: str, today: date) -> date | None:
    found = words.FOR.search(text)
    if found is not None:
        raw = (found["n"] or "1").lower()
        n = int(raw) if raw.isdigit() else words.NUMBER_WORDS.get(raw, 1)
        unit = found["unit"].lower()
        if unit == "day":
            return today + timedelta(days=n)
        if unit == "week":
            return today + timedelta(weeks=n)
        return minus(today, -n, 0)
    found = words.UNTIL.search(text)
    if found is None:
        return None
    when = found["when"].strip().lower()
    try:
        return date.fromisoformat(when)
    except ValueError:
        pass
    parts = words.MONTH_DAY.match(when)
    if parts is None or parts["month"].lower() not in words.MONTHS:
        return None
    month = words.MONTHS[parts["month"].lower()]
    day = int(parts["d1"] or parts["d2"] or 1)
    year = int(parts["year"]) if parts["year"] else today.year
    if day > calendar.monthrange(year, month)[1]:
        return None
    target = date(year, month, day)
    if target <= today and not parts["year"]:
        target = date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))
    return target


def _days(text: str) -> frozenset[int]:
    tokens = re.findall(r"[a-z]+", text.lower())
    return frozenset(d for token in tokens for d in words.DAY_WORDS.get(token, ()))


def _clock(minute: int) -> str:
    hour, rest = divmod(minute, 60)
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}:{rest:02d}{suffix}" if rest else f"{shown}{suffix}"


def describe(prefs: ReminderPrefs, quiet: QuietHours) -> str:
    hours = prefs.quiet_hours(quiet)
    days = f"; not on {', '.join(DAY_NAMES[d] for d in sorted(prefs.days_off))}" if prefs.days_off else ""
    snooze = f"; snoozed until {prefs.snooze_until:%-d %b %Y}" if prefs.snooze_until else ""
    return say.SETTINGS.format(
        state="on" if prefs.enabled else "off",
        digest="on" if prefs.digest else "off",
        start=_clock(hours.start),
        end=_clock(hours.end),
        days=days,
        snooze=snooze,
        channel=say.CHANNEL_NAMES[prefs.channel],
    )


def understand(
    text: str, prefs: ReminderPrefs, today: date, quiet: QuietHours, *, channels: frozenset[str]
) -> Change | None:
    """The change `text` asks for, or None when it is not about reminders (the conversation goes on)."""
    if not words.ABOUT_REMINDERS.search(text) and not words.STOP.search(text):
        return None
    if words.DIGEST_OFF.search(text):
        return Change(replace(prefs, digest=False), say.DIGEST_OFF)
    if words.DIGEST_ON.search(text):
        return Change(replace(prefs, digest=True, enabled=True), say.DIGEST_ON)
    if words.SNOOZE.search(text):
        until = _until(text, today)
        if until is not None:
            return Change(replace(prefs, snooze_until=until), say.SNOOZED.format(until=f"{until:%-d %B %Y}"))
    hours = prefs.quiet_hours(quiet)
    before, after = words.NOT_BEFORE.search(text), words.NOT_AFTER.search(text)
    if before or after:
        start = _minute(after["time"], True) if after else hours.start
        end = _minute(before["time"], False) if before else hours.end
        if start is not None and end is not None:
            changed = replace(
                prefs,
                quiet_start=start if after else prefs.quiet_start,
                quiet_end=end if before else prefs.quiet_end,
            )
            return Change(changed, say.QUIET_SET.format(start=_clock(start), end=_clock(end)))
    if words.ANY_DAY.search(text):
        return Change(replace(prefs, days_off=frozenset()), say.DAYS_OFF_CLEARED)
    if words.DAYS_OFF.search(text):
        days = _days(text)
        if days:
            off = prefs.days_off | days
            if len(off) >= 7:
                return Change(None, say.ALL_DAYS_OFF)
            names = ", ".join(DAY_NAMES[d] + "s" for d in sorted(off))
            return Change(replace(prefs, days_off=off), say.DAYS_OFF_SET.format(days=names))
    for pattern, channel in ((words.BY_EMAIL, "email"), (words.BY_SLACK, "slack")):
        if pattern.search(text):
            name = say.CHANNEL_NAMES[channel]
            if channel not in channels:
                return Change(None, say.CHANNEL_UNAVAILABLE.format(channel=name))
            return Change(replace(prefs, channel=channel), say.CHANNEL_SET.format(channel=name))
    if words.START.search(text):
        return Change(replace(prefs, enabled=True, snooze_until=None), say.STARTED)
    if words.STOP.search(text):
        return Change(replace(prefs, enabled=False), say.STOPPED)
    if words.SHOW.search(text):
        return Change(None, describe(prefs, quiet))
    return None


async def respond(
    store: RecordStore, member: Member, text: str, today: date, quiet: QuietHours
) -> str | None:
    """Apply what `text` says about reminders and say so; None when it says nothing about them."""
    if not words.ABOUT_REMINDERS.search(text) and not words.STOP.search(text):
        return None  # most messages: no query at all
    prefs = await store.reminder_prefs(member.id)
    channels = frozenset(i.kind for i in await store.identities_of(member.id) if i.verified)
    change = understand(text, prefs, today, quiet, channels=channels)
    if change is None:
        return None
    if change.prefs is not None and change.prefs != prefs:
        await store.save_reminder_prefs(member.id, change.prefs)
    return change.answer
