"""Alembic environment: runs on the connection that `storage.migrate` hands it."""

from __future__ import annotations

from alembic import context

import storage.all_models  # noqa: F401  (registers every table on Base.metadata)
from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `cmebot db upgrade` (storage.migrate.upgrade)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
