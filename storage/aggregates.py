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
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    and_,
    bindparam,
    case,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.engine import Dialect

from bot.entry_topics import topic_mask
from bot.requirement_sets.model import Aggregate, Measure, Window
from storage.models import ActivityRow
from storage.store_base import StoreBase
from storage.sums import AnySelect, DriverQuery, centi, hundredths

# One window's sums, in a fixed order; a shape is one of these per window.
WindowShape = tuple[Aggregate, ...]
Shape = tuple[WindowShape, ...]


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
