"""The one typed, frozen configuration: aegis.toml, then environment variables over it.

Every setting is declared once in SETTINGS; the loader, the error messages and aegis.toml.example's checks
all read that table.
"""

import difflib
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aegis.errors import AegisError

DEFAULT_CONFIG_FILE = "aegis.toml"
DISCORD_API_URL = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
DISCORD_CDN_URL = "https://cdn.discordapp.com"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("logfmt", "json")


class ConfigError(AegisError):
    pass


class Secret(str):
    """A string that never shows itself in reprs, logs or error messages."""

    def __repr__(self) -> str:
        return "'***'" if self else "''"

    def __str__(self) -> str:
        return "***" if self else ""

    def reveal(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True)
class DatabaseConfig:
    url: str


@dataclass(frozen=True)
class RedisConfig:
    url: str | None  # None: the in-process cache and rate limiter


@dataclass(frozen=True)
class DiscordConfig:
    token: Secret
    api_url: str
    gateway_url: str
    cdn_url: str
    # Discord's 401/403/429 answers in 10 minutes at which the bot pauses the work that can wait (it bans at 10,000)
    invalid_requests_pause_at: int = 2000


@dataclass(frozen=True)
class LoggingConfig:
    level: str
    format: str = "logfmt"


@dataclass(frozen=True)
class MetricsConfig:
    listen: str | None  # "host:port" for /metrics, /healthz and /readyz; None: not served

    @property
    def address(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


@dataclass(frozen=True)
class RetentionConfig:
    audit_days: int  # 0 keeps audit entries forever
    automod_days: int
    counters_days: int

    def days(self) -> dict[str, int]:
        return {"audit_days": self.audit_days, "automod_days": self.automod_days, "counters_days": self.counters_days}


@dataclass(frozen=True)
class BackupConfig:
    dir: str
    keep: int
    interval_hours: float  # 0: aegis run takes no scheduled backups


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig
    redis: RedisConfig
    discord: DiscordConfig
    logging: LoggingConfig
    retention: RetentionConfig
    backup: BackupConfig
    metrics: MetricsConfig = MetricsConfig(None)
    source: Path | None = field(default=None, compare=False)  # the file it came from, if any


# --- value checks: each returns the clean value or raises ValueError with what a right value looks like ---


def _url(*schemes: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or "://" not in value or value.split("://", 1)[0] not in schemes:
            raise ValueError(f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}")
        return value.rstrip("/") if schemes[0].startswith("http") else value

    return check


def _database_url(value: Any) -> str:
    _url("sqlite", "postgresql", "postgres")(value)
    if value.startswith("sqlite://") and not value.startswith("sqlite:///"):
        raise ValueError("a SQLite URL has three slashes before the path")
    return value


def _optional_redis_url(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return _url("redis", "rediss", "unix")(value)


def _token(value: Any) -> Secret:
    if not isinstance(value, str):
        raise ValueError("must be a string (the bot token from the Discord developer portal)")
    return Secret(value.strip())


def _log_level(value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return value.upper()


def _log_format(value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in LOG_FORMATS:
        raise ValueError(f"must be one of {', '.join(LOG_FORMATS)}")
    return value.lower()


def _listen(value: Any) -> str | None:
    if value in (None, ""):
        return None
    host, _, port = str(value).rpartition(":") if isinstance(value, str) else ("", "", "")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError('must be "HOST:PORT" (e.g. "127.0.0.1:9464"), or empty to serve no metrics')
    return value


def _whole(minimum: int, maximum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise ValueError(f"must be a whole number from {minimum} to {maximum}")
        return value

    return check


def _hours(value: Any) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise ValueError("must be a number of hours, 0 to turn scheduled backups off") from None
    if not 0 <= hours <= 24 * 365:
        raise ValueError("must be a number of hours from 0 to 8760")
    return hours


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    default: Any
    check: Callable[[Any], Any]
    example: str
    env: str | None = None

    @property
    def name(self) -> str:
        return f"[{self.section}] {self.key}"


SETTINGS = (
    Setting(
        "database",
        "url",
        "sqlite:///aegis.db",
        _database_url,
        '"sqlite:///aegis.db" or "postgresql://aegis@127.0.0.1:5432/aegis"',
        "AEGIS_DATABASE_URL",
    ),
    Setting(
        "redis", "url", "", _optional_redis_url, '"redis://127.0.0.1:6379/0" (empty: in-process)', "AEGIS_REDIS_URL"
    ),
    Setting("discord", "token", "", _token, '"MTIz…" (Discord developer portal → Bot → Token)', "AEGIS_DISCORD_TOKEN"),
    Setting(
        "discord", "api_url", DISCORD_API_URL, _url("http", "https"), f'"{DISCORD_API_URL}"', "AEGIS_DISCORD_API_URL"
    ),
    Setting(
        "discord",
        "gateway_url",
        DISCORD_GATEWAY_URL,
        _url("ws", "wss"),
        f'"{DISCORD_GATEWAY_URL}"',
        "AEGIS_DISCORD_GATEWAY_URL",
    ),
    Setting(
        "discord", "cdn_url", DISCORD_CDN_URL, _url("http", "https"), f'"{DISCORD_CDN_URL}"', "AEGIS_DISCORD_CDN_URL"
    ),
    Setting(
        "discord",
        "invalid_requests_pause_at",
        2000,
        _whole(1, 10000),
        "2000 (Discord bans the IP at 10000 in 10 minutes)",
    ),
    Setting("logging", "level", "INFO", _log_level, '"INFO"', "AEGIS_LOG_LEVEL"),
    Setting("logging", "format", "logfmt", _log_format, '"logfmt" or "json"', "AEGIS_LOG_FORMAT"),
    Setting("retention", "audit_days", 730, _whole(0, 36500), "730 (0 keeps them forever)"),
    Setting("retention", "automod_days", 90, _whole(0, 36500), "90 (0 keeps them forever)"),
    Setting("retention", "counters_days", 90, _whole(0, 36500), "90 (0 keeps them forever)"),
    Setting("backup", "dir", "backups", _text, '"backups"'),
    Setting("backup", "keep", 7, _whole(1, 10000), "7"),
    Setting("backup", "interval_hours", 0, _hours, "24 (0: no scheduled backups)"),
    Setting("metrics", "listen", "", _listen, '"127.0.0.1:9464" (empty: off)', "AEGIS_METRICS_LISTEN"),
)
SECTIONS = {
    "database": DatabaseConfig,
    "redis": RedisConfig,
    "discord": DiscordConfig,
    "logging": LoggingConfig,
    "retention": RetentionConfig,
    "backup": BackupConfig,
    "metrics": MetricsConfig,
}


def config_path(explicit: str | Path | None = None, env: Mapping[str, str] = os.environ) -> Path:
    return Path(explicit or env.get("AEGIS_CONFIG") or DEFAULT_CONFIG_FILE)


def load_config(
    path: str | Path | None = None, env: Mapping[str, str] = os.environ, *, must_exist: bool | None = None
) -> Config:
    """Read the file (a missing default file is fine: built-in defaults), then apply environment overrides.

    `must_exist` defaults to True when the path was named explicitly (argument or AEGIS_CONFIG).
    """
    named = path is not None or bool(env.get("AEGIS_CONFIG"))
    file = config_path(path, env)
    if must_exist is None:
        must_exist = named
    raw: dict[str, Any] = {}
    if file.is_file():
        raw = _read_toml(file)
    elif must_exist:
        raise ConfigError(f"{file}: no such configuration file. Create one with `aegis init --path {file.parent}`.")
    values = _from_file(raw, file) if raw else {}
    values.update(_from_env(env))
    sections: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    for setting in SETTINGS:
        origin, value = values.get((setting.section, setting.key), ("default", setting.check(setting.default)))
        if (setting.section, setting.key) == ("database", "url"):
            value = _anchor_sqlite(value, file.parent if origin == "file" else Path.cwd())
        elif (setting.section, setting.key) == ("backup", "dir") and origin == "file":
            value = str(file.parent / value)  # like the database: relative to aegis.toml, wherever Aegis starts
        sections[setting.section][setting.key] = value
    built = {name: cls(**sections[name]) for name, cls in SECTIONS.items()}
    return Config(**built, source=file.resolve() if file.is_file() else None)


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}. Compare with aegis.toml.example.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot be read: {exc}") from None


def _from_file(raw: dict[str, Any], file: Path) -> dict[tuple[str, str], tuple[str, Any]]:
    known = {(s.section, s.key): s for s in SETTINGS}
    values = {}
    for section, table in raw.items():
        if section not in SECTIONS:
            raise ConfigError(f"{file}: unknown section [{section}]{_did_you_mean(section, SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: [{section}] must be a table, e.g. [{section}] on its own line")
        for key, value in table.items():
            setting = known.get((section, key))
            if setting is None:
                keys = [k for s, k in known if s == section]
                raise ConfigError(f"{file}: unknown key {key!r} in [{section}]{_did_you_mean(key, keys)}")
            values[(section, key)] = ("file", _checked(setting, value, str(file)))
    return values


def _from_env(env: Mapping[str, str]) -> dict[tuple[str, str], tuple[str, Any]]:
    values = {}
    for setting in SETTINGS:
        if setting.env and setting.env in env:
            source = f"environment variable {setting.env}"
            values[(setting.section, setting.key)] = ("env", _checked(setting, env[setting.env], source))
    return values


def _checked(setting: Setting, value: Any, source: str) -> Any:
    try:
        return setting.check(value)
    except ValueError as exc:
        shown = "***" if setting.key == "token" else repr(value)
        raise ConfigError(
            f"{source}: {setting.name} = {shown} {exc}; for example {setting.key} = {setting.example}"
        ) from None


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    listed = ", ".join(sorted(choices))
    return f"; did you mean {close[0]!r}? Known: {listed}" if close else f"; known: {listed}"


def _anchor_sqlite(url: str, base: Path) -> str:
    """A relative SQLite path in aegis.toml is relative to that file; from the environment, to the cwd."""
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:" or url.startswith("sqlite:////"):
        return url
    return "sqlite:///" + str((base / url.removeprefix("sqlite:///")).resolve())
