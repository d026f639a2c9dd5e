"""Certificate files shared in the DM: fetched with the bot token, sniffed, handed to the core.

Slack serves `url_private` only with `Authorization: Bearer <bot token>`; the
token is sent only to Slack's own file hosts (or the configured API host in
tests), never to a URL some payload names. The declared type and name are not
trusted (paperless-ngx `mail.py`): the bytes decide what the file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.envelope import Attachment
from bot.filetypes import safe_filename, sniff
from handlers.slack import wording

MAX_MB = 20
MAX_BYTES = MAX_MB * 1024 * 1024
SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")


@dataclass(frozen=True, slots=True)
class Fetched:
    attachment: Attachment | None
    problem: str | None = None


class FileFetcher:
    def __init__(self, session: aiohttp.ClientSession, api_url: str | None) -> None:
        self._session = session
        hosts = set(SLACK_FILE_HOSTS)
        if api_url:
            host = urlsplit(api_url).hostname
            if host:
                hosts.add(host)
        self._hosts = frozenset(hosts)

    def _trusted(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.hostname or ""
        secure = parts.scheme == "https" or host in ("127.0.0.1", "localhost")
        return secure and (host in self._hosts or host.endswith(".slack.com"))

    async def fetch(self, file: dict[str, Any], token: str) -> Fetched:
        name = str(file.get("name") or file.get("title") or "certificate")
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        if int(file.get("size") or 0) > MAX_BYTES:
            return Fetched(None, wording.FILE_TOO_BIG.format(name=name, limit=MAX_MB))
        if not url or not self._trusted(url):
            return Fetched(None, wording.FILE_UNREADABLE.format(name=name))
        try:
            async with self._session.get(
                url, headers={"Authorization": f"Bearer {token}"}, timeout=aiohttp.ClientTimeout(total=60)
            ) as resp:
                if resp.status != 200:
                    return Fetched(None, wording.FILE_UNREADABLE.format(name=name))
                data = await resp.content.read(MAX_BYTES + 1)
        except (aiohttp.ClientError, TimeoutError):
            return Fetched(None, wording.FILE_UNREADABLE.format(name=name))
        if len(data) > MAX_BYTES:
            return Fetched(None, wording.FILE_TOO_BIG.format(name=name, limit=MAX_MB))
        kind = sniff(data)
        if kind is None:
            return Fetched(None, wording.FILE_UNSUPPORTED.format(name=name))
        return Fetched(Attachment(safe_filename(name, kind), kind, data))
