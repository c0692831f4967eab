"""`aegis init`'s questions on a terminal: the token, the database and Redis, each checked before it is written.

A bad answer says what was wrong and what a right one looks like, and the question comes again.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import click
import peewee as pw
import redis

from aegis.config import SETTINGS, Setting
from aegis.storage.database import DatabaseUnavailable, connect, redact_url

SQLITE_DEFAULT = "sqlite:///aegis.db"
TOKEN_PARTS = 3  # a bot token is three base64 parts joined by dots


@dataclass(frozen=True)
class Answers:
    token: str
    database_url: str
    redis_url: str


def ask(default_database_url: str = SQLITE_DEFAULT) -> Answers:
    click.echo("A few questions; Enter takes the default in brackets. Every answer can be changed in aegis.toml.\n")
    token = _until_valid(
        lambda: click.prompt(
            "Bot token (Developer Portal → your app → Bot → Reset Token; empty: set AEGIS_DISCORD_TOKEN later)",
            default="",
            show_default=False,
            hide_input=True,
        ),
        check_token,
    )
    database_url = _until_valid(
        lambda: click.prompt(
            "Database: Enter for a SQLite file next to aegis.toml, or a postgresql://USER[:PASSWORD]@HOST:PORT/NAME URL",
            default=default_database_url,
        ),
        check_database,
    )
    redis_url = _until_valid(
        lambda: click.prompt(
            "Redis URL, e.g. redis://127.0.0.1:6379/0 (empty: an in-process cache, one bot process)",
            default="",
            show_default=False,
        ),
        check_redis,
    )
    return Answers(token, database_url, redis_url)


def _until_valid(question: Callable[[], str], check: Callable[[str], str | None]) -> str:
    while True:
        answer = question().strip()
        problem = check(answer)
        if problem is None:
            return answer
        click.echo(f"  {problem}", err=True)


def _setting(section: str, key: str) -> Setting:
    return next(s for s in SETTINGS if (s.section, s.key) == (section, key))


def _shape_problem(section: str, key: str, answer: str) -> str | None:
    setting = _setting(section, key)
    try:
        setting.check(answer)
    except ValueError as exc:
        return f"{answer!r} {exc}; for example {setting.example}"
    return None


def check_token(answer: str) -> str | None:
    if not answer:
        return None
    parts = answer.split(".")
    if len(parts) != TOKEN_PARTS or not all(parts) or re.search(r"\s", answer):
        return (
            f"that is not a bot token: a token is three parts joined by dots, this has {len(parts)}. "
            "Copy it again from the Developer Portal (Bot → Reset Token), or press Enter to skip"
        )
    return None


def check_database(answer: str) -> str | None:
    problem = _shape_problem("database", "url", answer)
    if problem or answer.startswith("sqlite:"):
        return problem  # a SQLite file is created by init itself
    try:
        connect(answer).close()
    except DatabaseUnavailable as exc:
        return f"{exc} Try again, or press Enter for SQLite"
    except pw.PeeweeException as exc:
        return f"cannot use {redact_url(answer)}: {exc}. Try again, or press Enter for SQLite"
    return None


def check_redis(answer: str) -> str | None:
    if not answer:
        return None
    problem = _shape_problem("redis", "url", answer)
    if problem:
        return problem
    client = redis.Redis.from_url(answer, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"Redis at {redact_url(answer)} does not answer PING: {exc}. Try again, or press Enter for none"
    finally:
        client.close()
    return None


def fill_in(example: str, answers: Answers) -> str:
    """aegis.toml.example with the answers in place of its defaults, comments kept."""
    text = _set(example, "database", "url", answers.database_url)
    text = _set(text, "redis", "url", answers.redis_url)
    return _set(text, "discord", "token", answers.token)


def _set(text: str, section: str, key: str, value: str) -> str:
    pattern = re.compile(rf"(^\[{section}\]$.*?^{key} = ).*?$", re.MULTILINE | re.DOTALL)
    filled, count = pattern.subn(lambda m: m.group(1) + json.dumps(value, ensure_ascii=False), text, count=1)
    if count != 1:
        raise click.ClickException(f"aegis.toml.example has no [{section}] {key} line to fill in")
    return filled
