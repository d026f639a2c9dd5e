"""`cmebot parse --jsonl IN.jsonl [--now ISO] [--tz ZONE]`: the parse contract's CLI.

One JSON line out per input line, in order (see the corpus SCHEMA.md). Heavy
imports (pypdfium2, Pillow, dateparser) happen only when a line needs them, so the
first answer comes quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.drafting import with_recording_problems

DEFAULT_TZ = "America/New_York"


def _now(raw: str | None, tz: str) -> datetime:
    zone = ZoneInfo(tz)
    if not raw:
        return datetime.now(zone)
    value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if value.tzinfo is None:
        if len(raw) <= 10:  # a bare date: noon that day in the member's zone
            value = value.replace(hour=12)
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def parse_line(item: dict[str, object], base: Path, now_raw: str | None, tz: str) -> dict[str, object]:
    from bot.understanding.reading import understand

    line_tz = str(item.get("tz") or tz)
    try:
        now = _now(str(item["now"]) if item.get("now") else now_raw, line_tz)
    except (ZoneInfoNotFoundError, ValueError):
        now = _now(now_raw, tz)
    kind = str(item.get("kind") or "message")
    text = item.get("text")
    if item.get("path") and not text:
        from bot.understanding.documents import CertificateUnreadable, read_certificate

        path = base / str(item["path"])
        try:
            text = read_certificate(path.read_bytes(), path.name)
        except (CertificateUnreadable, OSError) as exc:
            return {"intent": "reject", "fields": {}, "problems": [str(exc)]}
        kind = "certificate"
    understood = understand(str(text or ""), now=now, kind=kind)
    return with_recording_problems(understood, now.date(), line_tz).to_json()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cmebot parse", description="Understand a JSONL corpus.")
    parser.add_argument("--jsonl", required=True, help="input file, one JSON object a line")
    parser.add_argument("--now", default=None, help="reference instant or date (ISO 8601)")
    parser.add_argument("--tz", default=DEFAULT_TZ, help="IANA time zone of the member")
    args = parser.parse_args(argv)
    source = Path(args.jsonl)
    base = source.parent
    out = sys.stdout
    with source.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{source}:{number}: not JSON: {exc}", file=sys.stderr)
                return 2
            result = parse_line(item, base, args.now, args.tz)
            try:
                out.write(json.dumps({"id": item.get("id"), **result}, ensure_ascii=False) + "\n")
                out.flush()
            except BrokenPipeError:  # `cmebot parse … | head`: the reader has all it wanted
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
