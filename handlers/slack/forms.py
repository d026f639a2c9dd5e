"""Which form a modal is: the reference a submitted view carries in its private metadata.

What the form is prefilled with, what is wrong with it and what it means are
the core's (`bot/forms.py`, through `Conversation.form`, `form_errors`,
`form_meaning`); the door only renders and reads it (`blocks`, `inbound`).
"""

from __future__ import annotations

import json
from typing import Any

from handlers.slack.inbound import entry_ref


def form_ref(view: dict[str, Any]) -> str:
    """What the form edits: an entry number, a draft reference, or "" for a new activity."""
    return entry_ref(str(metadata(view).get("ref") or "")) or ""


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
