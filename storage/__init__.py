"""Persistence: SQLAlchemy 2 (async) on SQLite by default, PostgreSQL at scale."""
