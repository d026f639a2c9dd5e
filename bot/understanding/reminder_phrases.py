"""How members steer reminders: stop, start, digest, quiet hours, snooze, days off, where they go.

Data for `bot.reminders.control`; a new phrasing is a new row. Every row but
the bare "unsubscribe" needs a reminder word in the message, so "not before
9am" inside an activity description is never taken for a setting.
"""

from __future__ import annotations

import re

from bot.understanding.phrasing import any_of as _any

_I = re.IGNORECASE

ABOUT_REMINDERS = _any(
    r"\bremind",
    r"\bmonthly (?:digest|summary|recap|update)",
    r"\bnudg",
    r"\bnotif",
    r"\bdigest\b",
    r"\bsnooze",
    r"\bnag",
    r"\bpings?\b",
    r"\balerts?\b",
)

SHOW = _any(
    r"^\W*(?:show |what are |how are )?(?:my )?(?:reminder|notification)s?(?: settings| preferences)?\W*$",
    r"\breminder (?:settings|preferences)\b",
    r"\bhow (?:are|do) (?:my )?reminders\b",
)
STOP = _any(
    r"\b(?:stop|cancel|disable|mute|end|pause|turn off|switch off|silence)\b"
    r"(?:\s+(?:sending|giving|all|the|my|me|these|those|your|any|of))*"
    r"\s+(?:reminders?|nudges?|notifications?|nagging|alerts?)",
    r"\b(?:reminders?|nudges?|notifications?) off\b",
    r"\bno (?:more )?(?:reminders?|nudges?|notifications?)(?:\W*$| please| thanks| at all)",
    r"\b(?:don'?t|do not|stop) (?:remind|nudg|nag|ping)(?:ing)? me\b(?! (?:before|after|on|until))",
    r"^\W*unsubscribe\W*$",
)
START = _any(
    r"\b(?:start|resume|restart|enable|unmute|turn on|switch on)\b(?: the| my)*"
    r" (?:reminders?|nudges?|notifications?)",
    r"\b(?:reminders?|nudges?|notifications?) (?:back )?on\b",
    r"\bturn (?:the |my )?(?:reminders?|nudges?|notifications?) (?:back )?on\b",
    r"\bremind me again\b",
)
DIGEST_OFF = _any(
    r"\bno (?:more )?(?:monthly )?(?:digest|summary|summaries)\b",
    r"\b(?:stop|cancel|disable|turn off)\b(?: the| my)* (?:monthly )?(?:digest|summary|summaries)\b",
    r"\bdigest off\b",
)
DIGEST_ON = _any(
    r"\bremind me (?:every |once a |each )?month(?:ly)?\b",
    r"\bmonthly (?:digest|summary|reminder|recap|update)s?\b",
    r"\b(?:send|give) me a (?:monthly )?(?:digest|recap)\b",
    r"\bdigest on\b",
)
# "no reminders before 9am", "not before 8:30", "don't remind me before 10"
NOT_BEFORE = re.compile(
    r"\b(?:before|earlier than|until)\s+(?P<time>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|noon)", _I
)
# "no reminders after 8pm", "nothing later than 7"
NOT_AFTER = re.compile(
    r"\b(?:after|later than|past)\s+(?P<time>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|noon)", _I
)
TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<mer>[ap])?", _I)

SNOOZE = _any(r"\bsnooze\b", r"\b(?:pause|hold|mute)\b.*\b(?:until|till|til|for)\b")
UNTIL = re.compile(r"\b(?:until|till|til|to)\s+(?P<when>.+?)\s*[.!]*$", _I)
FOR = re.compile(
    r"\bfor\s+(?:(?P<n>\d{1,2}|a|an|one|two|three|four|six)\s+)?(?P<unit>day|week|month)s?\b", _I
)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        )
    )
    for name in names.split()
}
MONTH_DAY = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>[a-z]+)\.?(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?P<year>\d{4}))?$",
    _I,
)

# "no reminders on weekends", "not on Sundays", "never on saturday or sunday"
DAYS_OFF = _any(r"\b(?:not|no\b.*|never|don'?t\b.*)\s+on\s+(?:the\s+)?(?:weekends?|[a-z]+days?)\b")
ANY_DAY = _any(r"\b(?:any|every) day\b", r"\bweekends? (?:are|is) fine\b", r"\bno days off\b")
DAY_WORDS = {
    "monday": (0,),
    "mondays": (0,),
    "tuesday": (1,),
    "tuesdays": (1,),
    "wednesday": (2,),
    "wednesdays": (2,),
    "thursday": (3,),
    "thursdays": (3,),
    "friday": (4,),
    "fridays": (4,),
    "saturday": (5,),
    "saturdays": (5,),
    "sunday": (6,),
    "sundays": (6,),
    "weekend": (5, 6),
    "weekends": (5, 6),
}

BY_EMAIL = _any(r"\b(?:by|via|over|through|to my|in my) ?e-?mail\b", r"\be-?mail (?:me|them|reminders)\b")
BY_SLACK = _any(r"\b(?:by|via|over|through|on|in) slack\b", r"\bslack (?:me|them|reminders|dm)\b")
