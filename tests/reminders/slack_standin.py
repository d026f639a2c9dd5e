"""A loopback stand-in for the three Slack Web API methods reminders use, with a DM history.

`chat.postMessage` keeps the message (and its metadata) in the channel's
history before it answers, as Slack does; with `hold` set it then never
answers, so a test can kill the sending process after Slack has the message
and before the sender hears back. `hold_open` does the same one step earlier
(the process dies before it posts).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from tests.slack.fake_slack_api import BOT_TOKEN, read_call


class SlackStandIn:
    def __init__(self) -> None:
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.posts: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.hold = False
        self.hold_open = False
        self.fail_posts = False
        self._changed = asyncio.Condition()
        self._never = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base = ""
        self._ts = 0

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    async def start(self) -> SlackStandIn:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        self._never.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.calls.count(method) >= count), timeout)

    async def _note(self, method: str) -> None:
        async with self._changed:
            self.calls.append(method)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        _raw, args = await read_call(request)
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "conversations.open":
            await self._note(method)
            if self.hold_open:
                await self._never.wait()
            return web.json_response({"ok": True, "channel": {"id": "D" + str(args.get("users"))}})
        if method == "chat.postMessage":
            if self.fail_posts:
                await self._note("chat.postMessage:failed")
                return web.json_response({"ok": False, "error": "ratelimited"})
            self._ts += 1
            metadata = args.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            message = {"ts": f"1800000000.{self._ts:06d}", "text": args.get("text"), "metadata": metadata}
            channel = str(args.get("channel"))
            self.history.setdefault(channel, []).insert(0, message)
            self.posts.append({"channel": channel, **args})
            await self._note(method)
            if self.hold:
                await self._never.wait()
            return web.json_response({"ok": True, "channel": channel, "ts": message["ts"]})
        if method == "conversations.history":
            await self._note(method)
            include = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
            messages = [
                m if include else {k: v for k, v in m.items() if k != "metadata"}
                for m in self.history.get(str(args.get("channel")), [])
            ]
            return web.json_response({"ok": True, "messages": messages, "has_more": False})
        return web.json_response({"ok": False, "error": "unknown_method"})
