"""Sentences only the Slack door says (everything the core says is in `bot.messages`)."""

from __future__ import annotations

DONE = "Done."
SLASH_HINT = (
    "In Slack: `/cme <anything above>`, `/cme submit` for the form, or message me directly. "
    'Replies are only visible to you; add "public" at the end to share one in the channel.'
)
HOME_EMPTY = "No entries yet — use Submit CME, or message me an activity."
HOME_FOOTER = "Message me an activity, a question, or a certificate PDF or photo in the Messages tab."
HINT_END_DATE = "The same as the start date for a one-day activity."
HINT_PROVIDER = (
    "From the certificate's accreditation statement; N/A for Category 2. ASPS uploads programs accredited "
    "by ASPS, CSPS, NWSPPS and SESPPRS itself — to avoid duplicates, do not submit those."
)
REPORT_IN_DM = "I've sent your report to our direct messages."
FILE_UNSUPPORTED = "I can read certificates as PDFs or photos (PNG, JPEG, HEIC); {name} is neither."
FILE_TOO_BIG = "{name} is larger than {limit} MB; please send a smaller PDF or photo."
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
