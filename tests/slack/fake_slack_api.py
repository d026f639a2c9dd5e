"""A loopback stand-in for Slack's Web API that records every call (bolt-python's mock server, improved).

Binds port 0, answers the methods cmebot uses with documented response
shapes, serves `url_private` downloads only with the right bearer token,
accepts the two-step upload's POST and `response_url` posts, and records
each call's method and body. Tests await calls with `wait_for` (an
`asyncio.Condition` with a timeout), never with sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_TOKEN = "xoxb-test-token"
TEAM = "T0CME"
BOT_USER = "UBOT0CME"


@dataclass
class Call:
    method: str  # "chat.postMessage", "upload", "response_url", "download"
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""

    def blocks_text(self) -> str:
        """Every text in the call's blocks (and view blocks), for assertions."""
        blocks = self.args.get("blocks") or (self.args.get("view") or {}).get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        return json.dumps(blocks, ensure_ascii=False)


class FakeSlackApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}  # path under /files/ -> content
        self.redirects: dict[str, str] = {}  # path under /files/ -> where a 302 sends the download
        self.file_objects: dict[str, dict[str, Any]] = {}  # files.info answers
        self.ephemeral_fails_in: set[str] = set()  # channels where chat.postEphemeral says channel_not_found
        self.users_info_fails = False  # users.info answers an error (missing scope, Slack trouble)
        self.users_info_gate: asyncio.Event | None = None  # users.info answers once this is set (slow Slack)
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.base = ""

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    async def start(self) -> FakeSlackApi:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_get("/files/{name}", self._download)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- what tests read ------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        where: Callable[[Call], bool] = lambda c: True,
        timeout: float = 10.0,
    ) -> list[Call]:
        def matching() -> list[Call]:
            return [c for c in self.calls if c.method == method and where(c)]

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(matching()) >= count), timeout)
        return matching()

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base}/response/{name}"

    def file_url(self, name: str) -> str:
        return f"{self.base}/files/{name}"

    # ---- the server ---------------------------------------------------------------------

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw, args = await read_call(request)
        headers = {k.lower(): v for k, v in request.headers.items()}
        auth = headers.get("authorization", "")
        if method != "apps.connections.open" and auth != f"Bearer {BOT_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "users.info" and self.users_info_gate is not None:
            await self._record(Call("users.info:waiting", args, headers, raw))
            await self.users_info_gate.wait()
        answer = self._answer(method, args)
        await self._record(Call(method, args, headers, raw))
        return web.json_response(answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1617800000.{next(self._ids):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://cme-test.slack.com/",
                "team": "CME Test",
                "user": "cmebot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": "B0CME",
            }
        if method == "users.info":
            if self.users_info_fails:
                return {"ok": False, "error": "missing_scope"}
            user_id = str(args.get("user"))
            return {"ok": True, "user": self.users.get(user_id) or default_user(user_id)}
        if method == "chat.postEphemeral":
            if args.get("channel") in self.ephemeral_fails_in:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "message_ts": ts}
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": args.get("channel"),
                "ts": ts,
                "message": {"text": args.get("text")},
            }
        if method in ("views.open", "views.publish", "views.update"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": f"V{next(self._ids)}", **(view or {})}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", ""))}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):06d}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(args.get("files") or "[]")
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base.replace("http://", "ws://") + "/socket"}
        if method == "files.info":
            file_id = str(args.get("file"))
            if file_id not in self.file_objects:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": self.file_objects[file_id]}
        return {"ok": True}

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then record each envelope acknowledgement the app sends back."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0CME"}})
        async for message in ws:
            if message.type == web.WSMsgType.TEXT:
                await self._record(Call("socket_ack", json.loads(message.data)))
        self._sockets.remove(ws)
        return ws

    async def socket_send(self, envelope: dict[str, Any]) -> None:
        """Deliver one Socket Mode envelope (events_api, slash_commands, interactive) to the app."""
        await self.wait_for("apps.connections.open")
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._sockets)), 10)
        await self._sockets[-1].send_json(envelope)

    async def _upload(self, request: web.Request) -> web.Response:
        raw = await request.read()
        await self._record(Call("upload", {"file_id": request.match_info["file_id"]}, raw=raw))
        return web.Response(text="OK - " + str(len(raw)))

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Call("response_url", body))
        return web.Response(text="ok")

    async def _download(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        auth = request.headers.get("Authorization", "")
        await self._record(Call("download", {"name": name}, {"authorization": auth}))
        if name in self.redirects:
            raise web.HTTPFound(self.redirects[name])
        if auth != f"Bearer {BOT_TOKEN}" or name not in self.files:
            # Slack answers an unauthenticated file URL with its HTML sign-in page.
            return web.Response(text="<!DOCTYPE html><html>Sign in</html>", content_type="text/html")
        return await _stream(request, self.files[name])


async def read_call(request: web.Request) -> tuple[bytes, dict[str, Any]]:
    """A Web API call's body and arguments, however slack_sdk sent them."""
    raw = await request.read()
    # slack_sdk sends some arguments as a query string even on POST.
    args: dict[str, Any] = dict(request.query.items())
    if request.content_type == "application/json":
        args.update(json.loads(raw or b"{}"))
    elif request.method == "POST":
        args.update((await request.post()).items())
    return raw, args


def default_user(user_id: str) -> dict[str, Any]:
    """users.info's shape, for a physician whose profile e-mail Slack has confirmed."""
    name = f"Dr {user_id.title()}"
    return {
        "id": user_id,
        "team_id": TEAM,
        "name": user_id.lower(),
        "real_name": name,
        "tz": "America/Chicago",
        "is_bot": False,
        "is_email_confirmed": True,
        "profile": {
            "real_name": name,
            "display_name": user_id.lower(),
            "email": f"{user_id.lower()}@example.org",
        },
    }


async def _stream(request: web.Request, data: bytes) -> web.StreamResponse:
    """A download sent in 64 KB writes, as a real file host sends a large file."""
    resp = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    resp.content_length = len(data)
    await resp.prepare(request)
    for start in range(0, len(data), 64 * 1024):
        await resp.write(data[start : start + 64 * 1024])
    await resp.write_eof()
    return resp
