"""Importing a CSV data file: ours, another tracker's, or a board's export.

Every row goes through the chat's own rules (`bot.drafting.build`, which runs
`bot.rules.check_activity`), so an import can never put into the record what
a chat message could not. Rows are numbered as the spreadsheet numbers them
(header = row 1), and the member is told what happened to each.

Importing the same file twice adds nothing: a row is skipped while the record
already holds as many entries with its title and start date as the file has
rows for them so far. Counting, rather than a yes/no `find_duplicate`, keeps
a faithful record of the seed's "Spring Meeting 2021" listed twice: both rows
are imported once (the second marked duplicate) and neither again.

All good rows are recorded in one `store.record` call: one transaction, so an
import is all there or not at all.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfoNotFoundError

from bot import messages as say
from bot.domain import (
    FLAG_DUPLICATE,
    Activity,
    Category,
    RecordedActivity,
    format_credits,
    normalise_title,
    to_credits,
)
from bot.drafting import build
from bot.ports import Member, NewEntry, RecordStore
from bot.reports.cells import (
    is_not_applicable,
    number_text,
    parse_activity_type,
    parse_category,
    parse_date,
    text,
)
from bot.reports.columns import CATEGORY_COLUMNS, EXPORT_COLUMNS, IGNORED_FIELDS, field_for
from bot.rules import PLAUSIBILITY_CODES, Problem, auto_uploaded_society, record_flags
from bot.timekeeping import member_now
from bot.understanding import entry_topics_reading as entry_topics
from bot.understanding.contract import Fields

SOURCE = "import"
FIELD_LABELS = (
    {"topics": "Topics"}
    | {f: h for h, f in EXPORT_COLUMNS}
    | {"cat1_credits": "Cat 1", "cat2_credits": "Cat 2"}
)
TOTALS_TITLES = frozenset({"total", "totals", "grand total", "sum", "subtotal"})
# Headers of the optional topics column (ours writes "Topics"); its cells are codes or labels.
TOPICS = entry_topics.FIELD
TOPICS_HEADERS = frozenset({"topics", "topic", "entry topics", "topic codes"})


@dataclass(slots=True)
class ImportResult:
    lines: list[str]
    ok: bool
    added: int = 0
    skipped: int = 0
    refused: int = 0
    recorded: list[RecordedActivity] = field(default_factory=list)


@dataclass(slots=True)
class _Header:
    columns: dict[int, str]  # column index -> field
    decimal_comma: bool


@dataclass(slots=True)
class _Accepted:
    row: int
    activity: Activity
    flags: frozenset[str]
    notes: list[str]


class _RowError(ValueError):
    """A cell the member must fix; the message is their words."""


async def import_csv(
    store: RecordStore,
    member: Member,
    data: bytes,
    *,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Read the file, map each row to fields, check it by the chat's rules, record the good rows."""
    sheet = _read_sheet(data)
    if isinstance(sheet, ImportResult):
        return sheet
    stored = sorted(await store.entries(member.id), key=lambda e: e.number)
    checked = _check_rows(sheet, member, today or _today(member), stored)
    recorded: list[RecordedActivity] = []
    if checked.accepted and not dry_run:
        recorded = await store.record(
            member.id, [NewEntry(a.activity, a.flags, source=SOURCE) for a in checked.accepted]
        )
    return _result(sheet, checked, recorded, dry_run=dry_run)


@dataclass(slots=True)
class _Sheet:
    header_cells: list[str]
    header: _Header
    body: list[tuple[int, list[str]]]


@dataclass(slots=True)
class _Checked:
    accepted: list[_Accepted] = field(default_factory=list)
    row_lines: dict[int, str] = field(default_factory=dict)
    skipped: int = 0
    refused: int = 0


def _read_sheet(data: bytes) -> _Sheet | ImportResult:
    """The header and the numbered rows, or why the file cannot be read at all."""
    try:
        rows, delimiter = _read(data)
    except csv.Error as exc:
        return ImportResult([say.IMPORT_NOT_CSV.format(why=exc)], ok=False)
    records = iter(enumerate(rows, start=1))
    header_row: list[str] | None = None
    for _, cells in records:
        if any(c.strip() for c in cells):
            header_row = cells
            break
    if header_row is None:
        return ImportResult([say.IMPORT_EMPTY_FILE], ok=False)
    body = list(records)
    header = _header(header_row, body, decimal_comma=delimiter == ";")
    if isinstance(header, str):
        return ImportResult([header], ok=False)
    return _Sheet(header_row, header, body)


def _check_rows(sheet: _Sheet, member: Member, today: date, stored: list[RecordedActivity]) -> _Checked:
    """Each row through `build` (the chat's rules), against the record and the file's earlier rows."""
    existing: dict[tuple[str, date], list[int]] = defaultdict(list)
    for e in stored:
        existing[(normalise_title(e.activity.title), e.activity.start_date)].append(e.number)
    existing_activity = {e.number: e.activity for e in stored}
    seen: dict[tuple[str, date], list[int]] = defaultdict(list)  # key -> file rows so far
    out = _Checked()
    for number, cells in sheet.body:
        if not any(c.strip() for c in cells):
            continue
        values = {f: (cells[i] if i < len(cells) else "") for i, f in sheet.header.columns.items()}
        if _is_totals_row(values):
            out.row_lines[number] = say.IMPORT_ROW_TOTALS.format(row=number)
            continue
        try:
            fields = _fields(values, sheet.header.decimal_comma)
        except _RowError as exc:
            out.refused += 1
            out.row_lines[number] = say.IMPORT_ROW_NOT_IMPORTED.format(row=number, why=str(exc))
            continue
        cand = build(fields, member, today)
        if cand.blocking or cand.activity is None:
            out.refused += 1
            why = "; ".join(_why(p) for p in cand.blocking) or say.IMPORT_MISSING_VALUE["credits"]
            out.row_lines[number] = say.IMPORT_ROW_NOT_IMPORTED.format(row=number, why=why)
            continue
        activity = cand.activity
        key = (normalise_title(activity.title), activity.start_date)
        earlier = list(seen[key])
        seen[key].append(number)
        index = len(earlier)
        if index < len(existing[key]):
            out.skipped += 1
            twin = existing[key][index]
            differences = _differences(existing_activity.get(twin), activity)
            template = say.IMPORT_ROW_ALREADY_DIFFERS if differences else say.IMPORT_ROW_ALREADY
            out.row_lines[number] = template.format(row=number, number=twin, differences=differences)
            continue
        flags, notes = _marks(cand.problems, activity, index, existing[key], earlier)
        out.accepted.append(_Accepted(number, activity, frozenset(flags), notes))
    return out


def _marks(
    problems: list[Problem], activity: Activity, index: int, twins: list[int], earlier: list[int]
) -> tuple[set[str], list[str]]:
    """The flags a row is recorded with, and why: a repeat, an ASPS upload, an unusual amount."""
    flags: set[str] = set()
    notes: list[str] = []
    if index > 0:
        flags.add(FLAG_DUPLICATE)
        notes.append(
            say.IMPORT_MARK_DUPLICATE_OF_ENTRY.format(number=twins[0])
            if twins
            else say.IMPORT_MARK_DUPLICATE_OF_ROW.format(row=earlier[0])
        )
    flags |= record_flags(problems, activity)
    society = auto_uploaded_society(activity.provider)
    if society:
        notes.append(say.IMPORT_MARK_AUTO.format(society=society))
    notes.extend(p.message for p in problems if p.code in PLAUSIBILITY_CODES)
    return flags, notes


def _result(
    sheet: _Sheet, checked: _Checked, recorded: list[RecordedActivity], *, dry_run: bool
) -> ImportResult:
    """What the member reads: the column mapping, a line per row in file order, and the counts."""
    lines: list[str] = []
    mapping = _mapping_note(sheet.header_cells, sheet.header)
    if mapping:
        lines.append(mapping)
    row_lines = dict(checked.row_lines)
    for i, item in enumerate(checked.accepted):
        line = _describe(item.activity)
        if item.notes:
            line += " — " + "; ".join(item.notes)
        if dry_run:
            row_lines[item.row] = say.IMPORT_ROW_WOULD_RECORD.format(row=item.row, line=line)
        else:
            row_lines[item.row] = say.IMPORT_ROW_RECORDED.format(
                row=item.row, number=recorded[i].number, line=line
            )
    lines.extend(row_lines[n] for n in sorted(row_lines))
    added = len(checked.accepted)
    counts = {"added": _count(added), "skipped": checked.skipped, "refused": _count(checked.refused, "row")}
    lines.append((say.IMPORT_SUMMARY_DRY if dry_run else say.IMPORT_SUMMARY).format(**counts))
    if checked.refused:
        lines.append(say.IMPORT_FIX_HINT)
    return ImportResult(
        lines,
        ok=checked.refused == 0,
        added=added,
        skipped=checked.skipped,
        refused=checked.refused,
        recorded=recorded,
    )


# ---- reading the file ---------------------------------------------------------------


def _read(data: bytes) -> tuple[list[list[str]], str]:
    """Rows of cells and the delimiter; UTF-8 (with or without BOM), else Windows-1252."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    return list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)), delimiter


def _header(cells: list[str], body: list[tuple[int, list[str]]], *, decimal_comma: bool) -> _Header | str:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    by_field: dict[str, list[str]] = defaultdict(list)
    for i, name in enumerate(cells):
        if not name.strip():
            if any(i < len(row) and row[i].strip() for _, row in body):
                unknown.append(f"(column {i + 1}, no header)")
            continue
        found = TOPICS if " ".join(entry_topics.words_of(name)) in TOPICS_HEADERS else field_for(name)
        if found is None:
            shown = name.strip()
            unknown.append(f"“{shown[:40]}…”" if len(shown) > 40 else f"“{shown}”")
            continue
        by_field[found].append(f"“{name.strip()}”")
        if found not in IGNORED_FIELDS or found == TOPICS:
            columns[i] = found
    if unknown:
        known = ", ".join(h for h, f in EXPORT_COLUMNS if f not in IGNORED_FIELDS)
        names = ", ".join(unknown[:6]) + (f" and {len(unknown) - 6} more" if len(unknown) > 6 else "")
        return say.IMPORT_UNKNOWN_COLUMNS.format(s="s" if len(unknown) > 1 else "", names=names, known=known)
    for name, headers in by_field.items():
        if len(headers) > 1 and (name not in IGNORED_FIELDS or name == TOPICS):
            return say.IMPORT_DUPLICATE_COLUMNS.format(names=" and ".join(headers), field=FIELD_LABELS[name])
    present = set(columns.values())
    split_credits = bool(present & set(CATEGORY_COLUMNS))
    for need, example in (("title", "Title of Activity"), ("start_date", "Start Date")):
        if need not in present:
            return say.IMPORT_MISSING_COLUMNS.format(
                what=f"the {FIELD_LABELS[need].lower()}", example=example
            )
    if not split_credits:
        for need, example in (("credits", "CME Credits"), ("category", "CME Category")):
            if need not in present:
                what = f"the {FIELD_LABELS[need].lower()} (or “Cat 1” and “Cat 2” credit columns)"
                return say.IMPORT_MISSING_COLUMNS.format(what=what, example=example)
    return _Header(columns, decimal_comma)


def _mapping_note(cells: list[str], header: _Header) -> str:
    """Say how another tracker's columns were read, so the member can check before trusting it."""
    ours = {h for h, _ in EXPORT_COLUMNS} | {FIELD_LABELS[TOPICS]}
    foreign = [
        f"“{cells[i].strip()}” as {FIELD_LABELS[f]}"
        for i, f in sorted(header.columns.items())
        if cells[i].strip() not in ours
    ]
    return say.IMPORT_COLUMNS_READ_AS.format(mapping=", ".join(foreign)) if foreign else ""


# ---- one row ------------------------------------------------------------------------


def _is_totals_row(values: dict[str, str]) -> bool:
    title = " ".join(values.get("title", "").lower().replace(":", " ").split())
    return title in TOTALS_TITLES and not values.get("start_date", "").strip()


def _fields(values: dict[str, str], decimal_comma: bool) -> Fields:
    fields: Fields = {}
    for name in ("title", "city", "state", "country"):
        if name in values:
            fields[name] = text(values[name]) or None
    if "provider" in values:
        raw = text(values["provider"])
        fields["provider"] = None if is_not_applicable(raw) else raw
    for name, label in (("start_date", "start date"), ("end_date", "end date")):
        raw = values.get(name, "").strip()
        if raw:
            parsed = parse_date(raw)
            if parsed is None:
                raise _RowError(say.IMPORT_BAD_DATE.format(label=label, value=raw))
            fields[name] = parsed
    if values.get("activity_type", "").strip():
        kind = parse_activity_type(values["activity_type"])
        fields["activity_type"] = kind.value if kind else None
    for name in ("credits", "patient_safety_credits", "plastic_surgery_credits"):
        if values.get(name, "").strip():
            fields[name] = _credits(values[name], decimal_comma)
    if values.get("category", "").strip():
        category = parse_category(values["category"])
        if category is None:
            raise _RowError(say.IMPORT_BAD_CATEGORY.format(value=values["category"].strip()))
        fields["category"] = category.value
    _split_credits(values, fields, decimal_comma)
    fields[TOPICS] = _topics(values.get(TOPICS, ""))
    return fields


def _topics(raw: str) -> str:
    """A topics cell ("Ethics; opioids") as the field.

    The file is the record: an empty cell, "none", or no Topics column at all
    is no topics, never a guess from the title, so a record exported and
    imported again is the same record (an entry whose "Ethics" topic the
    member took off stays without it).
    """
    if is_not_applicable(raw.strip()) or raw.strip().lower() in ("", "none", "-", "—"):
        return ""
    codes: set[str] = set()
    known = entry_topics.topic_choices()
    for item in (i.strip() for i in raw.replace(";", ",").split(",")):
        if not item:
            continue
        named = {item} & {c for c, _ in known} or entry_topics.topics_named(item)
        if not named:
            raise _RowError(
                say.IMPORT_BAD_TOPIC.format(value=item, known="; ".join(label for _, label in known))
            )
        codes |= named
    return entry_topics.to_field(codes)


def _split_credits(values: dict[str, str], fields: Fields, decimal_comma: bool) -> None:
    """The portal's report has "Cat 1" and "Cat 2" columns instead of category + credits."""
    amounts = {
        CATEGORY_COLUMNS[name]: _credits(values[name], decimal_comma)
        for name in CATEGORY_COLUMNS
        if values.get(name, "").strip()
    }
    nonzero = {cat: v for cat, v in amounts.items() if v != 0}
    if len(nonzero) > 1:
        raise _RowError(
            say.IMPORT_BOTH_CATEGORIES.format(
                cat1=format_credits(nonzero["1"]), cat2=format_credits(nonzero["2"])
            )
        )
    if nonzero and "credits" not in fields:
        [(cat, amount)] = nonzero.items()
        fields["credits"] = amount
        fields.setdefault("category", cat)


def _credits(raw: str, decimal_comma: bool) -> Decimal:
    try:
        return to_credits(number_text(raw, decimal_comma))
    except ValueError as exc:
        raise _RowError(str(exc)) from None


def _why(problem: Problem) -> str:
    if problem.code.startswith("missing_") and problem.field in say.IMPORT_MISSING_VALUE:
        return say.IMPORT_MISSING_VALUE[problem.field]
    return problem.message


def _describe(activity: Activity) -> str:
    category = "Cat 1" if activity.category is Category.ONE else "Cat 2"
    return (
        f"“{activity.title}” ({activity.start_date.isoformat()}, "
        f"{format_credits(activity.credits)} {category})"
    )


def _differences(stored: Activity | None, new: Activity) -> str:
    """What the file changes about an entry it matches; empty when nothing does."""
    if stored is None:
        return ""
    out = []
    for name, label in (
        ("credits", "credits"),
        ("category", "category"),
        ("plastic_surgery_credits", "plastic surgery credits"),
        ("patient_safety_credits", "patient safety credits"),
        ("end_date", "end date"),
        ("provider", "provider"),
        ("topics", "topics"),
    ):
        before, after = getattr(stored, name), getattr(new, name)
        if before != after:
            out.append(f"{label} {_show(after)} (record: {_show(before)})")
    return ", ".join(out)


def _show(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Category):
        return f"Category {value.value}"
    if value is None:
        return "N/A"
    if isinstance(value, frozenset):
        return ", ".join(entry_topics.labels(value)) or "none"
    try:
        return format_credits(to_credits(value)) if not isinstance(value, str) else value
    except ValueError:
        return str(value)


def _count(n: int, noun: str = "activit") -> str:
    if noun == "activit":
        return f"{n} {'activity' if n == 1 else 'activities'}"
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _today(member: Member) -> date:
    try:
        return member_now(member).date()
    except (ZoneInfoNotFoundError, ValueError):
        return datetime.now(UTC).date()
