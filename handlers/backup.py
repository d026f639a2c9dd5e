"""`cmebot backup FILE` and `cmebot restore FILE`: a copy that restores, taken while serve runs.

On SQLite the copy is made with SQLite's online backup API: one read
transaction sees one consistent state of the file, while `serve` goes on
writing beside it (WAL lets readers and the writer pass each other). The
backup is itself a SQLite file, self-contained (no -wal beside it),
checked with `PRAGMA integrity_check` before it is given its name.
Certificates are rows of the `documents` table, so they are in it too.

On PostgreSQL the database's own tools do this better than we could
(pg_dump takes a consistent snapshot as well); the commands say how.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from handlers.settings import Settings

PG_HOWTO = """cmebot backup and restore copy a SQLite database; this one is PostgreSQL ({url}).
Use PostgreSQL's own tools, which take a consistent snapshot while cmebot runs:
  pg_dump --format=custom --file=cmebot.dump '{url}'
and to restore, into an empty database, with cmebot stopped:
  pg_restore --no-owner --dbname='{url}' cmebot.dump
  cmebot db upgrade
Certificates are rows of the documents table, so the dump holds them too."""


class BackupError(Exception):
    """Something an admin must fix; the message says what."""


@dataclass(frozen=True, slots=True)
class Contents:
    members: int
    entries: int
    certificates: int
    revision: str

    def describe(self) -> str:
        return (
            f"{self.members} member{'s' * (self.members != 1)}, {self.entries} entries, "
            f"{self.certificates} certificate{'s' * (self.certificates != 1)}, schema {self.revision}"
        )


def sqlite_path(settings: Settings) -> Path:
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        safe = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
        raise BackupError(PG_HOWTO.format(url=safe))
    if not url.database or url.database == ":memory:":
        raise BackupError("CMEBOT_DATABASE_URL is an in-memory database: there is nothing to back up")
    return Path(url.database)


def contents(conn: sqlite3.Connection) -> Contents:
    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    try:
        revision = ",".join(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")) or "none"
        return Contents(
            count("members"), count("activities WHERE deleted_at IS NULL"), count("documents"), revision
        )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"this is not a cmebot database ({exc})") from None


def _check(conn: sqlite3.Connection, what: str) -> None:
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{what} is not a SQLite database ({exc})") from None
    if result != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")


def _copy(source: sqlite3.Connection, target: Path) -> Contents:
    """Copy into `target` through a temporary name, so a half-written file never has the final name."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)  # all pages in one step: one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _check(copy, "the copy")
            found = contents(copy)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return found


def backup(settings: Settings, target: Path) -> Contents:
    database = sqlite_path(settings)
    if not database.exists():
        raise BackupError(f"there is no database at {database} yet (CMEBOT_DATA_DIR / CMEBOT_DATABASE_URL)")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new name (a backup never overwrites)")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as source:
        return _copy(source, target)


def restore(settings: Settings, backup_file: Path) -> Contents:
    """Copy `backup_file` to where the settings put the database; only into an empty data directory."""
    database = sqlite_path(settings)
    data = settings.data_dir
    if data.exists() and any(data.iterdir()):
        raise BackupError(
            f"the data directory {data} is not empty; restore only into an empty one "
            "(move the old one aside, or set CMEBOT_DATA_DIR to a new folder)"
        )
    if database.exists():
        raise BackupError(f"a database already exists at {database}; restore only into an empty place")
    if not backup_file.is_file():
        raise BackupError(f"{backup_file} does not exist")
    with contextlib.closing(sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)) as source:
        _check(source, str(backup_file))
        contents(source)  # refuses a SQLite file that is not ours
        database.parent.mkdir(parents=True, exist_ok=True)
        return _copy(source, database)
