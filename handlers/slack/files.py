"""Certificate files shared in the DM: fetched with the bot token, sniffed, handed to the core.

Slack serves `url_private` only with `Authorization: Bearer <bot token>`; the
token is sent only to Slack's own file hosts (or the configured API host in
tests), never to a URL some payload names. Redirects are followed by hand,
one hop at a time, and only while each hop stays on those hosts: aiohttp's
own following would carry the request (and its token) wherever a `Location`
points. The declared type and name are not trusted (paperless-ngx `mail.py`):
the bytes decide what the file is.

The body is read to its end in chunks under a running limit. One
`read(n)` returns only what is buffered at that moment (about 128 KB on
loopback), which once kept the first 128 KB of a 548 KB PDF as the
"certificate".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.envelope import MAX_FILE_BYTES, Attachment, safe_filename, sniff, too_large
from handlers.slack import wording

MAX_BYTES = MAX_FILE_BYTES  # the core's limit for a certificate file, whatever door it comes by
MAX_REDIRECTS = 3
CHUNK = 256 * 1024
SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class Fetched:
    attachment: Attachment | None
    problem: str | None = None


class _TooBig(Exception):
    pass


class _Refused(Exception):
    pass


class FileFetcher:
    def __init__(
        self, session: aiohttp.ClientSession, api_url: str | None, max_bytes: int = MAX_BYTES
    ) -> None:
        self._session = session
        self.max_bytes = max_bytes
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

    def _too_big(self, name: str) -> Fetched:
        return Fetched(None, too_large(name, self.max_bytes / (1024 * 1024)))

    async def fetch(self, file: dict[str, Any], token: str) -> Fetched:
        name = str(file.get("name") or file.get("title") or "certificate")
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        try:
            declared = int(file.get("size") or 0)
        except (TypeError, ValueError):
            declared = 0
        if declared > self.max_bytes:
            return self._too_big(name)
        if not url or not self._trusted(url):
            return Fetched(None, wording.FILE_UNREADABLE.format(name=name))
        try:
            data = await self._download(url, token)
        except _TooBig:
            return self._too_big(name)
        except (_Refused, aiohttp.ClientError, TimeoutError):
            return Fetched(None, wording.FILE_UNREADABLE.format(name=name))
        kind = sniff(data)
        if kind is None:
            return Fetched(None, wording.FILE_UNSUPPORTED.format(name=name))
        return Fetched(Attachment(safe_filename(name, kind), kind, data))

    async def _download(self, url: str, token: str) -> bytes:
        """The whole body, following at most MAX_REDIRECTS redirects that stay on Slack's hosts."""
        timeout = aiohttp.ClientTimeout(total=60)
        for _ in range(MAX_REDIRECTS + 1):
            async with self._session.get(
                url,
                headers={"Authorization": f"Bearer {token}"},
                timeout=timeout,
                allow_redirects=False,
            ) as resp:
                if resp.status in _REDIRECTS:
                    location = resp.headers.get("Location", "")
                    url = urljoin(url, location)
                    if not location or not self._trusted(url):
                        raise _Refused(url)
                    continue
                if resp.status != 200:
                    raise _Refused(url)
                if (resp.content_length or 0) > self.max_bytes:
                    raise _TooBig
                return await self._read_all(resp)
        raise _Refused(url)

    async def _read_all(self, resp: aiohttp.ClientResponse) -> bytes:
        data = bytearray()
        async for chunk in resp.content.iter_chunked(CHUNK):
            data += chunk
            if len(data) > self.max_bytes:
                raise _TooBig
        return bytes(data)
