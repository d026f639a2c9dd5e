"""A placeholder understanding until the real one lands (issue 3)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.understanding.contract import Fields, Intent, Understanding


def understand(text: str, *, now: datetime, kind: str = "message") -> Understanding:
    low = text.strip().lower()
    if not low:
        return Understanding(Intent.REJECT, problems=["The message is empty."])
    if low in {"yes", "y", "confirm", "ok"}:
        return Understanding(Intent.CONFIRM)
    if low in {"cancel", "no", "never mind"}:
        return Understanding(Intent.CANCEL)
    if low in {"undo"} or "remove the last" in low:
        return Understanding(Intent.DELETE, {"ref": "last"})
    m = re.match(r"delete\s+#?(\d+)", low)
    if m:
        return Understanding(Intent.DELETE, {"ref": m.group(1)})
    if low.startswith("help"):
        return Understanding(Intent.HELP)
    if "need" in low:
        return Understanding(Intent.NEED, {"metric": "all"})
    if "summary" in low or "where do i stand" in low:
        return Understanding(Intent.SUMMARY)
    if "report" in low:
        return Understanding(Intent.REPORT, {"period": "current", "format": "pdf"})
    fields: Fields = {}
    m = re.search(r"(\d+(?:\.\d+)?)\s*cat\s*([12])", low)
    if m:
        fields["credits"] = Decimal(m.group(1))
        fields["category"] = m.group(2)
    m = re.search(r'"([^"]+)"', text)
    if m:
        fields["title"] = m.group(1)
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:ps|patient safety)", low)
    if m:
        fields["patient_safety_credits"] = Decimal(m.group(1))
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:plastic|plastics)", low)
    if m:
        fields["plastic_surgery_credits"] = Decimal(m.group(1))
    m = re.search(r"provider[: ]+([A-Za-z .']+)", text)
    if m:
        fields["provider"] = m.group(1).strip()
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", low)
    day: date | None = None
    if m:
        day = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    elif "yesterday" in low:
        day = now.date() - timedelta(days=1)
    elif "today" in low:
        day = now.date()
    if day:
        fields["start_date"] = day
        fields["end_date"] = day
    if not fields:
        return Understanding(Intent.REJECT, problems=["I couldn't find a CME activity in that."])
    return Understanding(Intent.LOG, fields)


def read_certificate(data: bytes, filename: str) -> str:
    return ""
