"""Every sentence about the requirement sets a member holds: their profile, each set's line, "why?".

Kept apart from bot/messages.py (the ASPS conversation's wording) so the
multi-set answers read as one page; tests assert on these constants.
"""

from __future__ import annotations

UNVERIFIED = " (figure not verified against the board's own page)"

# ---- the profile ---------------------------------------------------------------------------------
TRACKING_HEADER = "You're tracking:"
TRACKING_LINE = "• {name} — {period}{renews}"
TRACKING_RENEWS = " (renews {day})"
TRACKING_PERIOD = "{start} – {end}"
TRACKING_NO_PERIOD = "each rule on its own window"
TRACKING_NOTHING = "You're not tracking any requirement set. Say “I'm licensed in Texas” or “add ASPS”."
DEA_IS_REGISTERED = "DEA-registered: yes."
DEA_NOT_REGISTERED = "DEA-registered: no."
CHANGE_HINT = (
    "Change it by saying “add California, renews 2027-08-31”, “drop Illinois” or “I'm not DEA registered”."
)

ADDED = "Added {names}."
DROPPED = "Dropped {names}."
NOT_HELD = "You weren't tracking {names}, so nothing was dropped for it."
RENEWAL_SET = "{name} renews {day}."
MONTH_ONLY = "I took {month} as {day}, the month's last day — tell me the exact date if it's another."
DEA_NOW_REGISTERED = "Noted: you're DEA-registered."
DEA_NOW_NOT = "Noted: you're not DEA-registered."
NO_SET_FOR = "I don't have {names}'s requirements yet, so I'm not tracking {them}."
KNOWN_SETS = "I can track: {names}."
WHICH_STATE = "Which state's licence do you mean? Nothing was changed."
WHICH_DATE = (
    "Which renewal date is for {name}? Tell me one per licence, e.g. “{example}” — "
    "I haven't set a renewal date yet."
)
WHICH_LICENCE_DATE = "Which licence renews {day}? Say e.g. “Texas renews {day}”. Nothing was changed."
DATE_TWO_WAYS = (
    "{date} reads two ways (day/month or month/day) — write it as YYYY-MM-DD. Nothing was changed."
)
CALENDAR_PERIOD = "{name} runs on fixed calendar periods, so it takes no renewal date; I left it as it is."

OVERRIDE_SET = (
    "Noted: {name} “{rule}” counts as met on your word ({day}). It shows as yours in summaries and reports."
)
OVERRIDE_WHICH = "Which rule did your board accept? {options}. Nothing was changed."
OVERRIDE_REMOVED = "Taken back: {name} “{rule}” counts only what your record shows again."
NO_OVERRIDES = "No rule is counted as met on your word, so there was nothing to take back."
UNOVERRIDE_WHICH = "Which one should I take back? {options}. Nothing was changed."
OVERRIDE_NONE = "I couldn't tell which rule you mean. Your sets' rules: {options}. Nothing was changed."

# ---- standing per set ----------------------------------------------------------------------------
SETS_HEADER = "Every set you hold, most urgent first:"
SET_MET = "✓ {name} ({period}): every rule met{unverified}"
SET_SHORT = "✗ {name} ({period}): {needs}{due}{unverified}"
SET_NEED_PART = "{label} {earned} of {required}"
SET_DUE = " — due {day}"
SET_OVERRIDDEN = " ({count} met on your word)"

NEED_SETS_HEADER = "Still to earn, per set:"
NEED_SET_LINE = "• {name}: {remaining} more {label} ({earned} of {required}){due}{unverified}"
NEED_SETS_NONE = "Every set you hold is met."

PACE_SETS_HEADER = "Per set, against an even pace:"
PACE_SET_ON_TRACK = "✓ {name}: on track{unverified}"
PACE_SET_BEHIND = "✗ {name}: behind on {parts}{unverified}"
PACE_SET_PART = "{label} ({earned}, even pace {due})"

# ---- "why?" --------------------------------------------------------------------------------------
WHY_HEADER = "{name} ({period}):"
WHY_RULE = "{mark} {label}: {earned} of {required}{due}"
WHY_COUNTED = "   {text}{entries}"
WHY_ENTRIES = " — entries {numbers}"
WHY_ENTRY_NUMBERS = "   Entries counted: {numbers}"
WHY_NO_ENTRIES = "   No entry in this period counts toward it yet."
WHY_NOT_APPLY = "   Doesn't apply to you: {why}"
WHY_OVERRIDDEN = "   Counted as met on your word ({day}): “{note}”"
WHY_NOTE = "   {note}"
WHY_SOURCE = "   Source: {url} (checked {day}){unverified}"
WHY_ALL_MET = "Every set you hold is met — nothing is short."
WHY_ASPS_ONLY = "You only track ASPS; its summary shows each requirement. Say “summary”."

# ---- the DEA question ----------------------------------------------------------------------------
DEA_HEADER = "Yes — the sets you hold ask for these:"
DEA_HEADER_MET = "You've met them — the sets you hold ask for these:"
DEA_RULE = "• {name} — {label}: {earned} of {required}{due}{state}{unverified}"
DEA_MET = " — met"
DEA_TO_GO = " — {remaining} to go"
DEA_NOT_APPLY = " — doesn't apply to you ({why})"
DEA_NOT_REGISTERED_ANSWER = (
    "You haven't told me you're DEA-registered, so the DEA's one-time training (MATE Act) isn't on your "
    "list. Say “I'm DEA registered” and I'll track it."
)
DEA_NO_RULES = "None of the sets you hold asks for opioid or substance-use hours."

# ---- reports -------------------------------------------------------------------------------------
REPORT_SET_READY = "Here is your {name} report for {period} ({entries})."
REPORT_SET_NOT_HELD = "You're not tracking {name}, so there's no report for it. Say “add {name}” first."

# ---- the Slack Home tab ---------------------------------------------------------------------------
HOME_ASPS_ONLY = (
    "You track ASPS. Licensed in a state too? Add it here, "
    "or tell me “I'm licensed in Texas, renews 2026-05-31”."
)
HOME_ADD = "Add a licence"
HOME_DROP = "Drop {name}"
