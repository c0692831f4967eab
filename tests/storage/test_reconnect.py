"""Storage that survives the database going away: Postgres behind a loopback proxy that the test cuts and restores
(the real server is never stopped), and SQLite whose file cannot be opened."""

import time

import peewee as pw
import pytest

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import models as m
from aegis.storage import session
from aegis.storage.database import DatabaseUnavailable, LocalSqlite, bind, open_database
from aegis.storage.moderation import cases
from tests.proxy import TcpProxy

GUILD, TARGET, MOD = 1001, 2001, 3001


def warn(reason: str) -> NewCase:
    return NewCase(GUILD, CaseType.WARN, TARGET, ActorKind.MODERATOR, MOD, reason=reason)


@pytest.fixture
def proxy(db, postgres_url):
    """The models bound to the test database through a proxy; bound back to the direct connection after."""
    proxy = TcpProxy.for_url(postgres_url)
    through = bind(open_database(proxy.url_through(postgres_url)))
    yield proxy
    session.let_go(through)
    proxy.close()
    bind(db)


def reasons() -> list[str]:
    return [c.reason for c in m.Case.select().order_by(m.Case.id)]


def test_a_dropped_connection_is_reopened_on_next_use(proxy):
    session.run(cases.create, warn("before"))
    proxy.cut()
    proxy.restore()
    session.run(cases.create, warn("after"))  # a transaction: the dead connection is found at BEGIN and replaced
    assert session.run(reasons) == ["before", "after"]
    proxy.cut()
    proxy.restore()
    assert session.run(reasons) == ["before", "after"]  # a lone statement: retried on a new connection


def test_a_connection_the_server_terminated_is_reopened(db, postgres_url):
    """What a Postgres restart or failover does to every open connection: the backend ends it."""
    session.run(cases.create, warn("before"))
    backend = session.run(lambda: session.database().execute_sql("SELECT pg_backend_pid()").fetchone()[0])
    admin = open_database(postgres_url)
    try:
        admin.execute_sql("SELECT pg_terminate_backend(%s)", (backend,))
    finally:
        admin.close()
    session.run(cases.create, warn("after"))
    assert session.run(reasons) == ["before", "after"]


def test_during_an_outage_a_call_fails_within_seconds_and_writes_nothing(proxy):
    session.run(cases.create, warn("before"))
    proxy.cut()
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match="the database is unreachable"):
        session.run(cases.create, warn("during"))
    assert time.monotonic() - started < 3
    with pytest.raises(DatabaseUnavailable):
        session.run(reasons)  # and the next call too, as long as it lasts
    proxy.restore()
    assert session.run(reasons) == ["before"]


def test_a_server_that_never_answers_fails_after_the_connect_timeout(db, postgres_url):
    proxy = TcpProxy.for_url(postgres_url)
    bind(open_database(proxy.url_through(postgres_url) + "?connect_timeout=2"))
    try:
        proxy.black_hole()
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="timeout expired"):
            session.run(reasons)
        assert 1.5 < time.monotonic() - started < 4
        proxy.restore()
        assert session.run(reasons) == []
    finally:
        session.let_go(session.database())
        proxy.close()
        bind(db)


def test_the_connect_timeout_is_5_s_unless_the_url_says_otherwise(postgres_url):
    assert open_database(postgres_url).connect_params["connect_timeout"] == 5
    assert open_database(postgres_url + "?connect_timeout=2").connect_params["connect_timeout"] in (2, "2")


def test_a_transaction_cut_half_way_is_unreachable_and_leaves_nothing(proxy):
    def two_cases_with_the_connection_cut_between():
        with session.database().atomic():
            cases.create(warn("first"))
            proxy.cut()
            cases.create(warn("second"))

    with pytest.raises(DatabaseUnavailable):
        session.run(two_cases_with_the_connection_cut_between)
    proxy.restore()
    assert session.run(reasons) == []
    assert session.run(cases.create, warn("later")).number == 1  # the rolled-back transaction gave its number back


def test_a_bad_statement_is_not_an_outage(db):
    with pytest.raises(pw.DatabaseError) as raised:
        session.run(session.database().execute_sql, "SELECT * FROM no_such_table")
    assert not isinstance(raised.value, DatabaseUnavailable)
    assert session.run(reasons) == []


def test_a_sqlite_file_that_cannot_be_opened_is_unreachable(db, tmp_path):
    bind(LocalSqlite(str(tmp_path)))  # a directory: SQLite cannot open it as a database
    try:
        with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
            session.run(reasons)
    finally:
        bind(db)
