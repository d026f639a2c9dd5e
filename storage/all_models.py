"""Imports every module that defines tables, so metadata and Alembic see them all."""

from storage import mail_models, models, reminder_models  # noqa: F401
