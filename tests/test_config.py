from pathlib import Path

import pytest

from aegis.config import DISCORD_API_URL, ConfigError, Secret, load_config
from aegis.resources import project_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aegis.toml"
    path.write_text(text)
    return path


def test_bare_machine_defaults_need_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(env={})
    assert config.database.url == f"sqlite:///{tmp_path / 'aegis.db'}"
    assert config.redis.url is None
    assert config.discord.api_url == DISCORD_API_URL
    assert config.source is None


def test_the_shipped_example_loads_as_is(tmp_path):
    path = write(tmp_path, project_file("aegis.toml.example").read_text())
    config = load_config(path, env={})
    assert config.database.url == f"sqlite:///{tmp_path / 'aegis.db'}"  # relative to the file, not the cwd
    assert config.retention.audit_days == 730
    assert config.backup.dir == str(tmp_path / "backups")


def test_environment_wins_over_the_file(tmp_path):
    path = write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n[logging]\nlevel = "INFO"\n')
    env = {
        "AEGIS_DATABASE_URL": "postgresql://aegis@db.example:5432/aegis",
        "AEGIS_REDIS_URL": "redis://127.0.0.1:6379/2",
        "AEGIS_DISCORD_TOKEN": "abc.def",
        "AEGIS_DISCORD_API_URL": "http://127.0.0.1:8080/api/v10/",
        "AEGIS_DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/",
        "AEGIS_LOG_LEVEL": "debug",
    }
    config = load_config(path, env=env)
    assert config.database.url == "postgresql://aegis@db.example:5432/aegis"
    assert config.redis.url == "redis://127.0.0.1:6379/2"
    assert config.discord.token.reveal() == "abc.def"
    assert config.discord.api_url == "http://127.0.0.1:8080/api/v10"
    assert config.discord.gateway_url == "ws://127.0.0.1:8080/"
    assert config.logging.level == "DEBUG"


def test_the_token_never_shows(tmp_path):
    config = load_config(write(tmp_path, '[discord]\ntoken = "super-secret"\n'), env={})
    assert "super-secret" not in repr(config) and "super-secret" not in str(config.discord.token)
    assert isinstance(config.discord.token, Secret)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '[database]\nurl = "mysql://x/y"\n',
            r"\[database\] url = 'mysql://x/y' must be a URL starting with sqlite:// or postgresql://.*for example url = \"sqlite:///aegis.db\"",
        ),
        (
            '[logging]\nlevel = "LOUD"\n',
            r"\[logging\] level = 'LOUD' must be one of DEBUG, INFO.*for example level = \"INFO\"",
        ),
        ("[retention]\naudit_days = -1\n", r"\[retention\] audit_days = -1 must be a whole number from 0 to 36500"),
        ('[discord]\ntokn = "x"\n', r"unknown key 'tokn' in \[discord\]; did you mean 'token'\?"),
        ('[databse]\nurl = "sqlite:///a.db"\n', r"unknown section \[databse\]; did you mean 'database'\?"),
        ("[database\nurl = 1\n", r"not valid TOML"),
        ("[discord]\ntoken = 12\n", r"\[discord\] token = \*\*\* must be a string"),
    ],
)
def test_a_bad_file_names_the_file_the_key_and_a_right_value(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=expected) as caught:
        load_config(path, env={})
    assert str(path) in str(caught.value)


def test_a_bad_environment_value_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match=r"environment variable AEGIS_REDIS_URL: \[redis\] url = 'localhost:6379'"):
        load_config(tmp_path / "none.toml", env={"AEGIS_REDIS_URL": "localhost:6379"}, must_exist=False)


def test_a_named_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file.*aegis init"):
        load_config(tmp_path / "missing.toml", env={})


def test_aegis_config_variable_picks_the_file(tmp_path):
    path = write(tmp_path, '[logging]\nlevel = "ERROR"\n')
    assert load_config(env={"AEGIS_CONFIG": str(path)}).logging.level == "ERROR"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("AEGIS_DATABASE_URL", "mysql://root:hunter2@db.example/aegis"),
        ("AEGIS_DATABASE_URL", "postgresql//root:hunter2@db.example/aegis"),  # too broken to parse as a URL
        ("AEGIS_REDIS_URL", "http://:hunter2@127.0.0.1:6379/0"),
    ],
)
def test_a_bad_url_in_the_environment_is_refused_without_its_password(tmp_path, variable, value):
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path / "aegis.toml", env={variable: value}, must_exist=False)
    assert variable in str(refused.value) and "must be a URL" in str(refused.value)
    assert "hunter2" not in str(refused.value)


def test_the_redis_prefix_is_derived_from_where_the_data_lives(tmp_path):
    one = load_config(tmp_path / "a.toml", env={"AEGIS_DATABASE_URL": "sqlite:////srv/one/aegis.db"}, must_exist=False)
    two = load_config(tmp_path / "a.toml", env={"AEGIS_DATABASE_URL": "sqlite:////srv/two/aegis.db"}, must_exist=False)
    again = load_config(
        tmp_path / "a.toml", env={"AEGIS_DATABASE_URL": "sqlite:////srv/one/aegis.db"}, must_exist=False
    )
    assert one.redis.prefix.startswith("aegis:") and one.redis.prefix.endswith(":")
    assert one.redis.prefix != two.redis.prefix and one.redis.prefix == again.redis.prefix
    assert one.redis.rate_limit_prefix == one.redis.prefix + "rl:"
    assert one.redis.settings_channel == one.redis.prefix + "settings"


def test_the_derived_prefix_ignores_credentials_and_a_set_prefix_wins(tmp_path):
    def prefix(**env):
        return load_config(tmp_path / "a.toml", env=env, must_exist=False).redis.prefix

    assert prefix(AEGIS_DATABASE_URL="postgresql://a:x@db:5432/aegis") == prefix(
        AEGIS_DATABASE_URL="postgresql://b:y@db:5432/aegis"
    )
    assert prefix(AEGIS_DATABASE_URL="postgresql://a@db:5432/aegis") != prefix(
        AEGIS_DATABASE_URL="postgresql://a@db:5432/other"
    )
    assert prefix(AEGIS_REDIS_PREFIX="aegis:prod") == "aegis:prod:"
    with pytest.raises(ConfigError, match="AEGIS_REDIS_PREFIX"):
        prefix(AEGIS_REDIS_PREFIX="has space")


def test_the_invalid_request_pause_is_set_in_the_file(tmp_path):
    path = write(tmp_path, "[discord]\ninvalid_requests_pause_at = 500\n")
    assert load_config(path, env={}).discord.invalid_requests_pause_at == 500
    assert load_config(write(tmp_path, ""), env={}).discord.invalid_requests_pause_at == 2000
    with pytest.raises(ConfigError, match=r"invalid_requests_pause_at = 0 must be a whole number from 1 to 10000"):
        load_config(write(tmp_path, "[discord]\ninvalid_requests_pause_at = 0\n"), env={})
