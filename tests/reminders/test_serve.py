"""`serve` starts the scheduler with the doors (unless CMEBOT_REMINDERS=0) and stops it cleanly."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers.app import App
from handlers.reminders_runner import RemindersService
from handlers.serve import start_doors
from handlers.settings import ConfigError, load


def test_reminders_are_on_by_default_and_off_with_zero() -> None:
    assert load({}).reminders is True
    assert load({"CMEBOT_REMINDERS": "0"}).reminders is False
    assert load({"CMEBOT_QUIET_HOURS": "22:30-07:00"}).quiet_hours == (22 * 60 + 30, 7 * 60)
    with pytest.raises(ConfigError, match="CMEBOT_QUIET_HOURS"):
        load({"CMEBOT_QUIET_HOURS": "late evening"})


async def test_serve_starts_and_stops_the_scheduler(app: App) -> None:
    doors = await start_doors(app)
    try:
        service = next(d for d in doors if isinstance(d, RemindersService))
        assert not service.task.done()
    finally:
        for door in reversed(doors):
            await door.stop()
    assert service.task.done()
    off = replace(app, settings=replace(app.settings, reminders=False))
    doors = await start_doors(off)
    try:
        assert not any(isinstance(d, RemindersService) for d in doors)
    finally:
        for door in reversed(doors):
            await door.stop()
