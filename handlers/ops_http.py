"""GET /healthz and GET /metrics on the HTTP port, for a load balancer, systemd and Prometheus.

They ride on the Slack door's aiohttp server when Slack is on (the door
mounts `App.http_routes`), and on a small server of their own otherwise, so
a mail-only installation is watched the same way. /metrics answers only
loopback clients unless CMEBOT_METRICS_PUBLIC=1: queue depths and traffic
are nobody else's business. A request that came through a proxy (it
carries X-Forwarded-For) is not loopback, wherever the proxy runs.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import Any, Protocol

from aiohttp import web

from handlers.app import App
from storage.health import ping

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
DB_TIMEOUT = 5.0


class MailDoor(Protocol):
    def alive(self) -> bool: ...


def is_loopback(request: web.Request) -> bool:
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


class OpsHttp:
    def __init__(self, app: App) -> None:
        self.app = app
        self.mail: MailDoor | None = None  # set by serve once the e-mail door runs
        self.runner: web.AppRunner | None = None

    def routes(self) -> list[web.RouteDef]:
        return [web.get(HEALTH_PATH, self.health), web.get(METRICS_PATH, self.metrics)]

    async def health(self, _: web.Request) -> web.Response:
        """200 when the database answers and the mail worker runs; 503 and what is wrong otherwise."""
        checks: dict[str, Any] = {}
        try:
            await asyncio.wait_for(ping(self.app.store.database), DB_TIMEOUT)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"not answering ({type(exc).__name__})"
        alive = self.mail is not None and self.mail.alive()
        checks["mail_worker"] = "ok" if alive else "not running"
        ok = all(value == "ok" for value in checks.values())
        return web.json_response({"ok": ok, **checks}, status=200 if ok else 503)

    async def metrics(self, request: web.Request) -> web.Response:
        if not (self.app.settings.metrics_public or is_loopback(request)):
            raise web.HTTPForbidden(
                text="/metrics answers this machine only (CMEBOT_METRICS_PUBLIC=1 opens it)"
            )
        try:
            await asyncio.wait_for(self.app.metrics.refresh(self.app.store.database), DB_TIMEOUT)
        except Exception:
            log.warning("metrics: could not read queue depths from the database", exc_info=True)
        body = self.app.metrics.render()
        return web.Response(body=body, headers={"Content-Type": self.app.metrics.content_type})

    async def start(self) -> int:
        """A server of our own on CMEBOT_HTTP_HOST:CMEBOT_HTTP_PORT (when no door serves HTTP)."""
        application = web.Application()
        application.add_routes(self.routes())
        self.runner = web.AppRunner(application, access_log=None)
        await self.runner.setup()
        settings = self.app.settings
        site = web.TCPSite(self.runner, settings.http_host, settings.http_port)
        await site.start()
        port = next(
            (int(a[1]) for a in self.runner.addresses if isinstance(a, tuple) and len(a) >= 2),
            settings.http_port,
        )
        log.info("http: %s and %s on %s:%s", HEALTH_PATH, METRICS_PATH, settings.http_host, port)
        return port

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
