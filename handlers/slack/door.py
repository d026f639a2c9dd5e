"""`start(app) -> SlackDoor`: the Slack app on the process's own event loop.

HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET): one aiohttp server with
`POST /slack/events` for every request Slack sends, and `GET /healthz` for
load balancers; with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET also the OAuth
install flow (`/slack/install`, `/slack/oauth_redirect`), installations kept
in our database. Socket Mode (SLACK_APP_TOKEN) needs no public URL.

The server runs on the app's loop rather than in Bolt's own `start()`,
because the async database engine belongs to the loop that made it. One
aiohttp session serves every Web API call, file download and response_url
post, so connections are reused instead of opened per call.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.conversation import Conversation
from handlers.app import App
from handlers.settings import ConfigError, Settings
from handlers.slack.files import FileFetcher
from handlers.slack.linking import LinkCodes
from handlers.slack.listeners import Listeners
from handlers.slack.members import Members
from handlers.slack.replies import Replies
from handlers.slack.signing import DropBodyLogging, Signatures

log = logging.getLogger(__name__)


class _BenignTokenWarnings(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself, then warns that our client or
    `authorize` supplies the token instead; that is intended here, so it is not worth a warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("`token` will be unused" in message or "`token` (or SLACK_BOT_TOKEN" in message)


logging.getLogger("slack_bolt.AsyncApp").addFilter(_BenignTokenWarnings())
logging.getLogger("slack_bolt.RequestVerification").addFilter(DropBodyLogging())

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Mirrors manifest.yml; the OAuth flow asks for exactly these.
SCOPES = (
    "commands",
    "chat:write",
    "im:history",
    "im:read",
    "im:write",
    "app_mentions:read",
    "files:read",
    "files:write",
    "users:read",
    "users:read.email",
)
STOP_GRACE_SECONDS = 10.0


@dataclass(slots=True)
class SlackDoor:
    bolt: AsyncApp
    listeners: Listeners
    session: aiohttp.ClientSession
    runner: web.AppRunner | None = None
    socket: Any = None  # AsyncSocketModeHandler when in Socket Mode
    port: int | None = None

    async def idle(self) -> None:
        """Wait for replies still being worked on after their ack (tests, shutdown)."""
        await self.listeners.idle()

    async def stop(self) -> None:
        """Stop taking requests, let started replies finish, then close connections."""
        if self.socket is not None:
            await self.socket.close_async()
        if self.runner is not None:
            await self.runner.cleanup()
        try:
            await asyncio.wait_for(self.listeners.idle(), STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning("Slack replies still running after %.0f s; stopping anyway", STOP_GRACE_SECONDS)
        await self.listeners.close()
        await self.session.close()


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url or "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"


async def _single_workspace_authorize(client: AsyncWebClient) -> Any:
    """auth.test once at start-up: a bad token fails now, naming the variable, not on a member's first try."""
    try:
        auth = await client.auth_test()
    except SlackApiError as exc:
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error')})") from None
    result = AuthorizeResult(
        enterprise_id=auth.get("enterprise_id"),
        team_id=auth.get("team_id"),
        team=auth.get("team"),
        url=auth.get("url"),
        bot_user_id=auth.get("user_id"),
        bot_id=auth.get("bot_id"),
        bot_token=client.token,
    )

    async def authorize(**_: Any) -> AuthorizeResult:
        return result

    return authorize


async def _oauth_settings(app: App, settings: Settings) -> AsyncOAuthSettings:
    """Many workspaces: slack_sdk's async SQLAlchemy stores on our own engine."""
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

    assert settings.slack_client_id and settings.slack_client_secret
    # Their tables come from migration 0003, like every other table.
    installations = AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=app.engine)
    states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=app.engine)
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.value,
        scopes=list(SCOPES),
        installation_store=installations,
        state_store=states,
    )


async def build_bolt(app: App, session: aiohttp.ClientSession) -> AsyncApp:
    settings = app.settings
    token = settings.slack_bot_token.value if settings.slack_bot_token else None
    secret = settings.slack_signing_secret.value if settings.slack_signing_secret else None
    if settings.slack_app_token is None and not secret:
        raise ConfigError(
            "Slack in HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)"
        )
    # No token on Bolt's client: `authorize` (or the OAuth installation) supplies it per request.
    client = AsyncWebClient(base_url=api_base_url(settings), session=session, retry_handlers=_retries())
    options: dict[str, Any] = {
        "name": "cmebot",
        "client": client,
        "signing_secret": secret or "",
        # Ack straight from the listener: no 10 ms polling floor; slow work runs in tasks.
        "process_before_response": True,
        "request_verification_enabled": secret is not None or settings.slack_app_token is None,
    }
    if settings.slack_client_id and settings.slack_client_secret and secret:
        options["oauth_settings"] = await _oauth_settings(app, settings)
    elif token:
        checker = AsyncWebClient(token=token, base_url=api_base_url(settings), session=session)
        options["authorize"] = await _single_workspace_authorize(checker)
    else:
        raise ConfigError("Slack needs SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)")
    bolt = AsyncApp(**options)
    if "oauth_settings" in options:
        # A workspace that uninstalls the app or revokes its tokens: forget them (Bolt's own listeners).
        bolt.enable_token_revocation_listeners()
    return bolt


def _retries() -> list[Any]:
    """Replies run after the ack, so a 429 (Retry-After) or a dropped connection can wait and retry."""
    from slack_sdk.http_retry.builtin_async_handlers import (
        AsyncConnectionErrorRetryHandler,
        AsyncRateLimitErrorRetryHandler,
    )

    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
    ]


def web_app(bolt: AsyncApp, signatures: Signatures | None, extra: list[Any] | None = None) -> web.Application:
    """The HTTP endpoints, after the App's own (serve's /healthz, /metrics); without `signatures`
    (Socket Mode) no events endpoint."""

    async def events(request: web.Request) -> web.Response:
        assert signatures is not None
        body = await request.read()
        refusal = signatures.refusal(request.headers, body)
        if refusal is not None:
            log.info("Slack: refused a request (%s; %d bytes from %s)", refusal, len(body), request.remote)
            return web.json_response({"error": "invalid request"}, status=401)
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    routes = list(extra or ())  # the App's own routes (serve's /healthz and /metrics) come first
    if HEALTH_PATH not in {route.path for route in routes}:
        routes.append(web.get(HEALTH_PATH, health))
    if signatures is not None:
        routes.append(web.post(EVENTS_PATH, events))
    flow: AsyncOAuthFlow | None = bolt.oauth_flow
    if flow is not None and signatures is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def callback(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        routes += [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, callback)]
    application = web.Application()
    application.add_routes(routes)
    return application


async def start(app: App) -> SlackDoor:
    settings = app.settings
    session = aiohttp.ClientSession()
    try:
        bolt = await build_bolt(app, session)
    except BaseException:
        await session.close()
        raise
    listeners = Listeners(
        app,
        Members(app.conversation, settings.default_timezone),
        Replies(session),
        FileFetcher(session, settings.slack_api_url),
        LinkCodes(_link_secret(settings)),
    )
    listeners.register(bolt)
    await asyncio.to_thread(Conversation.warm_up)
    door = SlackDoor(bolt, listeners, session)
    socket_mode = settings.slack_app_token is not None
    secret = settings.slack_signing_secret.value if settings.slack_signing_secret else None
    signatures = None if socket_mode or not secret else Signatures(secret)
    runner = web.AppRunner(web_app(bolt, signatures, app.http_routes), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.http_host, settings.http_port)
    await site.start()
    door.runner = runner
    door.port = _bound_port(runner, settings.http_port)
    if socket_mode:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        assert settings.slack_app_token is not None
        door.socket = AsyncSocketModeHandler(bolt, settings.slack_app_token.value)
        await door.socket.connect_async()
        log.info("Slack: Socket Mode connected; health check on port %s%s", door.port, HEALTH_PATH)
    else:
        log.info("Slack: listening on http://%s:%s%s", settings.http_host, door.port, EVENTS_PATH)
    return door


def _link_secret(settings: Settings) -> str:
    """The key link codes are signed with: a Slack secret every process of this app shares."""
    for secret in (settings.slack_signing_secret, settings.slack_client_secret, settings.slack_app_token):
        if secret is not None and secret.value:
            return secret.value
    if settings.slack_bot_token is not None:
        return settings.slack_bot_token.value
    raise ConfigError("Slack needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured
