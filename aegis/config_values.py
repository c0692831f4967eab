"""The checks each configuration value passes: each returns the clean value or raises ValueError with what a
right value looks like (config.py says where the value came from)."""

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Secret(str):
    """A string that never shows itself in reprs, logs or error messages."""

    def __repr__(self) -> str:
        return "'***'" if self else "''"

    def __str__(self) -> str:
        return "***" if self else ""

    def reveal(self) -> str:
        return str.__str__(self)


def url(*schemes: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or "://" not in value or value.split("://", 1)[0] not in schemes:
            raise ValueError(f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}")
        return value.rstrip("/") if schemes[0].startswith("http") else value

    return check


def database_url(value: Any) -> str:
    url("sqlite", "postgresql", "postgres")(value)
    if value.startswith("sqlite://") and not value.startswith("sqlite:///"):
        raise ValueError("a SQLite URL has three slashes before the path")
    return value


def optional_redis_url(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return url("redis", "rediss", "unix")(value)


def prefix(value: Any) -> str:
    if value in (None, ""):
        return ""  # derived from the database's identity once the database URL is known
    if not isinstance(value, str) or len(value) > 64 or any(c.isspace() for c in value):
        raise ValueError('must be up to 64 characters without spaces, e.g. "aegis:prod:"')
    return value if value.endswith(":") else value + ":"


def derived_prefix(location: str) -> str:
    """`aegis:<hash>:` of where the data lives (SQLite file path, or Postgres host, port and database name; never
    the credentials), so two deployments sharing one Redis never share a key or a channel."""
    parsed = urlparse(location)
    if parsed.scheme == "sqlite":
        identity = "sqlite:" + location.removeprefix("sqlite:///")
    else:
        identity = f"postgres:{parsed.hostname or ''}:{parsed.port or 5432}{parsed.path}"
    return f"aegis:{hashlib.sha256(identity.encode()).hexdigest()[:10]}:"


def token(value: Any) -> Secret:
    if not isinstance(value, str):
        raise ValueError("must be a string (the bot token from the Discord developer portal)")
    return Secret(value.strip())


def log_level(value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return value.upper()


def whole(minimum: int, maximum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise ValueError(f"must be a whole number from {minimum} to {maximum}")
        return value

    return check


def hours(value: Any) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise ValueError("must be a number of hours, 0 to turn scheduled backups off") from None
    if not 0 <= hours <= 24 * 365:
        raise ValueError("must be a number of hours from 0 to 8760")
    return hours


def text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value
