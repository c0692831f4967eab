"""What doctor can see on this machine: configuration, file modes, the database, its migrations, Redis."""

from collections.abc import Iterator
from pathlib import Path

from aegis import files
from aegis.config import Config
from aegis.errors import AegisError
from aegis.redact import redact
from aegis.services.data.ledger import KEY_FILE as LEDGER_KEY_FILE
from aegis.services.data.ledger import LEDGER_FILE
from aegis.services.doctor.findings import Finding, ok, problem
from aegis.storage import migrations
from aegis.storage.database import connect


def check_config(config: Config) -> Finding:
    where = str(config.source) if config.source else "built-in defaults and the environment (no aegis.toml found)"
    return ok("config", f"read {where}")


def private_files(config: Config) -> Iterator[Path]:
    """Every file of this deployment that can hold secrets or member data: what `aegis run` and doctor check."""
    yield from files.deployment_files(config)
    yield from (config.home / LEDGER_FILE, config.home / LEDGER_KEY_FILE)


def check_files(config: Config) -> list[Finding]:
    found = []
    for path in private_files(config):
        mode = files.open_to_others(path)
        if mode is not None:
            fix = f"chmod {'700' if path.is_dir() else '600'} {path}"
            found.append(problem("files", f"{path} is readable by others (mode {mode:04o})", fix))
    return found or [ok("files", "the configuration, database, backups and backup key are private to this user")]


def check_database(config: Config):
    """The findings, and the open database (None when it cannot be reached) for the checks that need it."""
    url = redact(config.database.url)
    try:
        db = connect(config.database.url)
    except AegisError as exc:
        fix = "start the database server, or correct AEGIS_DATABASE_URL ([database] url in aegis.toml)"
        return [problem("database", str(exc), fix)], None
    found = [ok("database", f"{url} answers")]
    state = migrations.status(db)
    if state.unknown:
        found.append(
            problem(
                "migrations",
                f"the database has migrations this Aegis does not know: {', '.join(state.unknown)}",
                "upgrade Aegis to the version that wrote them",
            )
        )
    elif state.pending:
        found.append(
            problem("migrations", f"{len(state.pending)} pending: {', '.join(state.pending)}", "aegis db migrate")
        )
    else:
        found.append(ok("migrations", f"up to date ({len(state.applied)} applied)"))
    return found, db


def check_redis(config: Config) -> Finding:
    if not config.redis.url:
        return ok("redis", "not configured: the in-process cache and rate limiter (fine for one bot process)")
    import redis

    client = redis.Redis.from_url(config.redis.url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        return problem(
            "redis",
            f"{redact(config.redis.url)} does not answer: {redact(str(exc))}",
            "start Redis, or fix AEGIS_REDIS_URL ([redis] url); empty it to run one process without Redis",
        )
    finally:
        client.close()
    return ok("redis", f"{redact(config.redis.url)} answers; keys and channels start with {config.redis.prefix}")
