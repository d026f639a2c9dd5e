"""Imports every module that defines tables, so metadata and Alembic see them all."""

from storage import mail_models, models  # noqa: F401
