"""Typed settings from the environment; bad configuration fails at start-up naming the variable."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A setting is wrong; the message names the variable and what to put there."""


class Secret(str):
    """A token that never shows itself in logs or reprs."""

    def __repr__(self) -> str:
        return "Secret('**********')"

    @property
    def value(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    default_timezone: str
    http_host: str
    http_port: int
    slack_bot_token: Secret | None
    slack_signing_secret: Secret | None
    slack_app_token: Secret | None
    slack_client_id: str | None
    slack_client_secret: Secret | None
    slack_api_url: str | None
    smtp_host: str
    smtp_port: int
    mail_domain: str
    relay_url: str | None
    max_message_bytes: int
    trusted_authserv_id: str | None
    lmtp: bool
    mail_workers: int = 4
    mail_replies_per_hour: int = 30
    mail_worker_process: bool = False
    mail_confirmations_per_hour: int = 60
    mail_confirmations_per_domain_per_hour: int = 10
    log_format: str = "text"
    metrics_public: bool = False
    min_free_disk_mb: int = 1024
    reminders: bool = True
    quiet_hours: tuple[int, int] = (21 * 60, 8 * 60)  # minutes after local midnight: from, until

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token)) or bool(
            self.slack_client_id and self.slack_client_secret and self.slack_signing_secret
        )


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _positive(env: dict[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")
    return value


def _quiet_hours(env: dict[str, str]) -> tuple[int, int]:
    """`21:00-08:00`: no reminder from the first time until the second, on the member's clock."""
    raw = (env.get("CMEBOT_QUIET_HOURS") or "21:00-08:00").strip()
    found = re.fullmatch(r"(\d{1,2}):?(\d{2})?\s*-\s*(\d{1,2}):?(\d{2})?", raw)
    if found is not None:
        start = int(found[1]) * 60 + int(found[2] or 0)
        end = int(found[3]) * 60 + int(found[4] or 0)
        if start < 24 * 60 and end < 24 * 60 and int(found[2] or 0) < 60 and int(found[4] or 0) < 60:
            return start, end
    raise ConfigError(f"CMEBOT_QUIET_HOURS must look like 21:00-08:00, got {raw!r}")


def _secret(env: dict[str, str], name: str) -> Secret | None:
    raw = env.get(name, "").strip()
    return Secret(raw) if raw else None


def load(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    data_dir = Path(env.get("CMEBOT_DATA_DIR") or "./var").resolve()
    url = env.get("CMEBOT_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'cmebot.sqlite3'}"
    if "://" not in url:
        raise ConfigError(f"CMEBOT_DATABASE_URL must be a SQLAlchemy URL, got {url!r}")
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    tz = env.get("CMEBOT_TIMEZONE") or "America/New_York"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"CMEBOT_TIMEZONE must be an IANA zone like America/Chicago, got {tz!r}") from None
    relay = env.get("CMEBOT_RELAY_URL") or None
    if relay and not relay.startswith(("smtp://", "smtps://")):
        raise ConfigError(f"CMEBOT_RELAY_URL must look like smtp://host:port, got {relay!r}")
    port = _int(env, "CMEBOT_HTTP_PORT", 3000)
    smtp_port = _int(env, "CMEBOT_SMTP_PORT", 2525)
    for name, value in (("CMEBOT_HTTP_PORT", port), ("CMEBOT_SMTP_PORT", smtp_port)):
        if not 0 <= value < 65536:
            raise ConfigError(f"{name} must be a port number (0-65535), got {value}")
    smtp_host = env.get("CMEBOT_SMTP_HOST") or "127.0.0.1"
    trusted = env.get("CMEBOT_TRUSTED_AUTHSERV_ID") or None
    if not _is_loopback(smtp_host) and trusted is None:
        # Unsigned mail is trusted only from this machine; from the network, a
        # forged From: would otherwise write to someone's record.
        raise ConfigError(
            f"CMEBOT_TRUSTED_AUTHSERV_ID must be set when CMEBOT_SMTP_HOST ({smtp_host}) is reachable "
            "from other machines: name the MTA whose Authentication-Results header cmebot should trust"
        )
    log_format = (env.get("CMEBOT_LOG_FORMAT") or "text").lower()
    if log_format not in ("text", "json"):
        raise ConfigError(f"CMEBOT_LOG_FORMAT must be text or json, got {log_format!r}")
    return Settings(
        data_dir=data_dir,
        database_url=url,
        default_timezone=tz,
        http_host=env.get("CMEBOT_HTTP_HOST") or "127.0.0.1",
        http_port=port,
        slack_bot_token=_secret(env, "SLACK_BOT_TOKEN"),
        slack_signing_secret=_secret(env, "SLACK_SIGNING_SECRET"),
        slack_app_token=_secret(env, "SLACK_APP_TOKEN"),
        slack_client_id=env.get("SLACK_CLIENT_ID") or None,
        slack_client_secret=_secret(env, "SLACK_CLIENT_SECRET"),
        slack_api_url=env.get("SLACK_API_URL") or None,
        smtp_host=smtp_host,
        smtp_port=smtp_port,
        mail_domain=env.get("CMEBOT_MAIL_DOMAIN") or "cme.localhost",
        relay_url=relay,
        max_message_bytes=_int(env, "CMEBOT_MAX_MESSAGE_BYTES", 25 * 1024 * 1024),
        trusted_authserv_id=trusted,
        lmtp=(env.get("CMEBOT_LMTP") or "").lower() in ("1", "true", "yes"),
        mail_workers=_positive(env, "CMEBOT_MAIL_WORKERS", 4),
        mail_replies_per_hour=_positive(env, "CMEBOT_MAIL_REPLIES_PER_HOUR", 30),
        mail_worker_process=(env.get("CMEBOT_MAIL_WORKER_PROCESS") or "").lower() in ("1", "true", "yes"),
        mail_confirmations_per_hour=_positive(env, "CMEBOT_MAIL_CONFIRMATIONS_PER_HOUR", 60),
        mail_confirmations_per_domain_per_hour=_positive(
            env, "CMEBOT_MAIL_CONFIRMATIONS_PER_DOMAIN_PER_HOUR", 10
        ),
        log_format=log_format,
        metrics_public=(env.get("CMEBOT_METRICS_PUBLIC") or "").lower() in ("1", "true", "yes"),
        min_free_disk_mb=_int(env, "CMEBOT_MIN_FREE_DISK_MB", 1024),
        reminders=(env.get("CMEBOT_REMINDERS") or "1").lower() not in ("0", "false", "no", "off"),
        quiet_hours=_quiet_hours(env),
    )
