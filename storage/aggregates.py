"""The per-window sums requirement sets need, computed by the database (issue 14).

A member holding ASPS, a state licence and DEA needs a dozen sums over a few
windows: credits, Category 1, patient safety, the hours of entries carrying a
topic. Each is `SUM(CASE WHEN <measure's filter> AND (topics & bit) != 0 THEN
<column> END)` over integer hundredths, so it is exact. All windows go in one
statement over their union's date range, each sum also filtered on its own
window: one scan of (member_id, start_date) and one trip to the database. A
statement per window makes SQLite test fewer CASEs, but on PostgreSQL each is
a round trip of its own, which costs more than the saving (bench/summary.py
times both, on PostgreSQL with --postgres). Statements are built and compiled once per shape
(which sums over how many windows) and run straight on the driver.

The reminders compose hundreds of members' standings at once, and a statement
per member is a round trip per member on PostgreSQL. `aggregates_for_members`
(and `member_sums`, for a caller already in a transaction) reads them in a
statement per shape: the members' own windows come in as a VALUES table joined
to the entries, so members of one shape share a statement whatever their
dates, and each member's row is grouped apart from every other's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    and_,
    bindparam,
    case,
    column,
    literal_column,
    select,
    type_coerce,
    values,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnClause

from bot.entry_topics import topic_mask
from bot.requirement_sets.model import Aggregate, Measure, Window
from storage.models import ActivityRow
from storage.store_base import StoreBase
from storage.sums import AnySelect, DriverQuery, centi, hundredths

# One window's sums, in a fixed order; a shape is one of these per window.
WindowShape = tuple[Aggregate, ...]
Shape = tuple[WindowShape, ...]
Wanted = dict[Window, frozenset[Aggregate]]
Sums = dict[Window, dict[Aggregate, Decimal]]

# Members per batch statement: a shape's group is cut into pieces of the largest, and each piece
# padded up to the smallest that holds it, so a shape compiles a handful of statements, not one per
# group size.
BATCH_SIZES = (128, 64, 32, 16, 8, 4, 2, 1)


class AggregateQueries(StoreBase):
    async def aggregates(
        self, member_id: int, wanted: dict[Window, frozenset[Aggregate]]
    ) -> dict[Window, dict[Aggregate, Decimal]]:
        """Every sum asked for, per window, in one statement; an unknown topic is a `KeyError`."""
        windows = sorted(w for w, aggs in wanted.items() if aggs)
        result: dict[Window, dict[Aggregate, Decimal]] = {w: {} for w in wanted}
        if not windows:
            return result
        shape: Shape = tuple(tuple(sorted(wanted[w], key=_order)) for w in windows)
        params = _params(member_id, windows)
        driver = _driver_query(shape, self._engine.dialect)
        row = await self.database.read(lambda s: driver.one(s, params))
        values = iter(row)
        for window, aggs in zip(windows, shape, strict=True):
            result[window] = {a: centi(next(values)) for a in aggs}
        return result

    async def aggregates_for_members(self, wanted: Mapping[int, Wanted]) -> dict[int, Sums]:
        """`aggregates` for many members in one read: a statement per shape of what they ask, not
        one per member. Same sums, same keys, per member."""
        if not wanted:
            return {}
        dialect = self._engine.dialect
        return await self.database.read(lambda s: member_sums(s, dialect, wanted))


def member_sums(s: Session, dialect: Dialect, wanted: Mapping[int, Wanted]) -> dict[int, Sums]:
    """Each member's `aggregates`, read in the caller's transaction: members asking the same sums
    over the same number of windows share a statement, each with their own window dates."""
    found: dict[int, Sums] = {}
    groups: dict[Shape, list[tuple[int, list[Window]]]] = {}
    for member_id, asked in wanted.items():
        found[member_id] = {w: {} for w in asked}
        windows = sorted(w for w, aggs in asked.items() if aggs)
        if windows:
            shape: Shape = tuple(tuple(sorted(asked[w], key=_order)) for w in windows)
            groups.setdefault(shape, []).append((member_id, windows))
    for shape, members in groups.items():
        for part in _cut(members):
            size = min(n for n in BATCH_SIZES if n >= len(part))
            query = _batch_driver_query(shape, size, dialect)
            rows = {_position(row): row[1:] for row in query.all(s, _batch_params(part, size))}
            for j, (member_id, windows) in enumerate(part):
                values = iter(rows[j])
                result = found[member_id]
                for window, aggs in zip(windows, shape, strict=True):
                    result[window] = {a: centi(next(values)) for a in aggs}
    return found


def _position(row: tuple[object, ...]) -> int:
    """The row's place in the VALUES table (the drivers hand it back as an int)."""
    position = row[0]
    assert isinstance(position, int)
    return position


def _cut(items: list[tuple[int, list[Window]]]) -> list[list[tuple[int, list[Window]]]]:
    """Pieces of at most the largest batch size; `_batch_params` pads the last up to a size."""
    step = BATCH_SIZES[0]
    return [items[i : i + step] for i in range(0, len(items), step)]


@lru_cache(maxsize=256)
def _driver_query(shape: Shape, dialect: Dialect) -> DriverQuery:
    """The shape's SQL, compiled once per engine's dialect and run on its driver: SQLAlchemy's
    per-call statement handling costs more than the query itself on SQLite."""
    return DriverQuery.compile(_statement(shape), dialect)


def _order(aggregate: Aggregate) -> tuple[str, str]:
    return aggregate.measure.value, aggregate.topic or ""


def _params(member_id: int, windows: Sequence[Window]) -> dict[str, object]:
    params: dict[str, object] = {
        "member_id": member_id,
        "lo": min(w.start for w in windows),
        "hi": max(w.end for w in windows),
    }
    for i, window in enumerate(windows):
        params[f"s{i}"] = window.start
        params[f"e{i}"] = window.end
    return params


@lru_cache(maxsize=256)
def _batch_driver_query(shape: Shape, size: int, dialect: Dialect) -> DriverQuery:
    return DriverQuery.compile(_batch_statement(shape, size), dialect)


# A padding row's member: no entry has it, so its row sums nothing (and is not read).
_NOBODY = -1


def _batch_params(members: Sequence[tuple[int, Sequence[Window]]], size: int) -> dict[str, object]:
    """Row j of the VALUES table: member, the windows' union, each window; rows past the members
    repeat the first one's dates for nobody."""
    params: dict[str, object] = {}
    for j in range(size):
        member_id, windows = members[j] if j < len(members) else (_NOBODY, members[0][1])
        params[f"m{j}"] = member_id
        params[f"lo{j}"] = min(w.start for w in windows)
        params[f"hi{j}"] = max(w.end for w in windows)
        for i, window in enumerate(windows):
            params[f"s{j}_{i}"] = window.start
            params[f"e{j}_{i}"] = window.end
    return params


@lru_cache(maxsize=256)
def _batch_statement(shape: Shape, size: int) -> AnySelect:
    """`_statement` for `size` members at once: a row per member of (position, member, union's
    bounds, each window's bounds), outer-joined to the member's entries in the union and grouped
    by position, so every member gets a row (zeros when nothing matches) and none shares one."""
    dates = ["lo", "hi"] + [f"{edge}{i}" for i in range(len(shape)) for edge in ("s", "e")]
    columns_in: list[ColumnClause[Any]] = [column("k", Integer), column("member_id", Integer)]
    columns_in += [column(name, Date) for name in dates]
    rows = []
    for j in range(size):
        row: list[object] = [literal_column(str(j), Integer), bindparam(f"m{j}", type_=Integer)]
        row += [bindparam(f"lo{j}", type_=Date), bindparam(f"hi{j}", type_=Date)]
        for i in range(len(shape)):
            row += [bindparam(f"s{j}_{i}", type_=Date), bindparam(f"e{j}_{i}", type_=Date)]
        rows.append(tuple(row))
    w = values(*columns_in, name="w").data(rows).cte("w")
    columns: list[ColumnElement[int]] = []
    for i, aggregates in enumerate(shape):
        in_window: list[ColumnElement[bool]] = []
        if len(shape) > 1:
            in_window = [ActivityRow.start_date >= w.c[f"s{i}"], ActivityRow.start_date <= w.c[f"e{i}"]]
        columns.extend(_sum(aggregate, in_window) for aggregate in aggregates)
    joined = w.outerjoin(
        ActivityRow,
        and_(
            ActivityRow.member_id == w.c.member_id,
            ActivityRow.start_date >= w.c.lo,
            ActivityRow.start_date <= w.c.hi,
            ActivityRow.deleted_at.is_(None),
        ),
    )
    return select(w.c.k, *columns).select_from(joined).group_by(w.c.k)


@lru_cache(maxsize=256)
def _statement(shape: Shape) -> AnySelect:
    """One scan of the windows' union; each sum filtered on its window, measure and topic."""
    columns: list[ColumnElement[int]] = []
    for i, aggregates in enumerate(shape):
        in_window: list[ColumnElement[bool]] = []
        if len(shape) > 1:
            in_window = [
                ActivityRow.start_date >= bindparam(f"s{i}", type_=Date),
                ActivityRow.start_date <= bindparam(f"e{i}", type_=Date),
            ]
        columns.extend(_sum(aggregate, in_window) for aggregate in aggregates)
    return select(*columns).where(
        ActivityRow.member_id == bindparam("member_id"),
        ActivityRow.start_date >= bindparam("lo", type_=Date),
        ActivityRow.start_date <= bindparam("hi", type_=Date),
        ActivityRow.deleted_at.is_(None),
    )


def _sum(aggregate: Aggregate, conditions: list[ColumnElement[bool]]) -> ColumnElement[int]:
    column, measure_filter = _MEASURES[aggregate.measure]
    filters = [*conditions]
    if measure_filter is not None:
        filters.append(measure_filter)
    if aggregate.codes:  # entries carrying any of the codes, each once: one test of their bits
        bits = literal_column(str(topic_mask(aggregate.codes)), BigInteger)
        filters.append(ActivityRow.topics.op("&")(bits) != 0)
    if not filters:
        return hundredths(column)
    return hundredths(case((and_(*filters), column)))


_CATEGORY_ONE = ActivityRow.category == literal_column("'1'")
_CREDITS = type_coerce(ActivityRow.credits, BigInteger)  # raw hundredths, summed as integers
# Which column a measure sums, and which entries it takes (Category 2: every entry not Category 1,
# as the summary's totals count them).
_MEASURES: dict[Measure, tuple[ColumnElement[int], ColumnElement[bool] | None]] = {
    Measure.CREDITS: (_CREDITS, None),
    Measure.CATEGORY1: (_CREDITS, _CATEGORY_ONE),
    Measure.CATEGORY2: (_CREDITS, ActivityRow.category != literal_column("'1'")),
    Measure.PATIENT_SAFETY: (type_coerce(ActivityRow.patient_safety_credits, BigInteger), None),
    Measure.PLASTIC_SURGERY: (type_coerce(ActivityRow.plastic_surgery_credits, BigInteger), None),
}
