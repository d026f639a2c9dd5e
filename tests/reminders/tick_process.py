"""One `cmebot` reminder process, started by tests as a real subprocess (and killed with -9 by some).

python -m tests.reminders.tick_process DB_URL NOW_ISO [--slack URL] [--crash-after-claim] [--until-empty]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.reminders.clock import SetClock
from handlers.reminders_runner import ReminderRunner, RunnerOptions
from handlers.reminders_send import SlackDm
from storage.reminders import ReminderQueue
from storage.store import SqlStore
from tests.conftest import engine_for
from tests.slack.fake_slack_api import BOT_TOKEN


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("now")
    parser.add_argument("--slack")
    parser.add_argument("--crash-after-claim", action="store_true")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--worker")
    parser.add_argument("--go", help="a file to wait for before starting (processes start together)")
    args = parser.parse_args(argv)
    engine = engine_for(args.db)
    store = SqlStore(engine)
    queue = ReminderQueue(store.database)
    slack = SlackDm(AsyncWebClient(token=BOT_TOKEN, base_url=args.slack)) if args.slack else None
    clock = SetClock(datetime.fromisoformat(args.now))
    runner = ReminderRunner(
        queue,
        store,
        mail_domain="cme.test",
        slack=slack,
        clock=clock,
        options=RunnerOptions(batch=args.batch),
        worker=args.worker,
    )
    print("ready", flush=True)
    while args.go and not os.path.exists(args.go):
        await asyncio.sleep(0.01)
    if args.crash_after_claim:
        claimed = await queue.claim(clock.now(), args.batch, runner.worker, runner.options.lease)
        print(f"claimed {len(claimed)}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    sent = await runner.send_due()
    print(f"done {sent}", flush=True)
    store.close()
    await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
