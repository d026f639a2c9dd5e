"""A period's credit sums, computed by the database over (member_id, start_date)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Select, bindparam, case, func, select, type_coerce

from bot.requirements import Totals
from storage.models import ActivityRow
from storage.store_base import StoreBase
from storage.sums import DriverQuery, centi, hundredths


class TotalsQueries(StoreBase):
    _driver_totals: DriverQuery | None = None

    async def totals(self, member_id: int, start: date, end: date) -> Totals:
        """The period's sums, computed by the database over (member_id, start_date)."""
        params: dict[str, object] = {"member_id": member_id, "start": start, "end": end}
        if self.database.dialect == "sqlite":
            row = await self._totals_on_driver(params)
        else:
            row = await self.database.read(lambda s: tuple(s.execute(_TOTALS, params).one()))
        c1, c2, pl, ps, n = row
        return Totals(
            category1=centi(c1),
            category2=centi(c2),
            plastic_surgery=centi(pl),
            patient_safety=centi(ps),
            entries=int(str(n)),
        )

    async def _totals_on_driver(self, params: dict[str, object]) -> tuple[object, ...]:
        """The summary, hottest query of all: its compiled SQL straight on the driver.

        Skipping SQLAlchemy's statement handling is most of its cost through aiosqlite
        (bench/summary.py measures it); on a SQLite file the whole query is one trip to
        the database's thread.
        """
        if self._driver_totals is None:
            self._driver_totals = DriverQuery.compile(_TOTALS, self._engine.dialect)
        query = self._driver_totals
        return await self.database.read(lambda s: query.one(s, params))


def _totals_statement() -> Select[tuple[int, int, int, int, int]]:
    """Built once: the summary is the hottest query, so it skips per-call construction."""
    cat1 = ActivityRow.category == "1"
    credits = type_coerce(ActivityRow.credits, BigInteger)
    return select(  # type: ignore[return-value]
        hundredths(case((cat1, credits), else_=0)),
        hundredths(case((cat1, 0), else_=credits)),
        hundredths(type_coerce(ActivityRow.plastic_surgery_credits, BigInteger)),
        hundredths(type_coerce(ActivityRow.patient_safety_credits, BigInteger)),
        func.count(),
    ).where(
        ActivityRow.member_id == bindparam("member_id"),
        ActivityRow.start_date >= bindparam("start", type_=Date),
        ActivityRow.start_date <= bindparam("end", type_=Date),
        ActivityRow.deleted_at.is_(None),
    )


_TOTALS = _totals_statement()
