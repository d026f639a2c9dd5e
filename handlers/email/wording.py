"""Every sentence the e-mail door says, in one place (tests assert on these)."""

from __future__ import annotations

CONFIRM_SUBJECT = "Please confirm your address for the CME bot"
CONFIRM_BODY = """Hello,

I keep CME records for ASPS members, and I only act on mail from confirmed addresses.
I received a message from {address}.

To confirm that this address is yours, just reply to this e-mail (it goes to
{confirm_address}). I'll then process the message you sent{joining}.

If you didn't write to me, ignore this e-mail: nothing will be recorded.
"""
CONFIRM_JOINING_NEW = " and start a CME record for you"
CONFIRM_JOINING_MEMBER = " and add this address to your CME record"

CONFIRMED = 'Thanks — {address} is confirmed. Forward certificates or ask "summary" any time.'
CONFIRM_UNKNOWN = (
    "That confirmation link has expired or was already used. Send your message again and I'll "
    "send a fresh confirmation."
)
ALREADY_HANDLED = "I had already handled that message; here is where you stand now."
NOTHING_READABLE = "I couldn't find anything I can read in your message."
COULD_NOT_READ = "About your attachments:"
GAVE_UP = (
    'Sorry — I couldn\'t process your message "{subject}" because of a problem on my side. '
    "Nothing was recorded; please send it again later."
)
REPORT_HINT = 'Reply "report" for your cycle report as a PDF (or "report csv").'
# Notes on a message the door could only partly read (parsing).
HEADERS_UNREADABLE = "Some of your message's headers were unreadable."
MIME_BROKEN = "Part of your message couldn't be read (its MIME structure is broken)."
TOO_MANY_PARTS = "Your message has too many parts; I read only the first ones."
FORWARDS_TOO_DEEP = "I read forwarded messages only {depth} levels deep."
ENCRYPTED = "Your message is encrypted, so I can't read it — please send it unencrypted."
TOO_MANY_ATTACHMENTS = "I read the first {count} attachments only."
SIGNATURE = 'CME bot · reply "help" to see what I can do'
