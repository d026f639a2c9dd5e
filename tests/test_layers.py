"""Doors translate, the core decides (issue 13): who may import what, checked on the source.

A door (handlers/slack/, handlers/email/, and any door to come) turns its
transport's payloads into the core's vocabulary and renders the core's answer.
It may import only that vocabulary: `bot.envelope` (what goes in and out, and
what it deliberately re-exports for rendering), `bot.conversation` (the one
object that answers) and `bot.ports` (the store's seam and its types). Nothing
else of `bot`, and nothing of `storage`: a decision that needs more belongs in
the core, behind those three.

Composition is not a door. `handlers/app.py` is the composition root (it builds
the store and the conversation); `handlers/cli.py`, `handlers/serve.py`,
`handlers/replay.py`, `handlers/parse_command.py` and `handlers/console.py` are
commands that assemble and drive the parts, so they may import anything; so are
the operator's tools (`doctor`, `backup`, `/healthz` and `/metrics`, the log
set-up), which inspect the parts the way an administrator would.
`handlers/settings.py` reads configuration and imports no core at all.

Both doors hold to it with no exceptions (the e-mail door's queue is a
protocol it owns, `handlers/email/queue.py`, which storage implements).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ROOT / "handlers"
CORE = ROOT / "bot"

COMPOSITION = {
    "handlers/app.py",
    "handlers/cli.py",
    "handlers/serve.py",
    "handlers/replay.py",
    "handlers/parse_command.py",
    "handlers/console.py",
    # operator tooling: health, metrics, doctor, backup look at the parts directly, as an admin would
    "handlers/doctor.py",
    "handlers/metrics.py",
    "handlers/metrics_share.py",
    "handlers/ops_http.py",
    "handlers/backup.py",
    "handlers/message_log.py",
    "handlers/logging_setup.py",
    # the reminder scheduler: wires the core's planning to the queue's rows and the doors' senders
    "handlers/reminders_runner.py",
    "handlers/reminders_send.py",
}
DOOR_MAY_IMPORT = {"bot.envelope", "bot.conversation", "bot.ports"}


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (a function's lazy import counts too).

    `from bot import messages` names the module `bot.messages`; `from bot.x import y`
    names `bot.x` (y is a name in it, or a submodule that is then also `bot.x.y`).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in ("bot", "storage"):
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
    return found


def _layer(name: str) -> str:
    return name.split(".", 1)[0]


def door_violations(path: Path) -> set[tuple[str, str]]:
    rel = path.relative_to(ROOT).as_posix()
    return {
        (rel, name)
        for name in imported_modules(path)
        if _layer(name) == "storage" or (_layer(name) == "bot" and name not in DOOR_MAY_IMPORT)
    }


def doors() -> list[Path]:
    return sorted(p for p in HANDLERS.rglob("*.py") if p.relative_to(ROOT).as_posix() not in COMPOSITION)


def test_doors_import_only_the_envelope_the_conversation_and_the_ports() -> None:
    new = set().union(*(door_violations(p) for p in doors()))
    assert not new, "a door reaches past the envelope, the conversation and the ports:\n" + "\n".join(
        f"  {module} imports {name}" for module, name in sorted(new)
    )


@pytest.mark.parametrize("door", ["slack", "email"])
def test_every_door_exists_and_reaches_no_database_error(door: str) -> None:
    files = [p for p in doors() if door in p.parts]
    assert files
    assert not [(p, n) for p in files for n in imported_modules(p) if _layer(n) == "sqlalchemy"]


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_core_imports_no_door_no_storage_no_transport(path: Path) -> None:
    outside = {"handlers", "storage", "sqlalchemy", "slack_sdk", "slack_bolt", "aiosmtpd", "aiohttp"}
    assert not {n for n in imported_modules(path) if _layer(n) in outside}


def test_storage_reaches_a_door_only_for_the_seam_that_door_owns() -> None:
    """A door owns its queue's protocol and values (handlers/email/queue.py); storage implements them."""
    for path in sorted((ROOT / "storage").rglob("*.py")):
        reached = {n for n in imported_modules(path) if _layer(n) == "handlers"}
        assert reached <= {"handlers.email.queue"}, path


def test_the_checker_sees_lazy_and_aliased_imports(tmp_path: Path) -> None:
    module = tmp_path / "door.py"
    module.write_text(
        "from bot import messages as say\n"
        "import storage.models\n"
        "def f():\n"
        "    from bot.drafting import build\n"
        "from bot.envelope import Reply\n"
    )
    assert imported_modules(module) >= {"bot.messages", "storage.models", "bot.drafting", "bot.envelope"}


def test_the_cores_text_limits_are_the_records_columns() -> None:
    """The form allows what the record holds (bot.domain.TEXT_LIMITS), no more and no less."""
    from sqlalchemy import String

    from bot.domain import TEXT_LIMITS
    from storage.models import ActivityRow

    columns = ActivityRow.__table__.columns
    for name, limit in TEXT_LIMITS.items():
        column_type = columns[name].type
        assert isinstance(column_type, String) and column_type.length == limit, name
