"""manifest.yml creates the app the door expects, in one paste."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.slack.door import EVENTS_PATH, SCOPES

MANIFEST = (Path(__file__).resolve().parents[2] / "manifest.yml").read_text()


def _list_after(key: str) -> list[str]:
    block = MANIFEST.split(f"{key}:\n", 1)[1]
    items = []
    for line in block.splitlines():
        found = re.match(r"^\s+- (\S+)$", line)
        if not found:
            break
        items.append(found.group(1))
    return items


def test_the_manifest_asks_for_exactly_the_scopes_the_oauth_flow_asks_for() -> None:
    assert sorted(_list_after("    bot")) == sorted(SCOPES)


def test_the_manifest_subscribes_to_the_events_the_door_listens_to() -> None:
    assert sorted(_list_after("    bot_events")) == [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "file_shared",
        "message.im",
        "tokens_revoked",
    ]


def test_every_request_url_is_the_one_endpoint() -> None:
    urls = re.findall(r"(?:url|request_url): (\S+)", MANIFEST)
    assert len(urls) == 3 and all(u.endswith(EVENTS_PATH) for u in urls)
    assert "command: /cme" in MANIFEST
    assert "home_tab_enabled: true" in MANIFEST and "messages_tab_enabled: true" in MANIFEST
    assert "is_enabled: true" in MANIFEST  # interactivity: buttons and the modal
