"""Benchmark the e-mail door: acceptance and end-to-end processing of certificate e-mails.

    .venv/bin/python bench/email.py [--messages 500] [--database-url URL] [--worker-process]

For 1 and 8 concurrent SMTP clients (each keeps one connection, like an MTA):
- a bare aiosmtpd server whose handler only answers 250 (the ceiling);
- `cmebot`'s door: accepted/s (250 = committed to the inbox) and processed/s
  (the reply is in the outbox), on a fresh database each run.
Targets: acceptance >= 50% of the bare server's rate; >= 20 processed/s.
Messages: a ~50 KB reportlab certificate PDF plus its text in the body, from
50 members (so the per-address reply limit is not what is measured).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/<name>.py`, this folder comes first on sys.path, where bench/email.py
# would shadow the standard library's `email`: import from the project root instead.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import argparse
import asyncio
import email.policy
import io
import logging
import os
import random
import smtplib
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP
from sqlalchemy import inspect

from bot.ports import Identity
from handlers.app import build_app
from handlers.email.door import DoorOptions, start
from handlers.settings import load
from storage.engine import make_engine
from storage.models import Base

MEMBERS = 50


def certificate_pdf(target: int = 50_000) -> bytes:
    """A one-page certificate whose bulk is an embedded seal image (incompressible noise), as in real ones."""
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    side = int((target * 0.95 / 3) ** 0.5)
    rnd = random.Random(1)
    seal = Image.frombytes("RGB", (side, side), bytes(rnd.getrandbits(8) for _ in range(side * side * 3)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    lines = [
        "Lakeshore University Hospital",
        "This certifies that the physician named below participated in the live activity",
        '"Flap Salvage" held on March 17, 2021 in Chicago, IL,',
        "and is awarded 1.5 AMA PRA Category 1 Credits™.",
        "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical education.",
    ]
    for i, line in enumerate(lines):
        c.drawString(72, 700 - 24 * i, line)
    c.drawImage(ImageReader(seal), 72, 300, width=144, height=144)
    c.showPage()
    c.save()
    return buf.getvalue()


def messages(count: int, pdf: bytes, run: str) -> list[tuple[str, bytes]]:
    out = []
    for i in range(count):
        sender = f"doc{i % MEMBERS}@bench.example"
        msg = EmailMessage()
        msg["From"] = f"Doctor {i % MEMBERS} <{sender}>"
        msg["To"] = "cme@cme.localhost"
        msg["Subject"] = "Fwd: Your certificate"
        msg["Message-ID"] = f"<{run}-{i}@bench.example>"
        day = 1 + (i // MEMBERS) % 28
        msg.set_content(
            "---------- Forwarded message ---------\n"
            f'log 1.5 cat 1 "Flap Salvage {run} {i}" provider: Lakeshore University Hospital 3/{day}/2021\n'
        )
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="certificate.pdf")
        out.append((sender, msg.as_bytes(policy=email.policy.SMTP)))
    return out


def send_share(port: int, share: list[tuple[str, bytes]]) -> int:
    """One client connection sending its share; returns how many got 250."""
    ok = 0
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for sender, data in share:
            client.sendmail(sender, ["cme@cme.localhost"], data)
            ok += 1
    return ok


async def blast(port: int, batch: list[tuple[str, bytes]], clients: int) -> tuple[int, float]:
    shares = [batch[i::clients] for i in range(clients)]
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        counts = await asyncio.gather(*(loop.run_in_executor(pool, send_share, port, s) for s in shares))
    return sum(counts), time.perf_counter() - started


class Bare:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


@dataclass
class Result:
    clients: int
    bare: float
    accepted: float
    processed: float


async def bare_rate(batch: list[tuple[str, bytes]], clients: int) -> float:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Bare(), hostname="bare.localhost", loop=loop, data_size_limit=25 * 1024 * 1024),
        host="127.0.0.1",
        port=0,
    )
    try:
        n, seconds = await blast(server.sockets[0].getsockname()[1], batch, clients)
    finally:
        server.close()
        await server.wait_closed()
    return n / seconds


async def door_rates(
    batch: list[tuple[str, bytes]], clients: int, database_url: str | None, worker_process: bool = False
) -> tuple[float, float]:
    if database_url and await _has_cmebot_tables(database_url):
        raise SystemExit(
            "bench/email.py creates its tables and drops them afterwards: "
            "give it a database without cmebot's tables (not one in use)."
        )
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CMEBOT_DATA_DIR": tmp, "CMEBOT_MAIL_REPLIES_PER_HOUR": "10000"}
        if database_url:
            env["CMEBOT_DATABASE_URL"] = database_url
        os.environ.update(env)  # the worker process reads its settings from the environment
        app = await build_app(load(env))
        try:
            for m in range(MEMBERS):
                await app.store.create_member(
                    name=f"Doctor {m}",
                    timezone="America/New_York",
                    identities=[Identity("email", f"doc{m}@bench.example", True)],
                    cycle_end_year=2022,
                )
            options = DoorOptions(
                host="127.0.0.1", port=0, replies_per_hour=10_000, process=not worker_process
            )
            door = await start(app, options)
            try:
                started = time.perf_counter()
                n, accept_seconds = await blast(door.port, batch, clients)
                if worker_process:  # its progress is in the database, not in this process
                    deadline = time.perf_counter() + 600
                    while await door.mail.outbox_count() < n and time.perf_counter() < deadline:
                        await asyncio.sleep(0.05)
                else:
                    await door.progress.wait_for(lambda c: c["answered"] >= n, timeout=600)
                processed_seconds = time.perf_counter() - started
                queued = await door.mail.outbox_count()
                assert queued == n, f"{queued} replies queued for {n} messages: {dict(door.progress.counts)}"
            finally:
                await door.stop()
            if database_url:  # leave the database as we found it: empty
                async with app.engine.begin() as conn:
                    await conn.run_sync(Base.metadata.drop_all)
                    await conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        finally:
            await app.close()
    return n / accept_seconds, n / processed_seconds


async def _has_cmebot_tables(url: str) -> bool:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return bool(await conn.run_sync(lambda c: inspect(c).has_table("members")))
    finally:
        await engine.dispose()


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--database-url", help="default: a fresh SQLite file per run")
    parser.add_argument(
        "--worker-process",
        action="store_true",
        help="process mail in a separate `cmebot mail-worker` process (CMEBOT_MAIL_WORKER_PROCESS=1)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    pdf = certificate_pdf()
    print(f"certificate PDF: {len(pdf):,} bytes; {args.messages} messages per run; {MEMBERS} members")
    results: list[Result] = []
    for clients in (1, 8):
        batch = messages(args.messages, pdf, f"c{clients}")
        print(f"message size: {len(batch[0][1]):,} bytes") if clients == 1 else None
        bare = await bare_rate(batch, clients)
        accepted, processed = await door_rates(batch, clients, args.database_url, args.worker_process)
        results.append(Result(clients, bare, accepted, processed))
    db = args.database_url.split("@")[-1] if args.database_url else "SQLite"
    mode = "a separate worker process" if args.worker_process else "the same process"
    print(f"\ndatabase: {db}; mail processed in {mode}")
    print(f"{'clients':>7} {'bare 250/s':>11} {'cmebot 250/s':>13} {'% of bare':>10} {'processed/s':>12}")
    ok = True
    for r in results:
        share = 100 * r.accepted / r.bare
        ok = ok and share >= 50 and r.processed >= 20
        print(f"{r.clients:>7} {r.bare:>11.1f} {r.accepted:>13.1f} {share:>9.0f}% {r.processed:>12.1f}")
    print("targets (acceptance >= 50% of bare, >= 20 processed/s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
