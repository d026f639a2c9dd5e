"""Exact credit sums, and the driver path the hottest of them take on SQLite.

Credits are integer hundredths (`storage.models.Centi`), so the database sums
integers and Python divides once: no float, no rounding drift. The summary and
the requirement sets' per-window sums are the hottest queries of all; on
SQLite their SQL is compiled once per shape and run straight on the driver,
skipping SQLAlchemy's per-call statement handling (bench/summary.py measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, func, type_coerce
from sqlalchemy.engine import Compiled, Dialect
from sqlalchemy.orm import Session

CENT = Decimal("0.01")
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns


def hundredths(expr: ColumnElement[Any]) -> ColumnElement[int]:
    """SUM over the raw integer hundredths: exact, and 0 rather than NULL for no rows."""
    return type_coerce(func.coalesce(func.sum(expr), 0), BigInteger)


def centi(value: object) -> Decimal:
    """A summed count of hundredths as credits.

    SQLite hands back an int, PostgreSQL's SUM a numeric that asyncpg may spell with an exponent
    (20000 as `Decimal("2E+4")`, which `int(str(...))` refuses), so the value is taken as a number.
    """
    number = value if isinstance(value, int | Decimal) else Decimal(str(value))
    return (Decimal(number) / 100).quantize(CENT)


@dataclass(frozen=True, slots=True)
class DriverQuery:
    """A statement compiled once for a dialect, run with positional driver arguments."""

    compiled: Compiled
    sql: str
    order: tuple[str, ...]
    dates_as_text: bool  # SQLite keeps dates as ISO text; PostgreSQL's driver takes `date`

    @classmethod
    def compile(cls, statement: AnySelect, dialect: Dialect) -> DriverQuery:
        compiled = statement.compile(dialect=dialect)
        order: list[str] = getattr(compiled, "positiontup", None) or []
        return cls(compiled, str(compiled), tuple(order), dialect.name == "sqlite")

    def one(self, s: Session, params: dict[str, object]) -> tuple[object, ...]:
        """The statement's one row; `params` by bind name (constants in the statement fill the rest)."""
        values = self.compiled.construct_params(params) or {}
        args = tuple(self._param(values[name]) for name in self.order)
        return tuple(s.connection().exec_driver_sql(self.sql, args).one())

    def all(self, s: Session, params: dict[str, object]) -> list[tuple[object, ...]]:
        """Every row of the statement, bound as `one` binds."""
        values = self.compiled.construct_params(params) or {}
        args = tuple(self._param(values[name]) for name in self.order)
        return [tuple(row) for row in s.connection().exec_driver_sql(self.sql, args)]

    def _param(self, value: object) -> object:
        return value.isoformat() if self.dates_as_text and isinstance(value, date) else value
