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

from aegis import config_values as check
from aegis.config_values import Secret, derived_prefix
from aegis.errors import AegisError
from aegis.redact import redact

DEFAULT_CONFIG_FILE = "aegis.toml"
BACKUP_KEY_FILE = "aegis-backup.key"  # the HMAC key that signs this deployment's backups, beside aegis.toml
DISCORD_API_URL = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
DISCORD_CDN_URL = "https://cdn.discordapp.com"


class ConfigError(AegisError):
    pass


@dataclass(frozen=True)
class DatabaseConfig:
    url: str


@dataclass(frozen=True)
class RedisConfig:
    url: str | None  # None: the in-process cache and rate limiter
    prefix: str = "aegis:"  # before every key and channel name; load_config derives it from the database

    @property
    def rate_limit_prefix(self) -> str:
        return f"{self.prefix}rl:"

    @property
    def settings_channel(self) -> str:
        return f"{self.prefix}settings"


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


@dataclass(frozen=True)
class RetentionConfig:
    audit_days: int  # 0 keeps audit entries forever
    automod_days: int
    counters_days: int
    message_content_hours: int = 24  # 0 keeps no message content for the event logs

    def days(self) -> dict[str, int]:
        return {
            "audit_days": self.audit_days,
            "automod_days": self.automod_days,
            "counters_days": self.counters_days,
            "message_content_hours": self.message_content_hours,
        }


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
    source: Path | None = field(default=None, compare=False)  # the file it came from, if any

    @property
    def home(self) -> Path:
        """The folder of aegis.toml (the working folder when there is none): where the backup key is kept."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def backup_key_path(self) -> Path:
        return self.home / BACKUP_KEY_FILE


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
        check.database_url,
        '"sqlite:///aegis.db" or "postgresql://aegis@127.0.0.1:5432/aegis"',
        "AEGIS_DATABASE_URL",
    ),
    Setting(
        "redis",
        "url",
        "",
        check.optional_redis_url,
        '"redis://127.0.0.1:6379/0" (empty: in-process)',
        "AEGIS_REDIS_URL",
    ),
    Setting(
        "redis",
        "prefix",
        "",
        check.prefix,
        '"aegis:prod:" (empty: derived from the database, unique to this deployment)',
        "AEGIS_REDIS_PREFIX",
    ),
    Setting(
        "discord", "token", "", check.token, '"MTIz…" (Discord developer portal → Bot → Token)', "AEGIS_DISCORD_TOKEN"
    ),
    Setting(
        "discord",
        "api_url",
        DISCORD_API_URL,
        check.url("http", "https"),
        f'"{DISCORD_API_URL}"',
        "AEGIS_DISCORD_API_URL",
    ),
    Setting(
        "discord",
        "gateway_url",
        DISCORD_GATEWAY_URL,
        check.url("ws", "wss"),
        f'"{DISCORD_GATEWAY_URL}"',
        "AEGIS_DISCORD_GATEWAY_URL",
    ),
    Setting(
        "discord",
        "cdn_url",
        DISCORD_CDN_URL,
        check.url("http", "https"),
        f'"{DISCORD_CDN_URL}"',
        "AEGIS_DISCORD_CDN_URL",
    ),
    Setting(
        "discord",
        "invalid_requests_pause_at",
        2000,
        check.whole(1, 10000),
        "2000 (Discord bans the IP at 10000 in 10 minutes)",
    ),
    Setting("logging", "level", "INFO", check.log_level, '"INFO"', "AEGIS_LOG_LEVEL"),
    Setting("retention", "audit_days", 730, check.whole(0, 36500), "730 (0 keeps them forever)"),
    Setting("retention", "automod_days", 90, check.whole(0, 36500), "90 (0 keeps them forever)"),
    Setting("retention", "counters_days", 90, check.whole(0, 36500), "90 (0 keeps them forever)"),
    Setting("retention", "message_content_hours", 24, check.whole(0, 8760), "24 (hours; 0 keeps no message content)"),
    Setting("backup", "dir", "backups", check.text, '"backups"'),
    Setting("backup", "keep", 7, check.whole(1, 10000), "7"),
    Setting("backup", "interval_hours", 0, check.hours, "24 (0: no scheduled backups)"),
)
SECTIONS = {
    "database": DatabaseConfig,
    "redis": RedisConfig,
    "discord": DiscordConfig,
    "logging": LoggingConfig,
    "retention": RetentionConfig,
    "backup": BackupConfig,
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
    if not sections["redis"]["prefix"]:
        sections["redis"]["prefix"] = derived_prefix(sections["database"]["url"])
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
        shown = "***" if setting.key == "token" else repr(_masked(setting, value))
        raise ConfigError(
            f"{source}: {setting.name} = {shown} {exc}; for example {setting.key} = {setting.example}"
        ) from None


def _masked(setting: Setting, value: Any) -> Any:
    """A rejected value as an error may echo it: URL passwords masked, even in a URL too broken to parse."""
    if not isinstance(value, str):
        return value
    shown = redact(value)
    if setting.key == "url" and "@" in shown and ":***@" not in shown:
        shown = "***@" + shown.rsplit("@", 1)[1]
    return shown


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    listed = ", ".join(sorted(choices))
    return f"; did you mean {close[0]!r}? Known: {listed}" if close else f"; known: {listed}"


def _anchor_sqlite(url: str, base: Path) -> str:
    """A relative SQLite path in aegis.toml is relative to that file; from the environment, to the cwd."""
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:" or url.startswith("sqlite:////"):
        return url
    return "sqlite:///" + str((base / url.removeprefix("sqlite:///")).resolve())
