"""What the importer says, row by row, in one place so tests assert on it.

(Kept beside the importer rather than in `bot/messages.py` while issue 6 is
in flight; the constants can move there unchanged.)
"""

from __future__ import annotations

EMPTY_FILE = "The file is empty: there is no header row to read."
NOT_CSV = "I can't read that file as CSV ({why}). Save it from your spreadsheet as “CSV UTF-8” and try again."
UNKNOWN_COLUMNS = (
    "I don't recognise the column{s} {names}. Rename each to one of these, or delete it, and "
    "import again: {known}. Nothing was imported."
)
DUPLICATE_COLUMNS = (
    "Columns {names} all read as {field}; keep one of them and import again. Nothing was imported."
)
MISSING_COLUMNS = (
    "The file has no column for {what}. Add one (e.g. “{example}”) and import again. Nothing was imported."
)
COLUMNS_READ_AS = "Reading {mapping}."

ROW_RECORDED = "Row {row}: recorded #{number} {line}"
ROW_WOULD_RECORD = "Row {row}: would record {line}"
ROW_ALREADY = "Row {row}: already in your record as #{number}, skipped."
ROW_ALREADY_DIFFERS = (
    "Row {row}: already in your record as #{number}, skipped — the file says {differences}; "
    'to change it, say "edit #{number}" in chat.'
)
ROW_NOT_IMPORTED = "Row {row}: not imported — {why}"
ROW_TOTALS = "Row {row}: skipped, it looks like a totals row."
MARK_DUPLICATE_OF_ENTRY = "marked as a duplicate (same title and start date as #{number})"
MARK_DUPLICATE_OF_ROW = "marked as a duplicate (same title and start date as row {row})"
MARK_AUTO = "marked auto-uploaded: ASPS uploads {society} activities to your ASPS record itself"

MISSING_VALUE = {
    "credits": "the CME credits are empty",
    "start_date": "the start date is empty",
    "category": "the CME category is empty (1 or 2)",
    "provider": "a Category 1 activity needs its accredited provider",
    "title": "the title is empty",
}
BAD_DATE = "can't read the {label} {value!r} — write it as YYYY-MM-DD (e.g. 2021-03-20)"
BAD_CATEGORY = "the CME category {value!r} isn't Category 1 or 2"
BOTH_CATEGORIES = "it has both Category 1 ({cat1}) and Category 2 ({cat2}) credits — put them on two rows"

SUMMARY = "Imported {added}, skipped {skipped} already in your record, {refused} not imported."
SUMMARY_DRY = (
    "Dry run: would import {added}, skip {skipped} already in your record, {refused} not imported. "
    "Nothing was changed."
)
FIX_HINT = (
    "Fix the rows that were not imported and import the same file again: rows already in your "
    "record are skipped, so nothing is added twice."
)
