"""Importing CSV files: ours, other trackers', and the rows a member must fix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bot import messages
from bot.domain import FLAG_AUTO_UPLOADED, FLAG_DUPLICATE, ActivityType, Category, RecordedActivity
from bot.importing import import_csv
from bot.ports import Member, NewEntry
from storage.store import SqlStore
from tests.reports.records import TODAY, add_steve


def _csv(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode()


async def _entries(store: SqlStore, member: Member) -> list[RecordedActivity]:
    return sorted(await store.entries(member.id), key=lambda e: e.number)


FOREIGN = _csv(
    "Course Name,Sponsor,Date Completed,Credit Type,Hours,Patient Safety Hours,Plastic Surgery Hours,"
    "Comments",
    "Microsurgery Symposium,Lakeshore University Hospital,3/5/2021,AMA PRA Category 1 Credit™,7.5,1,7.5,"
    "great",
    '"Reading: PRS, March issue",,2021-02-01,Category 2,2,0,2,',
    "Wound Care Webinar,Mercy Hospital,44230,Cat 1,1,0.5,,",
)


async def test_an_export_from_another_tracker_is_read_by_its_column_names(store: SqlStore) -> None:
    steve = await add_steve(store)
    result = await import_csv(store, steve, FOREIGN, today=TODAY)
    assert result.ok, result.lines
    assert result.lines[0] == (
        "Reading “Course Name” as Title of Activity, “Sponsor” as Accredited Provider, “Date Completed” as "
        "Start Date, “Credit Type” as CME Category, “Hours” as CME Credits, “Patient Safety Hours” as "
        "Patient Safety Credits, “Plastic Surgery Hours” as Plastic Surgery Credits."
    )
    assert result.lines[1] == "Row 2: recorded #1 “Microsurgery Symposium” (2021-03-05, 7.5 Cat 1)"
    assert result.lines[-1] == "Imported 3 activities, skipped 0 already in your record, 0 rows not imported."
    first, reading, webinar = await _entries(store, steve)
    assert first.activity.category is Category.ONE and first.activity.credits == Decimal("7.5")
    assert first.activity.patient_safety_credits == Decimal(1) and first.activity.city == "Dallas"
    assert reading.activity.category is Category.TWO and reading.activity.provider is None
    assert reading.activity.title == "Reading: PRS, March issue"
    assert webinar.activity.start_date == date(2021, 2, 3)  # Excel's serial date 44230
    assert webinar.activity.activity_type is ActivityType.OTHER  # no type column: the chat's default


async def test_a_board_export_with_cat_1_and_cat_2_columns_imports(store: SqlStore) -> None:
    steve = await add_steve(store)
    data = (
        _csv(
            "Course Sponsor;Provider;Date;Cat 1;Cat 2;Plastic Surgery Hours;Patient Safety Hours",
            "Hand Surgery Update;American Association for Hand Surgery;4/6/2021;10,5;0;8;2",
            "Teaching residents;;3/1/2021;0;4;4;0",
        )
        .decode()
        .encode("cp1252")
    )
    result = await import_csv(store, steve, data, today=TODAY)
    assert result.ok, result.lines
    hand, teaching = await _entries(store, steve)
    assert hand.activity.credits == Decimal("10.5") and hand.activity.category is Category.ONE
    assert teaching.activity.credits == Decimal(4) and teaching.activity.category is Category.TWO


async def test_unknown_columns_are_named_and_nothing_is_imported(store: SqlStore) -> None:
    steve = await add_steve(store)
    data = _csv("Title,Date,Credits,Category,Speaker,Room", "Grand Rounds,2021-03-01,1,1,Dr. A,B12")
    result = await import_csv(store, steve, data, today=TODAY)
    assert not result.ok
    [line] = result.lines
    assert line.startswith("I don't recognise the columns “Speaker”, “Room”. Rename each to one of these")
    assert "Start Date, End Date, Title of Activity, Type of Activity" in line and line.endswith(
        "Nothing was imported."
    )
    assert await store.entries(steve.id) == []


async def test_a_file_without_a_credits_column_says_what_to_add(store: SqlStore) -> None:
    steve = await add_steve(store)
    result = await import_csv(store, steve, _csv("Title,Date,Category", "Grand Rounds,2021-03-01,1"))
    assert not result.ok
    assert "no column for the cme credits" in result.lines[0]


async def test_importing_the_same_file_twice_adds_nothing(store: SqlStore) -> None:
    steve = await add_steve(store)
    first = await import_csv(store, steve, FOREIGN, today=TODAY)
    again = await import_csv(store, steve, FOREIGN, today=TODAY)
    assert first.added == 3 and again.added == 0 and again.skipped == 3 and again.ok
    assert again.lines[1] == "Row 2: already in your record as #1, skipped."
    assert len(await store.entries(steve.id)) == 3


async def test_a_changed_row_matching_an_entry_says_what_differs(store: SqlStore) -> None:
    steve = await add_steve(store)
    await import_csv(store, steve, FOREIGN, today=TODAY)
    changed = FOREIGN.replace(b"3/5/2021,AMA PRA Category 1 Credit\xe2\x84\xa2,7.5", b"3/5/2021,Cat 1,8")
    result = await import_csv(store, steve, changed, today=TODAY)
    assert result.lines[1] == (
        "Row 2: already in your record as #1, skipped — the file says credits 8 (record: 7.5); "
        'to change it, say "edit #1" in chat.'
    )


async def test_a_dry_run_reports_every_row_and_changes_nothing(store: SqlStore) -> None:
    steve = await add_steve(store)
    result = await import_csv(store, steve, FOREIGN, dry_run=True, today=TODAY)
    assert result.ok and result.added == 3
    assert result.lines[1] == "Row 2: would record “Microsurgery Symposium” (2021-03-05, 7.5 Cat 1)"
    assert (
        result.lines[-1].startswith("Dry run: would import 3 activities")
        and "Nothing was changed" in result.lines[-1]
    )
    assert await store.entries(steve.id) == []


async def test_bad_rows_are_reported_by_row_number_and_the_rest_imported_in_one_transaction(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a file whose rows 3, 4, 5 and 7 cannot be recorded as they stand
    WHEN it is imported
    THEN each is named with its row number and reason, and the good rows go in with one store call."""
    steve = await add_steve(store)
    calls: list[int] = []
    record = store.record

    async def counting(member_id: int, entries: Sequence[NewEntry], **kw: Any) -> list[RecordedActivity]:
        calls.append(len(entries))
        return await record(member_id, entries, **kw)

    monkeypatch.setattr(store, "record", counting)
    data = _csv(
        "Title of Activity,Start Date,CME Category,Accredited Provider,CME Credits,Patient Safety Credits",
        "Grand Rounds,2021-03-01,1,Lakeshore,1,0",
        "Future Course,2021-05-01,1,Lakeshore,2,0",
        "Bad Number,2021-03-02,1,Lakeshore,two,0",
        "No Provider,2021-03-03,1,,1,0",
        "",
        "Too Much Safety,2021-03-04,1,Lakeshore,1,3",
        "Category 2 reading,03/05/2021,2,N/A,2,0",
        "Totals,,,,7,3",
    )
    result = await import_csv(store, steve, data, today=TODAY)
    assert not result.ok and result.added == 2 and result.refused == 4
    lines = result.lines
    assert lines[0] == "Row 2: recorded #1 “Grand Rounds” (2021-03-01, 1 Cat 1)"
    assert lines[1] == "Row 3: not imported — " + messages.FUTURE_DATE.format(today="2021-04-07")
    assert lines[2] == "Row 4: not imported — 'two' is not a number of credits"
    assert lines[3] == "Row 5: not imported — a Category 1 activity needs its accredited provider"
    assert lines[4].startswith("Row 7: not imported — 3 patient safety credits is more than")
    assert lines[5] == "Row 8: recorded #2 “Category 2 reading” (2021-03-05, 2 Cat 2)"
    assert lines[6] == "Row 9: skipped, it looks like a totals row."
    assert lines[7] == "Imported 2 activities, skipped 0 already in your record, 4 rows not imported."
    assert "import the same file again" in lines[8]
    assert calls == [2]


async def test_repeated_rows_and_auto_uploaded_providers_are_flagged_like_in_chat(store: SqlStore) -> None:
    steve = await add_steve(store)
    data = _csv(
        "Title,Provider,Start Date,End Date,Category,Credits,Plastic Surgery Credits,Patient Safety Credits",
        "Spring Meeting 2021,American Society of Plastic Surgeons,2021-03-20,2021-03-22,1,13,13,6",
        "Spring Meeting 2021,American Society of Plastic Surgeons,2021-03-20,2021-03-22,1,13,13,6",
        "Long day,Lakeshore,2021-03-01,,1,14.1,0,0",
    )
    result = await import_csv(store, steve, data, today=TODAY)
    assert result.ok, result.lines
    assert result.lines[0].startswith("Reading “Title” as Title of Activity")
    assert "marked auto-uploaded: ASPS uploads ASPS activities to your ASPS record itself" in result.lines[1]
    assert "marked as a duplicate (same title and start date as row 2)" in result.lines[2]
    assert "isn't in quarter-credit steps" in result.lines[3]
    first, second, long_day = await _entries(store, steve)
    assert first.flags == {FLAG_AUTO_UPLOADED}
    assert second.flags == {FLAG_AUTO_UPLOADED, FLAG_DUPLICATE}
    assert long_day.activity.credits == Decimal("14.10")
    again = await import_csv(store, steve, data, today=TODAY)
    assert again.added == 0 and again.lines[1:3] == [
        "Row 2: already in your record as #1, skipped.",
        "Row 3: already in your record as #2, skipped.",
    ]


async def test_an_empty_file_is_refused_plainly(store: SqlStore) -> None:
    steve = await add_steve(store)
    result = await import_csv(store, steve, b"\xef\xbb\xbf\r\n\r\n", today=TODAY)
    assert not result.ok and result.lines == ["The file is empty: there is no header row to read."]


async def test_a_file_that_is_not_csv_is_refused_with_what_to_do(store: SqlStore) -> None:
    steve = await add_steve(store)
    data = b'Title,Date\r\n"' + b"x" * 200_000 + b'",2021-01-01\r\n'
    result = await import_csv(store, steve, data, today=TODAY)
    assert not result.ok and result.lines[0].startswith("I can't read that file as CSV")
    assert "CSV UTF-8" in result.lines[0]
