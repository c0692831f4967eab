"""One suite, two backends: SQLite by default; Postgres and Redis when AEGIS_TEST_DATABASE_URL /
AEGIS_TEST_REDIS_URL name them. Each test gets a clean, migrated database."""

import os
import shutil
import uuid
from pathlib import Path

import peewee as pw
import pytest

from aegis.services import dbcall
from aegis.storage import migrations
from aegis.storage.database import bind, open_database
from aegis.storage.models import ALL_MODELS

REPO_ROOT = Path(__file__).resolve().parent.parent
# Every migration the tree carries, oldest first: what a fresh database is brought up to.
ALL_MIGRATIONS = tuple(sorted(p.stem for p in (REPO_ROOT / "migrations").glob("[0-9][0-9][0-9]_*.py")))
PG_ADMIN_URL = os.environ.get("AEGIS_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("AEGIS_TEST_REDIS_URL")
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"


def pytest_report_header(config):
    return [f"aegis backends: database={'postgres' if PG_ADMIN_URL else 'sqlite'}, redis={REDIS_URL or 'in-process'}"]


class PostgresServer:
    """Creates databases for this run next to the one AEGIS_TEST_DATABASE_URL names, and drops them after."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.created: list[str] = []

    def _admin(self) -> pw.PostgresqlDatabase:
        db = open_database(self.admin_url)
        db.connect()
        db.connection().autocommit = True
        return db

    def url_for(self, name: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def create(self, suffix: str) -> str:
        name = f"aegis_test_{RUN_ID}_{suffix}"
        admin = self._admin()
        try:
            admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
        self.created.append(name)
        return self.url_for(name)

    def drop_all(self):
        admin = self._admin()
        try:
            for name in self.created:
                admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            admin.close()


@pytest.fixture(scope="session")
def postgres_server():
    if not PG_ADMIN_URL:
        yield None
        return
    server = PostgresServer(PG_ADMIN_URL)
    try:
        server._admin().close()
    except pw.OperationalError as exc:
        pytest.fail(f"AEGIS_TEST_DATABASE_URL={PG_ADMIN_URL} does not answer: {exc}")
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def _template(postgres_server, tmp_path_factory):
    """A migrated database made once per run; each test starts from a copy (SQLite) or a truncate (Postgres)."""
    if postgres_server:
        url = postgres_server.create("main")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'aegis.db'}"
    db = bind(open_database(url))
    migrations.apply(db)
    db.close()
    return url


@pytest.fixture
def database_url(_template, postgres_server, tmp_path) -> str:
    """The URL of a clean, migrated database for this test (what AEGIS_DATABASE_URL would hold)."""
    if postgres_server:
        db = open_database(_template)
        tables = ", ".join(f'"{model._meta.table_name}"' for model in ALL_MODELS)
        db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        db.close()
        return _template
    path = tmp_path / "aegis.db"
    shutil.copyfile(_template.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def db(database_url):
    """The clean database, opened and with the models bound to it."""
    database = bind(open_database(database_url))
    database.connect()
    yield database
    database.close()
    dbcall.restart_pool()  # the storage threads' connections to this database close with them


@pytest.fixture
def empty_database_url(postgres_server, tmp_path, request) -> str:
    """A database with no tables at all, for migration tests."""
    if postgres_server:
        return postgres_server.create(f"empty_{uuid.uuid4().hex[:8]}")
    return f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def postgres_url(postgres_server, database_url) -> str:
    """For tests whose subject is Postgres itself; they run in the Postgres leg."""
    if not postgres_server:
        pytest.skip("needs Postgres: runs in the leg with AEGIS_TEST_DATABASE_URL set")
    return database_url


@pytest.fixture
def redis_url() -> str:
    """A clean Redis database; skipped without AEGIS_TEST_REDIS_URL, a failure if it is set but down."""
    if not REDIS_URL:
        pytest.skip("needs Redis: runs in the leg with AEGIS_TEST_REDIS_URL set")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        pytest.fail(f"AEGIS_TEST_REDIS_URL={REDIS_URL} does not answer: {exc}")
    finally:
        client.close()
    return REDIS_URL
