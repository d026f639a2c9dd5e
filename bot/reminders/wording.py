"""Every sentence a reminder says, in one place (the core's wording for what the bot says first)."""

from __future__ import annotations

STOP_HINT = "Reply “stop reminders” to stop these, or “snooze until March” / “no reminders before 9am”."
STOP_HINT_DIGEST = "Reply “no monthly digest” to stop this digest, or “stop reminders” to stop everything."

PACE_SUBJECT = "CME: {set_name} - {what} to go by {due}"  # ASCII: no encoded word needed
PACE_OPENING = "A nudge about your {set_name} requirements, due {due}:"
PACE_LINE = "• {remaining} {label} credits to go, {monthly} a month until {due}"
PACE_LINE_ONE_TIME = "• {label}: still to do, before {due}"
PACE_CLOSING = (
    "Log an activity any time by telling me, e.g. “1.5 cat 1 grand rounds yesterday, 0.5 patient safety”."
)

DRAFT_SUBJECT = "CME: draft {number} is still waiting"
DRAFT_NUDGE = "{what} is still waiting for your answer since {since}."
DRAFT_NUDGE_EMAIL = "Reply “yes to draft {number}” to record it, or “cancel draft {number}” to drop it."
DRAFT_NUDGE_SLACK = "Confirm it or cancel it with the buttons below, or say “yes to draft {number}”."
DRAFT_EXPIRY_SUBJECT = "CME: draft {number} was dropped"
DRAFT_EXPIRED = (
    "{what} waited a week without an answer, so I dropped it — nothing was recorded. "
    "Send it again if you still want it."
)

DIGEST_SUBJECT = "CME: your {month} digest"
DIGEST_OPENING = "Your CME in {month}:"
DIGEST_NONE = "Nothing was recorded this month."
DIGEST_ENTRY = "• #{number} {line}"
DIGEST_STANDING = "Where you stand:"
DIGEST_ALL_MET = "• {set_name}: every requirement is met. Well done."
DIGEST_MISSING = (
    "Certificates missing for {count} entries this cycle: #{numbers}. "
    "Forward the certificate e-mails (or a photo) and I keep them with the entry."
)

# Answers to the control words.
STOPPED = "Reminders are off. Say “start reminders” to have them back."
STARTED = "Reminders are on again."
DIGEST_ON = (
    "You'll get a monthly digest on the 1st: what you recorded, where each set stands, certificates missing."
)
DIGEST_OFF = "No more monthly digest."
QUIET_SET = "Got it: no reminders between {start} and {end} your time."
SNOOZED = "Reminders are snoozed until {until}."
DAYS_OFF_SET = "Got it: no reminders on {days}."
DAYS_OFF_CLEARED = "Reminders may come on any day again."
CHANNEL_SET = "Reminders will come by {channel}."
CHANNEL_UNAVAILABLE = (
    "I can't send reminders by {channel}: I don't know your {channel} account yet. They stay where they are."
)
ALL_DAYS_OFF = "That leaves no day for a reminder. Say “stop reminders” if you'd rather have none."
SETTINGS = (
    "Your reminders: {state}; monthly digest {digest}; quiet hours {start}–{end}{days}{snooze}; "
    "sent by {channel}.\n"
    "Say “stop reminders”, “remind me monthly”, “no reminders before 9am”, “snooze until March” or "
    "“no reminders on weekends” to change them."
)
CHANNEL_NAMES = {"auto": "Slack when you use it, else e-mail", "slack": "Slack", "email": "e-mail"}
