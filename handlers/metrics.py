"""Prometheus metrics: messages by door and outcome, reply latency, and the work that is waiting.

Counters and the histogram are fed per message (handlers/message_log.py);
queue depths are read from the database when Prometheus scrapes, so they
are right even for work a separate `mail-worker` process does; the counts
of serve's own mail-worker child are added in through prometheus-client's
multiprocess mode (handlers/metrics_share.py). Each `App` has its own
registry otherwise: two apps in one test process don't share counts.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from handlers.metrics_share import shared
from storage.database import Database
from storage.health import backlog

# A `_created` timestamp beside every series doubles the output and no dashboard of ours reads it.
disable_created_metrics()  # type: ignore[no-untyped-call]

# Replies a member waits for: most take tens of milliseconds, a certificate's OCR seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages = Counter(
            "cmebot_messages",
            "Messages the core handled, by door and outcome",
            ["door", "outcome"],
            registry=r,
        )
        self.latency = Histogram(
            "cmebot_reply_seconds",
            "Time from a message reaching the core to its reply, by door",
            ["door"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        # Set by serve at scrape time; with processes sharing, serve's own value is the one to show.
        mode: Final = "livemostrecent"
        self.inbox = Gauge(
            "cmebot_mail_inbox_messages",
            "Received mail not yet processed (new) or held for address confirmation (held)",
            ["state"],
            registry=r,
            multiprocess_mode=mode,
        )
        self.outbox = Gauge(
            "cmebot_mail_outbox_messages", "Replies waiting to be sent", registry=r, multiprocess_mode=mode
        )
        self.oldest = Gauge(
            "cmebot_mail_inbox_oldest_waiting_seconds",
            "Age of the oldest received mail not yet processed (0 when none waits)",
            registry=r,
            multiprocess_mode=mode,
        )
        self.drafts = Gauge(
            "cmebot_drafts_waiting",
            "Drafts waiting for a member's yes or correction",
            registry=r,
            multiprocess_mode=mode,
        )

    def handled(self, door: str, outcome: str, seconds: float) -> None:
        self.messages.labels(door, outcome).inc()
        self.latency.labels(door).observe(seconds)

    async def refresh(self, database: Database) -> None:
        waiting = await backlog(database)
        self.inbox.labels("new").set(waiting.inbox_new)
        self.inbox.labels("held").set(waiting.inbox_held)
        self.outbox.set(waiting.outbox_pending)
        self.oldest.set(waiting.oldest_new_seconds)
        self.drafts.set(waiting.drafts)

    def render(self) -> bytes:
        if not shared():
            return generate_latest(self.registry)
        every_process = CollectorRegistry()
        MultiProcessCollector(every_process)  # type: ignore[no-untyped-call]
        return generate_latest(every_process)
