"""The optional Topics column of an imported CSV (issue 14): codes or labels; the file is the record."""

from __future__ import annotations

from bot import messages
from bot.importing import import_csv
from storage.store import SqlStore
from tests.reports.records import TODAY, add_steve

HEADER = "Title of Activity,Start Date,CME Category,CME Credits,Accredited Provider,Topics"


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


async def test_topics_are_read_from_codes_labels_and_names_and_an_empty_cell_is_none(
    store: SqlStore,
) -> None:
    steve = await add_steve(store)
    data = _csv(
        HEADER,
        'Grand Rounds,2021-03-01,1,1,Mercy Hospital,"ethics; opioids"',
        'Tumor Board,2021-03-02,1,1,Mercy Hospital,"Child abuse recognition and reporting, Implicit bias"',
        "Ethics in Aesthetic Practice,2021-03-03,1,1,Mercy Hospital,",
        "Ethics in Aesthetic Practice,2021-03-04,1,1,Mercy Hospital,none",
        "M&M,2021-03-05,1,1,Mercy Hospital,Opioids / pain management prescribing;HIV/AIDS;end-of-life",
    )
    result = await import_csv(store, steve, data, today=TODAY)
    assert result.ok, result.lines
    assert not any("Reading" in line for line in result.lines)  # our own column: nothing to explain
    topics = [e.activity.topics for e in sorted(await store.entries(steve.id), key=lambda e: e.number)]
    assert topics == [
        {"ethics", "opioids"},
        {"child_abuse", "implicit_bias"},
        frozenset(),  # the file says none, whatever the title says
        frozenset(),
        {"opioids", "hiv_aids", "end_of_life"},
    ]


async def test_an_unknown_topic_is_a_row_to_fix_and_the_other_rows_import(store: SqlStore) -> None:
    steve = await add_steve(store)
    data = _csv(
        HEADER,
        "Grand Rounds,2021-03-01,1,1,Mercy Hospital,ethics",
        "Tumor Board,2021-03-02,1,1,Mercy Hospital,ethics; pediatric sedation",
    )
    result = await import_csv(store, steve, data, today=TODAY)
    assert not result.ok and result.added == 1 and result.refused == 1
    [row3] = [line for line in result.lines if line.startswith("Row 3")]
    assert "“pediatric sedation”" in row3 and "Ethics" in row3
    assert messages.IMPORT_BAD_TOPIC.split("“")[0] in row3


async def test_a_file_without_the_column_records_no_topics_and_reimports_as_nothing_new(
    store: SqlStore,
) -> None:
    steve = await add_steve(store)
    data = _csv(
        "Title of Activity,Start Date,CME Category,CME Credits,Accredited Provider",
        "Safe Opioid Prescribing,2021-03-01,1,2,Mercy Hospital",
        "Flap Salvage,2021-03-02,1,1,Mercy Hospital",
    )
    first = await import_csv(store, steve, data, today=TODAY)
    assert first.ok
    entries = sorted(await store.entries(steve.id), key=lambda e: e.number)
    assert [e.activity.topics for e in entries] == [frozenset(), frozenset()]
    again = await import_csv(store, steve, data, today=TODAY)
    assert again.added == 0 and again.skipped == 2
    assert not any("topics" in line for line in again.lines)
