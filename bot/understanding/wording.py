"""Every sentence the reader says about a text or a file it was given, in one place.

The core's wording is bot/messages.py; these are the reader's half of it (why a
message is refused, what is doubtful in a reading, why a file can't be read),
kept here so bot/messages.py stays one readable page. Placeholders use
`str.format` names; some callers look for a word in a problem ("find", "two
ways"), so a change here is checked against `reading` and the tests.
"""

from __future__ import annotations

# Refusals: input the bot must never act on (reject, bad_input_phrases).
EMPTY = "The message is empty."
BLANK = "The message has only blank space in it."
ONLY_SYMBOLS = "There's no text in that message, only symbols or emoji."
RANDOM_CHARACTERS = "That looks like a long run of random characters, not a message."
NOT_ENGLISH = "I can only read CME requests in English, and that doesn't look like one."
KEYBOARD_MASH = "That looks like random typing, not a request."
INJECTION = "That looks like an instruction to override how I work; I only record CME activities."
CODE = "That contains database or script code, so I didn't act on it."
OUT_OF_OFFICE = "That is an automatic out-of-office reply, not a request."
PHISHING = "That looks like a phishing message; I ignored it. Don't click its links."
SPAM = "That looks like spam, not a CME activity."
CERTIFICATE_PHISHING = (
    "That looks like a phishing notice dressed as a certificate (a certificate held for a fee, "
    "a licence number to confirm, or a link to click); I didn't record anything. Don't click its links."
)

# What a message asks for (reading).
NOTHING_TO_ACT_ON = "I couldn't find a CME activity or a request in that."
LOG_LATER = (
    "Nothing recorded yet — send it once you've done it (the certificate, or the credits and the date) "
    "and I'll record it then."
)
THIRD_PARTY = (
    "I only send your report to you, at the address or Slack account it came from — "
    "forward it to anyone who needs it."
)
EDIT_WHAT = "What should I change? Tell me the field and the new value."

# An activity read from a message (activity, entries).
SOMEONE_ELSE = "I can only record your own CME, not credit for someone else."
DATE_TWO_WAYS = (
    'The date "{text}" could be read two ways (month/day or day/month); '
    "please write it with the month's name."
)
DATE_FUTURE = "The date {date} is in the future; I can only record CME you have already done."
DATE_AFTER_TODAY = "The date {date} is after today."
CREDITS_NEGATIVE = "Credits can't be negative."
CREDITS_TOO_MANY = "{value} credits is more than any single CME activity awards."
CREDITS_ZERO = "The credit amount is zero."
CREDITS_MISSING = "How many credits was it? I couldn't find the number."
PART_OVER_TOTAL = "The {label} credits ({part}) are more than the activity's credits ({credits})."
SPLIT_EVENLY = (
    "I split the {credits} credits evenly over the {sessions} sessions; "
    "tell me if each session had a different amount."
)

# A certificate's text (certificate).
NOT_A_CERTIFICATE = "I couldn't read a CME certificate in that."
CERTIFICATE_NO_CREDITS = "I couldn't find the AMA PRA credits claimed or awarded on this certificate."
CERTIFICATE_TOO_MANY = (
    "The certificate reads as {credits} credits, more than any single CME activity awards; "
    "please check the number."
)
CERTIFICATE_FUTURE = "The activity date {date} is in the future."
CERTIFICATE_DATE_TWO_WAYS = 'The date "{text}" could be read two ways; which is it?'

# A file that cannot be read (admit, documents).
FILE_TOO_LARGE = "{name} is larger than {limit_mb:g} MB; please send a smaller PDF or photo."
FILE_EMPTY = "{name} is empty."
FILE_UNSUPPORTED = "I can't read {name}: please send the certificate as a PDF, PNG or JPEG."
FILE_ENCRYPTED = "{name} is password-protected — please send an unlocked copy or paste the text."
FILE_DAMAGED_PDF = "{name} is not a readable PDF (it looks damaged) — could you send it again?"
FILE_NO_PAGES = "{name} has no pages."
FILE_TOO_MANY_PAGES = "{name} has {pages} pages; a certificate has a few — please send just the certificate."
FILE_TOO_MANY_PIXELS = (
    "{name} is too large to read (over {megapixels} megapixels) — please send a smaller photo."
)
FILE_DAMAGED_IMAGE = "{name} is not a readable image (it looks damaged) — could you send it again?"
FILE_HEIC = "{name} is an HEIC photo, which I can't read yet — please send it as a JPEG or PDF."
OCR_UNAVAILABLE = "I can't read photos right now (OCR is unavailable); please send a PDF."
OCR_TOO_SLOW = "Reading {filename!r} took too long; please send a clearer or smaller photo."
OCR_NO_TEXT = "I couldn't make out any text in {filename!r}; please send a sharper photo or the PDF."

# An entry's topics (topic_corrections).
TOPIC_UNKNOWN = (
    "I don't know a topic called “{name}”, so I didn't change anything. "
    "The topics I know: {known}. Which one did you mean?"
)
