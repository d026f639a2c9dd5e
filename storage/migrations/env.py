"""Alembic environment: runs on the connection that `storage.migrate` hands it."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo

import storage.all_models  # noqa: F401  (registers every table on Base.metadata)
from storage.models import Base

log = logging.getLogger("storage.migrate")


def _log_step(
    ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]
) -> None:
    """The one line a migration logs: which step ran (Alembic's own INFO lines are kept quiet)."""
    revision = step.up_revision_id if step.is_upgrade else ",".join(step.down_revision_ids) or "base"
    script = step.up_revision
    doc = str(getattr(script, "doc", "") or "").strip().partition("\n")[0]
    log.info("database: %s to %s (%s)", "upgraded" if step.is_upgrade else "downgraded", revision, doc)


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `cmebot db upgrade` (storage.migrate.upgrade)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    on_version_apply=_log_step,
)
with context.begin_transaction():
    context.run_migrations()
