"""The core's words beside a door's cards: what a rich rendering shows apart from its cards.

A door that draws an entry or a summary as a card (Slack's Block Kit) still
owes the member the reply's other lines, and the notes under a summary; which
lines those are is the core's wording, decided once here, so a door never
imports `bot.messages` to work it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import messages as say
from bot import presenting
from bot.domain import RecordedActivity
from bot.requirements import Summary

# What the bot can do, under the summary a bare `/cme` (or a mention) shows.
OVERVIEW_HELP = say.HELP


def notes_beside_cards(text: str, entries: Sequence[RecordedActivity], summary: Summary | None) -> list[str]:
    """Lines of a reply's text that its entry cards, summary card and buttons do not already show."""
    shown = {"", say.UNDO_HINT, say.RECORDED_MANY.format(count=len(entries))}
    for e in entries:
        line = presenting.activity_line(e.activity)
        shown |= {
            presenting.entry_line(e),
            say.RECORDED.format(number=e.number, line=line),
            say.EDITED.format(number=e.number, line=line),
            say.DELETED.format(number=e.number, line=line),
        }
    if summary is not None:
        text = text.replace(presenting.summary_text(summary), "")
    return [line for line in text.split("\n") if line.strip() not in shown]
