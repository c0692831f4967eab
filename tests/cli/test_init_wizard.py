"""`aegis init` on a terminal: it asks, checks each answer (Postgres by connecting, Redis by PING), asks again
after a bad one, and writes the answers into aegis.toml."""

import socket
import stat

import pytest
from click.testing import CliRunner

from aegis.cli import main
from aegis.cli.setup import init_cmd
from aegis.config import load_config

TOKEN = "MTIzNDU2Nzg5.GhIjKl.mnopqrstuvwxyz0123456789"


@pytest.fixture
def on_a_terminal(monkeypatch):
    monkeypatch.setattr(init_cmd, "stdin_is_terminal", lambda: True)


def init(tmp_path, *answers, args=()):
    return CliRunner().invoke(
        main,
        ["init", "--path", str(tmp_path), *args],
        input="".join(f"{a}\n" for a in answers),
        env={"AEGIS_DATABASE_URL": None, "AEGIS_REDIS_URL": None, "AEGIS_DISCORD_TOKEN": None},
        catch_exceptions=False,
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket closes


def test_enter_three_times_gives_the_embedded_defaults(tmp_path, on_a_terminal):
    result = init(tmp_path, "", "", "")
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "aegis.toml", env={})
    assert config.database.url == f"sqlite:///{(tmp_path / 'aegis.db').resolve()}"
    assert config.redis.url is None and not config.discord.token
    assert (tmp_path / "aegis.db").is_file() and "applied" in result.output
    assert "export AEGIS_DISCORD_TOKEN" in result.output  # no token yet: the next steps say how to give one


def test_a_token_is_written_into_a_file_only_its_owner_can_read(tmp_path, on_a_terminal):
    result = init(tmp_path, TOKEN, "", "")
    assert result.exit_code == 0, result.output
    config_file = tmp_path / "aegis.toml"
    assert load_config(config_file, env={}).discord.token.reveal() == TOKEN
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert TOKEN not in result.output  # typed hidden, never echoed
    assert "export AEGIS_DISCORD_TOKEN" not in result.output
    assert "# The bot token from" in config_file.read_text()  # the example's comments are kept


def test_bad_answers_are_explained_and_asked_again(tmp_path, on_a_terminal):
    port = closed_port()
    result = init(
        tmp_path,
        "not a token",
        TOKEN,
        "mysql://db/aegis",
        f"postgresql://aegis@127.0.0.1:{port}/aegis",
        "",
        "http://127.0.0.1:6379",
        f"redis://127.0.0.1:{port}/0",
        "",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "that is not a bot token: a token is three parts joined by dots, this has 1" in out
    assert "'mysql://db/aegis' must be a URL starting with sqlite:// or postgresql:// or postgres://" in out
    assert f"cannot reach the database at postgresql://aegis@127.0.0.1:{port}/aegis" in out
    assert "Try again, or press Enter for SQLite" in out
    assert "'http://127.0.0.1:6379' must be a URL starting with redis://" in out
    assert f"Redis at redis://127.0.0.1:{port}/0 does not answer PING" in out
    config = load_config(tmp_path / "aegis.toml", env={})
    assert config.discord.token.reveal() == TOKEN
    assert config.database.url.startswith("sqlite:///") and config.redis.url is None


@pytest.mark.redis
def test_a_redis_that_answers_ping_is_written(tmp_path, on_a_terminal, redis_url):
    result = init(tmp_path, "", "", redis_url)
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path / "aegis.toml", env={}).redis.url == redis_url


@pytest.mark.postgres
def test_a_postgres_url_is_tried_written_and_migrated(tmp_path, on_a_terminal, postgres_server):
    if not postgres_server:
        pytest.skip("needs Postgres: runs in the leg with AEGIS_TEST_DATABASE_URL set")
    empty_database_url = postgres_server.create("wizard")
    result = init(tmp_path, "", empty_database_url, "")
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path / "aegis.toml", env={}).database.url == empty_database_url
    assert "applied" in result.output
    assert not (tmp_path / "aegis.db").exists()


def test_no_input_asks_nothing_even_on_a_terminal(tmp_path, on_a_terminal):
    result = init(tmp_path, args=["--no-input"])
    assert result.exit_code == 0, result.output
    assert "Bot token" not in result.output
    assert (tmp_path / "aegis.toml").read_text() == (init_cmd.project_file("aegis.toml.example")).read_text()


def test_without_a_terminal_init_asks_nothing(tmp_path):
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert "Bot token" not in result.output
    assert stat.S_IMODE((tmp_path / "aegis.toml").stat().st_mode) == 0o600  # it may come to hold the token
