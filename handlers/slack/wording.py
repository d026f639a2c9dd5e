"""Sentences only the Slack door says (the core's are in `bot.messages` and `bot.understanding.wording`)."""

from __future__ import annotations

DONE = "Done."
SLASH_HINT = (
    "In Slack: `/cme <anything above>`, `/cme submit` for the form, or message me directly. "
    'Replies are only visible to you; add "public" at the end to share one in the channel.'
)
HOME_EMPTY = "No entries yet — use Submit CME, or message me an activity."
HOME_FOOTER = "Message me an activity, a question, or a certificate PDF or photo in the Messages tab."
HINT_END_DATE = "The same as the start date for a one-day activity."
HINT_PATIENT_SAFETY = "Enter '0' if you have not earned any Patient Safety Credits."
HINT_PLASTIC_SURGERY = "Enter '0' if you have not earned any Plastic Surgery Credits."
HINT_CITY = "Your home city is acceptable."
LABEL_TOPICS = "Topics it counts toward"
HINT_TOPICS = (
    "What your licence or board asks hours of (ethics, opioids, child abuse…). "
    "I fill these in from the title and certificate; leave it as it is if unsure."
)
HINT_STATE = "Your home state is acceptable."
HINT_COUNTRY = "The two-letter code, for example US or CA."
FORM_PICK_DATE = "Pick a date from the calendar."
FORM_NOT_CREDITS = "“{raw}” isn't a number of credits — for example 1.5."
FORM_TOO_MANY_CREDITS = "“{raw}” is more credits than any single CME activity awards (at most {most})."
FORM_TOO_LONG = "That's too long: at most {limit} characters."
HINT_PROVIDER = (
    "From the certificate's accreditation statement; N/A for Category 2. ASPS uploads programs accredited "
    "by ASPS, CSPS, NWSPPS and SESPPRS itself — to avoid duplicates, do not submit those."
)
REPORT_IN_DM = "I've sent your report to our direct messages."
FILE_UNSUPPORTED = "I can read certificates as PDFs or photos (PNG, JPEG, HEIC); {name} is neither."
FILE_UNREADABLE = "I couldn't download {name} from Slack; please try sending it again."
NOTHING_TO_EDIT = "That entry is no longer in your record, so there's nothing to edit."
WORKING_ON_FILE = "Reading {name}…"
BUSY = "I'm working through a lot of requests right now; please send that again in a minute."
SOMEONE_ELSES = (
    "That's someone else's entry, so its buttons only work for them. "
    "For your own record, use `/cme` or message me."
)
WHOSE_CARD = (
    "I can't tell whose entry that card is, so I left it alone. "
    "For your own record, use `/cme remove #3` with your entry's number, or Edit in my Home tab."
)
BAD_BUTTON = "That button doesn't point at an entry in your record, so I left everything as it was."
LINK_NEEDED = (
    "Your Slack e-mail address ({email}) is on a CME record that I can't connect this Slack account to "
    "by itself: a record is joined by e-mail only from a Slack workspace it already uses. "
    "To use that record here, type `/cme link` in the Slack workspace where you already use me, "
    "then type the code I give you here: `/cme link CODE`. "
    "If you don't use me anywhere else yet, ask whoever runs cmebot for you to connect this account."
)
LINK_CODE = (
    "Your link code: `{code}`\n"
    "In the other Slack workspace, type `/cme link {code}` within {minutes} minutes; that account then "
    "shares this CME record. Anyone who types the code gets your record, so give it to no one."
)
LINKED = "Done: this Slack account now uses the CME record of {name}."
LINK_BAD_CODE = (
    "That link code isn't valid: it may be mistyped, used already, or more than 15 minutes old. "
    "Type `/cme link` where you already use me for a new one."
)
LINK_ALREADY = "This Slack account already uses that CME record."
LINK_HAS_OWN_RECORD = (
    "This Slack account already has a CME record of its own, so I can't connect it to another one. "
    "Ask whoever runs cmebot for you to merge the two."
)

# The Home tab's requirement sets (issue 14).
HOME_SETS = "*Requirement sets*"
SETS_MODAL_TITLE = "Add a licence"
SETS_MODAL_SUBMIT = "Add"
SETS_MODAL_LABEL = "Which licence, and when does it renew?"
SETS_MODAL_HINT = "Also: “ABPS”, “DEA registered”. I'll confirm in our messages."
SETS_MODAL_PLACEHOLDER = "Texas, renews 2026-05-31"
# What a Home tab button says for the member, read like their own message.
DROP_SET_TEXT = "drop {code}"
ADD_SET_TEXT = "add {text}"
