"""Every sentence the core's conversation says to a physician, in one place.

The reader's sentences about a text or a file (refusals, doubts, unreadable
files) are its half of the core's wording, in bot/understanding/wording.py, so
this file stays one readable page; the doors' own words are in
handlers/slack/wording.py and handlers/email/wording.py.

Tests assert on these constants, so wording changes in one file and the tests
follow. Placeholders use `str.format` names.
"""

from __future__ import annotations

CREDITS_NOT_POSITIVE = "Credits must be more than 0 — how many credits did you earn?"
SUBJECT_NEGATIVE = "{label} credits can't be negative."
SUBJECT_EXCEEDS = (
    "{part} {label} credits is more than the activity's {total} credits — "
    "{label} credits are part of the total, so they can be at most {total}."
)
DATES_REVERSED = "The end date is before the start date — which dates did it run?"
FUTURE_DATE = "That date is in the future (today is {today}); log an activity once you've done it."
RSS_SPAN = (
    "A regularly scheduled series can only be combined within one year-long series "
    "(AMA PRA booklet; ASPS instructions) — please log each series year separately."
)
IMPLAUSIBLE_TOTAL = "{credits} credits for one activity is a lot — is that right?"
IMPLAUSIBLE_PER_DAY = (
    "{credits} credits over {days} day(s) of a live activity is more than 12 a day — is that right?"
)
NOT_QUARTER_STEP = (
    "{credits} isn't in quarter-credit steps (AMA PRA credit is 0.25 per 15 minutes) — is that right?"
)
DUPLICATE = "This looks like entry #{number} (same title and start date) — log it again anyway?"
AUTO_UPLOADED = (
    "Heads up: ASPS uploads {society} activities to your ASPS record itself (4–6 weeks after the "
    "evaluation). I've kept it here and marked it as auto-uploaded, so it won't count twice in "
    "your reports if ASPS adds it too."
)
CATEGORY2_PROVIDER_DROPPED = "Category 2 credit has no accredited provider, so I left the provider as N/A."

MISSING = {
    "credits": "How many credits was it?",
    "start_date": "What date was it?",
    "category": "Was it Category 1 (AMA PRA Category 1 Credit™, from an accredited provider) or Category 2?",
    "provider": "Who is the accredited provider? (It's in the certificate's accreditation statement.)",
    "title": "What was the activity called?",
}

RECORDED = "Recorded #{number}: {line}"
# The topics an entry counts toward (ethics, opioids…), the last part of its line when it has any.
TOPICS_PART = "counts toward: {topics}"
TOPICS_ALREADY = "#{number} already counts toward {topics} — nothing changed."
TOPICS_NOT_THERE = "#{number} doesn't count toward {topics}, so there was nothing to take off."
RECORDED_MANY = "Recorded {count} activities:"
FILLED_IN = "I filled in: {what}."
UNDO_HINT = 'Reply "undo" to remove it, or correct it ("make it 2 not 1.5").'
DRAFT_INTRO = "I haven't recorded this yet (draft {number}):"
DRAFT_CONFIRM_HINT = 'Reply "yes" to record it as it is, correct it, or "cancel".'
DRAFT_FIX_HINT = 'Reply with the missing details (e.g. "provider is Lakeshore Hospital"), or "cancel".'
DRAFT_CANCELLED = "OK, dropped {what} — nothing was recorded."
DRAFT_EXPIRED = (
    "{what} waited a week without an answer, so I dropped it — nothing was recorded. "
    "Send it again if you still want it."
)
DRAFT_ALREADY_RECORDED = "{what} was already recorded as {numbers} — nothing was recorded twice."
DRAFT_ALREADY_CLOSED = "{what} was already {status} — nothing was changed."
FROM_DRAFT = "From draft {number}:"
STILL_WAITING = "Still waiting for your answer:"
WAITING_YES = 'a "yes" to record it'
WHICH_DRAFT = 'Which one? Say "yes to draft N" (or "cancel draft N"):'
YES_CANNOT_FILL = "I can't record it yet — it still needs an answer:"
NO_DRAFT = "There's nothing waiting for a yes — tell me an activity to log."

DELETED = "Deleted #{number}: {line}"
NOT_FOUND = "I can't find entry #{ref} in your record."
NOT_FOUND_NONE_DELETED = (
    "I can't find entry #{ref} in your record, so I deleted none of {all} — check the numbers."
)
NO_MATCH = "I can't find an entry matching “{words}” — tell me its number (#N)."
ALREADY_DELETED = "{numbers} was already deleted — nothing was deleted twice."
NOTHING_WAITING = "Nothing is waiting — every activity you sent is recorded or was cancelled."
WAITING_LIST = "Waiting for your answer:"
NOTHING_TO_UNDO = "There's nothing to undo — your record has no entries yet."
RESTORED = "Restored #{number}: {line}"
UNDO_EDIT = (
    "Your last change was a correction to #{number} ({line}). I can't take a correction back by "
    'itself: tell me what to put back (e.g. "make #{number} 2 credits"), or say "delete #{number}".'
)
EDITED = "Updated #{number}: {line}"
EDIT_NOTHING = 'What should I change? For example "make #12 2 credits" or "date was 3/5".'

SUMMARY_HEADER = "{label} ({start} – {end})"
SUMMARY_LINE = "{mark} {label}: {earned} of {required}{rest}"
DAYS_LEFT = "{days} days left in this cycle."
ALL_MET = "All requirements met for this period. 🎉"
NEED_MET = "You've met {label}: {earned} of {required}."
NEED_REMAINING = "You need {remaining} more {label} credits ({earned} of {required}){days}."
NEED_ALL_HEADER = "Still to earn before {end}:"
NEED_ALL_NONE = "Nothing — every requirement is met for the cycle ending {end}. 🎉"

REPORT_READY = "Here is your CME report for {label} ({entries})."
REPORT_UNAVAILABLE = "I can't build reports yet — please try again later."

NO_ACTIVITY_IN_FILE = "I couldn't find a CME activity in {filename}."
REJECT = "I couldn't use that as a CME activity: {why}"
REJECT_GENERIC = (
    "I didn't understand that as a CME activity or question. Try \"log 1.5 cat 1 grand rounds "
    'yesterday", "summary", or "help".'
)
QUESTION_FALLBACK = (
    "I don't have an answer to that one. The AMA PRA booklet and the ASPS CME requirements page "
    "are the sources I go by."
)
SORRY = "Sorry — something went wrong on my side and nothing was changed. Please try again in a minute."
UNKNOWN_MEMBER = "I don't know you yet — ask your administrator to add you, or message me from Slack."

HELP = """I keep your CME record for your ASPS cycle. You can:
• log an activity: "log 1.5 cat 1 "Flap Salvage" ASPS yesterday, 1.5 plastics, 0.5 PS"
• forward a certificate (PDF or a photo) and I'll read it
• ask "where do I stand?" or "how many patient safety hours do I need?"
• "undo", "delete #12", "make #12 2 credits"
• "report this cycle pdf", "csv of 2020", "report previous cycle"
ASPS needs, per 3-year cycle: Category 1 ≥ 60, Plastic Surgery ≥ 50, Patient Safety ≥ 20, Total ≥ 150."""

# Which credits count where (bot/topics.py, bot/placement.py, bot/presenting.py).
TOPIC_PLASTIC = 'I counted all {credits} as plastic surgery ({why}) — say "not plastics" if not.'
TOPIC_OTHER = 'I counted none of it as plastic surgery ({why}) — say "that was plastics" if it was.'
TOPIC_WHY_TITLE = "the title says “{term}”"
TOPIC_WHY_PROVIDER = "provided by {provider}"
TOPIC_UNSURE = (
    "I couldn't tell from the title whether this is plastic surgery, so I counted none of its {credits} "
    'as plastic surgery — say "that was plastics" to count them all.'
)
PREVIOUS_CYCLE = (
    "Dated {date}: that's your previous cycle ({start}–{end}), not this one — it counts toward that "
    "cycle and its report."
)
OLDER_CYCLE = (
    "Dated {date}: that's in the cycle ending in {year} ({start}–{end}), before your previous cycle "
    "({prev_start}–{prev_end}), so it counts toward neither this cycle nor the last — record it anyway?"
)
SUMMARY_LINE_MOVED = "{mark} {label}: {before} → {earned} of {required}{rest}"

# What the importer says, row by row (bot/importing.py).
IMPORT_EMPTY_FILE = "The file is empty: there is no header row to read."
IMPORT_NOT_CSV = (
    "I can't read that file as CSV ({why}). Save it from your spreadsheet as “CSV UTF-8” and try again."
)
IMPORT_UNKNOWN_COLUMNS = (
    "I don't recognise the column{s} {names}. Rename each to one of these, or delete it, and "
    "import again: {known}. Nothing was imported."
)
IMPORT_DUPLICATE_COLUMNS = (
    "Columns {names} all read as {field}; keep one of them and import again. Nothing was imported."
)
IMPORT_MISSING_COLUMNS = (
    "The file has no column for {what}. Add one (e.g. “{example}”) and import again. Nothing was imported."
)
IMPORT_COLUMNS_READ_AS = "Reading {mapping}."

IMPORT_ROW_RECORDED = "Row {row}: recorded #{number} {line}"
IMPORT_ROW_WOULD_RECORD = "Row {row}: would record {line}"
IMPORT_ROW_ALREADY = "Row {row}: already in your record as #{number}, skipped."
IMPORT_ROW_ALREADY_DIFFERS = (
    "Row {row}: already in your record as #{number}, skipped — the file says {differences}; "
    'to change it, say "edit #{number}" in chat.'
)
IMPORT_ROW_NOT_IMPORTED = "Row {row}: not imported — {why}"
IMPORT_ROW_TOTALS = "Row {row}: skipped, it looks like a totals row."
IMPORT_MARK_DUPLICATE_OF_ENTRY = "marked as a duplicate (same title and start date as #{number})"
IMPORT_MARK_DUPLICATE_OF_ROW = "marked as a duplicate (same title and start date as row {row})"
IMPORT_MARK_AUTO = "marked auto-uploaded: ASPS uploads {society} activities to your ASPS record itself"

IMPORT_MISSING_VALUE = {
    "credits": "the CME credits are empty",
    "start_date": "the start date is empty",
    "category": "the CME category is empty (1 or 2)",
    "provider": "a Category 1 activity needs its accredited provider",
    "title": "the title is empty",
}
IMPORT_BAD_DATE = "can't read the {label} {value!r} — write it as YYYY-MM-DD (e.g. 2021-03-20)"
IMPORT_BAD_CATEGORY = "the CME category {value!r} isn't Category 1 or 2"
IMPORT_BAD_TOPIC = (
    "I don't know the topic “{value}” — use the topics I know ({known}), separated by “;”, "
    "or leave the cell empty"
)
IMPORT_BOTH_CATEGORIES = (
    "it has both Category 1 ({cat1}) and Category 2 ({cat2}) credits — put them on two rows"
)

IMPORT_SUMMARY = "Imported {added}, skipped {skipped} already in your record, {refused} not imported."
IMPORT_SUMMARY_DRY = (
    "Dry run: would import {added}, skip {skipped} already in your record, {refused} not imported. "
    "Nothing was changed."
)
IMPORT_FIX_HINT = (
    "Fix the rows that were not imported and import the same file again: rows already in your "
    "record are skipped, so nothing is added twice."
)

# Answers about the member's own record (bot/asking.py).
SPAN_THIS_MONTH = "this month"
SPAN_LAST_MONTH = "last month"
SPAN_THIS_WEEK = "this week"
SPAN_LAST_WEEK = "last week"
SPAN_TODAY = "today"
SPAN_RANGE = "{start} to {end}"
SPAN_CYCLE = "this cycle ({start}–{end})"
ENTRY_NOUN = ("entry", "entries")
ASK_CYCLE = "Your current ASPS cycle runs {start} to {end} (the cycle ending in {year}); {days} days left."
ASK_NOTHING_LOGGED = "Nothing logged for {span}."
ASK_LAST_ENTRIES = "Your last {count} entries:"
ASK_LOGGED_FOR = "Logged for {span}:"
ASK_ENTRIES_TOTAL = "{count} {noun}, {credits} credits."
ASK_NO_CREDITS = "No credits logged for {span}."
ASK_CREDITS = (
    "For {span}: {total} credits in {count} {noun} — {cat1} Category 1, {cat2} Category 2, "
    "{plastic} plastic surgery, {safety} patient safety."
)
ASK_WHICH_ACTIVITY = "Which activity do you mean? Tell me its title and I'll look."
ASK_NOT_LOGGED = "I don't see it — nothing on your record matches “{words}”."
ASK_LOGGED_ONE = "Yes — on your record:"
ASK_LOGGED_SEVERAL = "These on your record match:"
PACE_HEADER = "By today an even pace would have you at {percent}% of each requirement:"
PACE_MET = "✓ {label}: {earned} of {required} — met."
PACE_LINE = (
    "{mark} {label}: {earned} (even pace: {due}) — {state}; {remaining} to go, "
    "about {per_month} a month until {end}."
)
PACE_ON_TRACK, PACE_BEHIND = "on track", "behind"
PACE_ALL_ON_TRACK = "You're on track."
PACE_SOME_BEHIND = "You're behind on some of it."
