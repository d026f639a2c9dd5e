"""`cmebot`: the command line.

Heavy imports (SQLAlchemy, Slack, reportlab) happen inside the subcommand that
needs them, so `cmebot parse` starts in well under a second.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.app import App
    from handlers.settings import Settings


SERVICES = frozenset({"serve", "mail-worker"})


class _Subcommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Every subcommand (and sub-subcommand) takes -v too, so `cmebot member list -v` works."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = super().add_parser(name, **kwargs)
        parser.register("action", "parsers", _Subcommands)
        parser.add_argument(
            "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="say more (-vv: everything)"
        )
        return parser


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cmebot", description="Your CME record, kept by talking.")
    p.register("action", "parsers", _Subcommands)
    p.add_argument("-v", "--verbose", action="count", default=0, help="say more (-vv: everything)")
    sub = p.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--as", dest="email", required=True, help="the member's e-mail address")

    member = sub.add_parser("member", help="add or list members").add_subparsers(dest="action", required=True)
    add = member.add_parser("add", help="add a member (the address counts as verified)")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--slack", help="TEAM:USER of their Slack account")
    add.add_argument("--cycle-end", type=int, help="the year their current ASPS cycle ends")
    add.add_argument("--tz", help="IANA time zone, e.g. America/Chicago")
    add.add_argument("--asps-id", help="ASPS member ID shown on reports")
    add.add_argument("--home", help="home 'City, ST, US' used when an activity has no location")
    member.add_parser("list", help="list members")
    cycle = member.add_parser("cycle", help="set when a member's cycle ends")
    cycle.add_argument("--email", required=True)
    cycle.add_argument("--cycle-end", type=int, required=True)

    profiles = member.add_parser("profiles", help="the requirement sets a member answers to (licences, DEA)")
    profiles.add_argument("--email", required=True)
    profiles.add_argument("--add", action="append", default=[], help="a set to track: texas, florida, abps …")
    profiles.add_argument("--remove", action="append", default=[], help="a set to stop tracking")
    profiles.add_argument(
        "--renews", type=date.fromisoformat, help="YYYY-MM-DD: the added set's renewal date"
    )
    dea = profiles.add_mutually_exclusive_group()
    dea.add_argument("--dea", action="store_true", default=None, help="they are DEA-registered")
    dea.add_argument("--no-dea", dest="dea", action="store_false", help="they are not DEA-registered")
    profiles.add_argument("--list", action="store_true", help="show what they track (the default)")

    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="apply migrations")

    sub.add_parser("serve", help="start every configured door (e-mail; Slack when its tokens are set)")
    sub.add_parser(
        "mail-worker", help="process received mail only (started by serve with CMEBOT_MAIL_WORKER_PROCESS)"
    )

    sub.add_parser("doctor", help="check this machine is ready: tools, fonts, database, ports, Slack, disk")
    backup = sub.add_parser("backup", help="write a consistent copy of the database, safe while serve runs")
    backup.add_argument("file", help="the backup file to create (never overwritten)")
    restore = sub.add_parser("restore", help="restore a backup into an empty data directory")
    restore.add_argument("file", help="a file written by `cmebot backup`")

    parse = sub.add_parser("parse", help="understand messages/certificates (corpus contract)")
    parse.add_argument("rest", nargs=argparse.REMAINDER)

    report = sub.add_parser("report", help="write a member's CME report")
    report.add_argument("--member", required=True, help="the member's e-mail address")
    report.add_argument("--period", default="current", help="current | previous | YYYY-MM-DD..YYYY-MM-DD")
    report.add_argument("--format", default="pdf", choices=["pdf", "csv", "zip"])
    report.add_argument("-o", "--output", required=True, help="file to write")
    report.add_argument("--set", dest="set_name", help="one requirement set's report: texas, florida …")

    imp = sub.add_parser("import", help="import a CSV data file into a member's record")
    imp.add_argument("file")
    imp.add_argument("--member", required=True, help="the member's e-mail address")
    imp.add_argument("--dry-run", action="store_true", help="check every row, change nothing")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["parse"]:
        from handlers.parse_command import main as parse_main

        return parse_main(argv[1:])
    if argv[:1] == ["replay"]:
        from handlers.replay import main as replay_main

        return replay_main(argv[1:])
    args = _parser().parse_args(argv)
    from handlers.logging_setup import configure
    from handlers.settings import ConfigError, load

    service = args.command in SERVICES
    try:
        settings = load()
    except ConfigError as exc:
        print(f"cmebot: configuration error: {exc}", file=sys.stderr)
        return 2
    configure(verbosity=args.verbose, service=service, fmt=settings.log_format)
    if args.command in STANDALONE:
        # These must not build the app: building it migrates (doctor reports the schema as it is;
        # restore needs an empty data directory).
        try:
            return asyncio.run(STANDALONE[args.command](settings, args))
        except KeyboardInterrupt:
            return 130
    if args.command == "serve" and settings.mail_worker_process:
        from handlers.metrics_share import share

        share()  # before prometheus-client is imported: the worker child's counts reach /metrics
    command: Callable[[App, argparse.Namespace], Awaitable[int]] = COMMANDS[args.command]

    async def run() -> int:
        from handlers.app import build_app

        app = await build_app(settings)
        try:
            return await command(app, args)
        finally:
            await app.close()

    try:
        return asyncio.run(run())
    except KeyboardInterrupt:
        return 130


async def _chat(app: App, args: argparse.Namespace) -> int:
    from handlers.console import chat

    return await chat(app, args.email)


async def _member(app: App, args: argparse.Namespace) -> int:
    from bot.ports import Identity

    if args.action == "list":
        for m in await app.store.list_members():
            cycle = f"cycle ends {m.cycle_end_year}" if m.cycle_end_year else "default cycle"
            print(f"{m.id}\t{m.name}\t{m.email or '-'}\t{m.timezone}\t{cycle}")
        return 0
    if args.action == "profiles":
        return await _profiles(app, args)
    if args.action == "cycle":
        found = await app.store.member_by_identity("email", args.email)
        if found is None:
            print(f"No member with the address {args.email}.", file=sys.stderr)
            return 1
        await app.store.set_cycle_end(found[0].id, args.cycle_end)
        print(f"{found[0].name}'s cycle now ends in {args.cycle_end}.")
        return 0
    if await app.store.member_by_identity("email", args.email) is not None:
        print(f"{args.email} is already a member.", file=sys.stderr)
        return 1
    identities = [Identity("email", args.email, verified=True)]
    if args.slack:
        if ":" not in args.slack:
            print("--slack must be TEAM:USER, e.g. T0123:U0456", file=sys.stderr)
            return 2
        identities.append(Identity("slack", args.slack, verified=True))
    home = (*(p.strip() or None for p in (args.home or "").split(",")), None, None, None)
    member = await app.store.create_member(
        name=args.name,
        timezone=args.tz or app.settings.default_timezone,
        identities=identities,
        cycle_end_year=args.cycle_end,
        asps_id=args.asps_id,
        home=(home[0], home[1], home[2]),
    )
    print(f"Added {member.name} <{args.email}> (member {member.id}).")
    print(f"They can e-mail certificates to cme@{app.settings.mail_domain} from that address.")
    return 0


async def _profiles(app: App, args: argparse.Namespace) -> int:
    from bot.profile_reading import set_code
    from bot.profiles import command_request, respond
    from bot.timekeeping import member_now

    found = await app.store.member_by_identity("email", args.email)
    if found is None:
        print(f"No member with the address {args.email}.", file=sys.stderr)
        return 1
    unknown = [name for name in [*args.add, *args.remove] if set_code(name) is None]
    if unknown:
        print(f"No requirement set named {', '.join(unknown)}.", file=sys.stderr)
        return 2
    if args.renews and len(args.add) != 1:
        print("--renews goes with exactly one --add (run once per licence).", file=sys.stderr)
        return 2
    request = command_request(
        add=[c for c in map(set_code, args.add) if c],
        remove=[c for c in map(set_code, args.remove) if c],
        renews=args.renews,
        dea=args.dea,
    )
    member = found[0]
    print(await respond(app.store, member, request, member_now(member).date()))
    return 0


async def _db(app: App, args: argparse.Namespace) -> int:
    print("Database is at the latest schema.")
    return 0


async def _serve(app: App, args: argparse.Namespace) -> int:
    from handlers.serve import serve

    return await serve(app)


async def _mail_worker(app: App, args: argparse.Namespace) -> int:
    from handlers.email.process import run_worker_process
    from handlers.serve import stop_signal

    await run_worker_process(app, stop_signal())
    return 0


async def _report(app: App, args: argparse.Namespace) -> int:
    from bot.reports import build_report, render
    from bot.timekeeping import member_now, parse_period

    found = await app.store.member_by_identity("email", args.member)
    if found is None:
        print(f"No member with the address {args.member}.", file=sys.stderr)
        return 1
    member = found[0]
    now = member_now(member)
    today = now.date()
    try:
        period = parse_period(member, today, args.period)
    except ValueError:
        print("--period must be current, previous or YYYY-MM-DD..YYYY-MM-DD", file=sys.stderr)
        return 2
    from bot.requirements import Period
    from bot.set_answers import report_sets

    asked = f"{args.set_name} report" if args.set_name else ""
    sets, only, refused = await report_sets(app.store, member, today, asked)
    if refused or (args.set_name and only is None and "asps" not in args.set_name.lower()):
        print(refused or f"No requirement set named {args.set_name}.", file=sys.stderr)
        return 2
    if only is not None and only.window is not None:
        period = Period(only.window.start, only.window.end, only.set.short)
    data = await build_report(
        app.store,
        member,
        period,
        today,
        now,
        with_documents=args.format == "zip",
        sets=sets,
        only=only.set.code if only else None,
    )
    file = render(data, args.format)
    Path(args.output).write_bytes(file.data)
    print(f"Wrote {args.output} ({len(file.data):,} bytes, {len(data.entries)} entries).")
    return 0


async def _import(app: App, args: argparse.Namespace) -> int:
    from bot.importing import import_csv

    found = await app.store.member_by_identity("email", args.member)
    if found is None:
        print(f"No member with the address {args.member}.", file=sys.stderr)
        return 1
    result = await import_csv(app.store, found[0], Path(args.file).read_bytes(), dry_run=args.dry_run)
    for line in result.lines:
        print(line)
    return 0 if result.ok else 1


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.doctor import doctor

    return await doctor(settings, sys.stdout)


async def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.backup import BackupError, backup

    target = Path(args.file).resolve()
    try:
        found = await asyncio.to_thread(backup, settings, target)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Backed up to {target} ({target.stat().st_size:,} bytes): {found.describe()}.")
    return 0


async def _restore(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.backup import BackupError, restore
    from storage.engine import make_engine
    from storage.migrate import upgrade

    try:
        found = await asyncio.to_thread(restore, settings, Path(args.file))
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)  # a backup from an older release gets this release's schema
    finally:
        await engine.dispose()
    print(f"Restored {args.file} into {settings.data_dir}: {found.describe()}.")
    return 0


STANDALONE: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "doctor": _doctor,
    "backup": _backup,
    "restore": _restore,
}

COMMANDS: dict[str, Callable[[Any, argparse.Namespace], Awaitable[int]]] = {
    "chat": _chat,
    "member": _member,
    "db": _db,
    "serve": _serve,
    "mail-worker": _mail_worker,
    "report": _report,
    "import": _import,
}
