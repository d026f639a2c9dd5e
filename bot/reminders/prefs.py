"""A member's reminder settings; None in a field means "the bot's default" so a changed default reaches
everyone who never chose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Days as `date.weekday()` numbers.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Minutes after local midnight: nothing is sent from `start` until `end` (wrapping midnight)."""

    start: int = 21 * 60
    end: int = 8 * 60

    def quiet(self, minute: int) -> bool:
        if self.start == self.end:
            return False
        if self.start > self.end:
            return minute >= self.start or minute < self.end
        return self.start <= minute < self.end


@dataclass(frozen=True, slots=True)
class ReminderPrefs:
    enabled: bool = True
    digest: bool = False  # the monthly digest is opt-in
    quiet_start: int | None = None
    quiet_end: int | None = None
    days_off: frozenset[int] = field(default_factory=frozenset)
    snooze_until: date | None = None
    channel: str = "auto"  # "auto": Slack DM when the member has Slack, else e-mail; or "slack" / "email"

    def quiet_hours(self, default: QuietHours) -> QuietHours:
        return QuietHours(
            default.start if self.quiet_start is None else self.quiet_start,
            default.end if self.quiet_end is None else self.quiet_end,
        )
