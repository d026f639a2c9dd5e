"""`SqlStore`: the core's `RecordStore`, on SQLAlchemy, assembled from one class per concern.

Every change is one transaction; every query is scoped by member id, so an
entry number alone never reaches a row.
"""

from __future__ import annotations

from storage.drafts import DraftQueries
from storage.members import MemberQueries
from storage.records import RecordQueries
from storage.reminders import ReminderPrefsQueries
from storage.requirement_queries import RequirementQueries
from storage.totals import TotalsQueries


class SqlStore(
    MemberQueries, RecordQueries, TotalsQueries, DraftQueries, RequirementQueries, ReminderPrefsQueries
):
    """Members, the record, its sums, drafts, certificate files and seen events."""
