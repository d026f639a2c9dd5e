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
SIGNATURE = 'CME bot · reply "help" to see what I can do'
