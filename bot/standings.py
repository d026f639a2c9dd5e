"""Where a member stands against every requirement set they hold, on a given day.

The one entry point the conversation, the reports and the reminders share:
one profile read, one aggregate query for every window every rule needs,
then pure evaluation, so a summary of five licences costs the database the
same two visits as a summary of one.
"""

from __future__ import annotations

from datetime import date

from bot.ports import Member, RecordStore
from bot.requirement_sets.evaluation import evaluate, plan
from bot.requirement_sets.loading import requirement_sets
from bot.requirement_sets.model import SetVerdict


async def standings(store: RecordStore, member: Member, today: date) -> tuple[SetVerdict, ...]:
    """The verdict of each set the member holds, most urgent first (unmet, then earliest due)."""
    profile = await store.profile(member.id)
    sets = requirement_sets()
    wanted = plan(sets, profile, member, today)
    sums = await store.aggregates(member.id, wanted) if wanted else {}
    return evaluate(sets, profile, member, today, sums)
