"""A period's credit sums, computed by the database over (member_id, start_date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, ColumnElement, Date, Select, bindparam, case, func, select, type_coerce
from sqlalchemy.engine import Compiled

from bot.requirements import Totals
from storage.models import ActivityRow
from storage.store_base import StoreBase


class TotalsQueries(StoreBase):
    _compiled_totals: Compiled | None = None

    async def totals(self, member_id: int, start: date, end: date) -> Totals:
        """The period's sums, computed by the database over (member_id, start_date)."""
        params = {"member_id": member_id, "start": start, "end": end}
        if self.database.dialect == "sqlite":
            row = await self._totals_on_driver(params)
        else:
            row = await self.database.read(lambda s: tuple(s.execute(_TOTALS, params).one()))
        c1, c2, pl, ps, n = row
        return Totals(
            category1=_centi(c1),
            category2=_centi(c2),
            plastic_surgery=_centi(pl),
            patient_safety=_centi(ps),
            entries=int(str(n)),
        )

    async def _totals_on_driver(self, params: dict[str, object]) -> tuple[object, ...]:
        """The summary, hottest query of all: its compiled SQL straight on the driver.

        Skipping SQLAlchemy's statement handling, it takes 0.5 ms instead of 1.6 ms
        a summary through aiosqlite (bench/summary.py); on a SQLite file the whole
        query is one trip to the database's thread.
        """
        if self._compiled_totals is None:
            self._compiled_totals = _TOTALS.compile(dialect=self._engine.dialect)
        compiled = self._compiled_totals
        values = compiled.construct_params(params) or {}
        order: list[str] = getattr(compiled, "positiontup", None) or []
        args = tuple(_sqlite_param(values[name]) for name in order)
        sql = str(compiled)
        return await self.database.read(lambda s: tuple(s.connection().exec_driver_sql(sql, args).one()))


def _totals_statement() -> Select[tuple[int, int, int, int, int]]:
    """Built once: the summary is the hottest query, so it skips per-call construction."""
    cat1 = ActivityRow.category == "1"
    credits = type_coerce(ActivityRow.credits, BigInteger)
    return select(  # type: ignore[return-value]
        _hundredths(case((cat1, credits), else_=0)),
        _hundredths(case((cat1, 0), else_=credits)),
        _hundredths(type_coerce(ActivityRow.plastic_surgery_credits, BigInteger)),
        _hundredths(type_coerce(ActivityRow.patient_safety_credits, BigInteger)),
        func.count(),
    ).where(
        ActivityRow.member_id == bindparam("member_id"),
        ActivityRow.start_date >= bindparam("start", type_=Date),
        ActivityRow.start_date <= bindparam("end", type_=Date),
        ActivityRow.deleted_at.is_(None),
    )


def _hundredths(expr: ColumnElement[int]) -> ColumnElement[int]:
    """SUM over the raw integer hundredths: exact, and 0 rather than NULL for no rows."""
    return type_coerce(func.coalesce(func.sum(expr), 0), BigInteger)


def _sqlite_param(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _centi(value: object) -> Decimal:
    return (Decimal(int(str(value))) / 100).quantize(Decimal("0.01"))


_TOTALS = _totals_statement()
