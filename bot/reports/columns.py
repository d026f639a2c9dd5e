"""The CSV data file's columns, and the other names other trackers give them.

Our own export uses the portal's submission-form labels (seed: "CME
SUBMISSION FORM"), so a physician recognises every column. The importer maps
any header through `SYNONYMS`, so exports from spreadsheets, other CME
trackers and the portal's own report table ("Course Sponsor", "Cat 1",
"Patient Safety Hours") read without editing. A header we do not know is an
error that names it: guessing would put credits in the wrong column.
"""

from __future__ import annotations

import re

# (header, field) in the order our export writes them. Fields that are not
# activity fields (entry, notes, certificates) are ours to write and ignored
# on import: the store numbers entries and the rules set flags again.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Entry", "entry"),
    ("Start Date", "start_date"),
    ("End Date", "end_date"),
    ("Title of Activity", "title"),
    ("Type of Activity", "activity_type"),
    ("CME Category", "category"),
    ("Accredited Provider", "provider"),
    ("CME Credits", "credits"),
    ("Patient Safety Credits", "patient_safety_credits"),
    ("Plastic Surgery Credits", "plastic_surgery_credits"),
    ("City", "city"),
    ("State", "state"),
    ("Country", "country"),
    ("Notes", "notes"),
    ("Certificates", "certificates"),
    ("Topics", "topics"),  # last, so the older columns keep their places for scripts that read them
)

# "topics" is read back by the importer's own topic reading (bot/importing.py), not as a plain
# field. "counts_toward" is each held set's Yes/No column ("Counts toward Texas"), worked out
# from the record, so any number of them re-imports without complaint.
IGNORED_FIELDS = frozenset({"entry", "notes", "certificates", "topics", "counts_toward"})
COUNTS_TOWARD = "Counts toward {name}"

# Portal-report style: credits split by category in two columns.
CATEGORY_COLUMNS = {"cat1_credits": "1", "cat2_credits": "2"}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "entry": ("entry", "entry number", "entry no", "no", "number", "id", "record id"),
    "title": (
        "title of activity",
        "title",
        "activity",
        "activity title",
        "activity name",
        "course",
        "course title",
        "course name",
        "course sponsor",
        "event",
        "event name",
        "program",
        "program title",
        "session",
        "name",
        "description",
    ),
    "provider": (
        "accredited provider",
        "provider",
        "cme provider",
        "accrediting provider",
        "accrediting organization",
        "sponsor",
        "sponsoring organization",
        "organization",
        "organizer",
        "accreditor",
    ),
    "activity_type": ("type of activity", "activity type", "type", "format", "activity format"),
    "category": (
        "cme category",
        "category",
        "credit category",
        "credit type",
        "ama pra category",
        "ama category",
        "cat",
    ),
    "credits": (
        "cme credits",
        "credits",
        "credit",
        "hours",
        "cme hours",
        "credit hours",
        "credits claimed",
        "credits earned",
        "credits awarded",
        "total credits",
        "ama pra credits",
        "amount",
    ),
    "cat1_credits": (
        "cat 1",
        "cat1",
        "category 1",
        "category 1 credits",
        "category 1 hours",
        "cat 1 credits",
        "cat 1 hours",
        "ama pra category 1",
        "ama pra category 1 credits",
        "ama pra category 1 credit",
    ),
    "cat2_credits": (
        "cat 2",
        "cat2",
        "category 2",
        "category 2 credits",
        "category 2 hours",
        "cat 2 credits",
        "cat 2 hours",
        "ama pra category 2",
        "ama pra category 2 credits",
        "ama pra category 2 credit",
    ),
    "patient_safety_credits": (
        "patient safety credits",
        "patient safety hours",
        "patient safety",
        "patient safety cme",
        "safety credits",
    ),
    "plastic_surgery_credits": (
        "plastic surgery credits",
        "plastic surgery hours",
        "plastic surgery",
        "plastic surgery cme",
        "specialty credits",
    ),
    "start_date": (
        "start date",
        "date",
        "start",
        "from",
        "begin date",
        "activity date",
        "date of activity",
        "date completed",
        "completion date",
        "completed",
        "date earned",
        "event date",
    ),
    "end_date": ("end date", "end", "to", "through", "until", "finish date"),
    "city": ("city", "town", "location city"),
    "state": ("state", "province", "state province", "region", "st"),
    "country": ("country", "nation"),
    "notes": ("notes", "note", "flags", "comments", "comment", "remarks"),
    "certificates": ("certificates", "certificate", "documents", "attachments", "files"),
    "topics": ("topics", "topic", "subjects", "entry topics"),
}


def header_key(header: str) -> str:
    """'  Patient-Safety Hours™ ' -> 'patient safety hours': case, marks and spacing do not matter."""
    return " ".join(re.findall(r"[a-z0-9]+", header.lower()))


_LOOKUP: dict[str, str] = {header_key(name): f for f, names in SYNONYMS.items() for name in names}
_LOOKUP.update({header_key(h): f for h, f in EXPORT_COLUMNS})


def field_for(header: str) -> str | None:
    key = header_key(header)
    if key.startswith(header_key(COUNTS_TOWARD.format(name=""))):
        return "counts_toward"
    return _LOOKUP.get(key)
