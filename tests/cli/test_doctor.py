"""`aegis doctor` against the local Discord double: what the double's server withholds is what doctor reports,
each with its fix, and a deployment with nothing wrong exits 0."""

import os

import pytest
from click.testing import CliRunner

from aegis.cli import main
from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.domain.permissions import required_permissions_value
from aegis.double import DiscordDoubleThread, Intent, Permission
from aegis.storage import guilds

TOKEN = "doctor-token"
EVERYTHING = required_permissions_value()


@pytest.fixture
def double():
    with DiscordDoubleThread() as running:
        yield running


@pytest.fixture
def private_database(database_url, db):
    """The suite copies its template database (0644, and the db fixture's connection gave its WAL that mode);
    aegis init would have made them 0600."""
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        for name in (path, path + "-wal", path + "-shm"):
            if os.path.exists(name):
                os.chmod(name, 0o600)
    return database_url


def server(double, *, bot_permissions: int, intents: int | None = None, mute_above_bot: bool = False):
    app = double.add_bot(TOKEN, "Aegis", privileged_intents=intents)
    guild = double.add_guild("Aegis Test", double.add_user("owner"))
    double.add_role(guild, "admin", Permission.ADMINISTRATOR, position=10)
    muted = double.add_role(guild, "Muted", 0, position=6 if mute_above_bot else 2)
    double.add_member(guild, app, [double.add_role(guild, "Aegis", bot_permissions, position=5)])
    guilds.save_settings(GuildSettings(guild.id, mute_role_id=muted.id), OPERATOR)
    return guild


def doctor(double, database_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {
        "AEGIS_DISCORD_TOKEN": TOKEN,
        "AEGIS_DISCORD_API_URL": double.api_url,
        "AEGIS_DATABASE_URL": database_url,
        "AEGIS_REDIS_URL": None,
        "AEGIS_CONFIG": None,
    }
    return CliRunner().invoke(main, ["doctor"], env=env, color=False)


def test_doctor_reports_the_permissions_the_server_withholds_with_the_fix(
    double, private_database, tmp_path, monkeypatch
):
    withheld = EVERYTHING & ~Permission.VIEW_AUDIT_LOG & ~Permission.MODERATE_MEMBERS
    server(double, bot_permissions=withheld)
    result = doctor(double, private_database, tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    audit = next(i for i, line in enumerate(lines) if "missing View Audit Log" in line)
    assert lines[audit].startswith("FAIL  guild Aegis Test")
    assert "fix: Server Settings → Roles → Aegis → turn on View Audit Log (or re-invite with " in lines[audit + 1]
    assert f"permissions={EVERYTHING}" in lines[audit + 1]
    assert any("missing Moderate Members: /timeout and automod cannot time members out" in line for line in lines)
    assert not any("missing Ban Members" in line for line in lines)
    assert "2 problem(s) found" in result.output, result.output


def test_doctor_reports_a_privileged_intent_left_off(double, private_database, tmp_path, monkeypatch):
    server(double, bot_permissions=EVERYTHING, intents=Intent.GUILD_MEMBERS)
    result = doctor(double, private_database, tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "FAIL  intents      the Message Content Intent is off" in result.output
    assert "Privileged Gateway Intents → turn on Message Content Intent" in result.output
    assert "Server Members Intent is off" not in result.output


def test_doctor_reports_a_mute_role_above_the_bot(double, private_database, tmp_path, monkeypatch):
    server(double, bot_permissions=EVERYTHING, mute_above_bot=True)
    result = doctor(double, private_database, tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "the mute role @Muted (position 6) is not below Aegis's highest role @Aegis (position 5)" in result.output
    assert "fix: Server Settings → Roles → drag @Aegis above @Muted" in result.output


def test_a_sound_deployment_has_no_problems(double, private_database, tmp_path, monkeypatch):
    server(double, bot_permissions=EVERYTHING)
    result = doctor(double, private_database, tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "ok    token        logged in as Aegis" in result.output
    assert "ok    guild Aegis Test has every permission Aegis needs" in result.output
    assert "note  guild Aegis Test members with @admin rank above Aegis's highest role" in result.output
    assert "no problems found" in result.output


def test_a_bad_token_readable_files_and_pending_migrations(double, empty_database_url, tmp_path, monkeypatch):
    server(double, bot_permissions=EVERYTHING)
    (tmp_path / "aegis.toml").write_text("")
    os.chmod(tmp_path / "aegis.toml", 0o644)
    monkeypatch.chdir(tmp_path)
    env = {
        "AEGIS_DISCORD_TOKEN": "wrong",
        "AEGIS_DISCORD_API_URL": double.api_url,
        "AEGIS_DATABASE_URL": empty_database_url,
        "AEGIS_CONFIG": None,
    }
    result = CliRunner().invoke(main, ["doctor"], env=env, color=False)
    assert result.exit_code == 1
    assert f"{tmp_path / 'aegis.toml'} is readable by others (mode 0644)" in result.output
    assert f"fix: chmod 600 {tmp_path / 'aegis.toml'}" in result.output
    assert "pending: 001_initial" in result.output and "fix: aegis db migrate" in result.output
    assert "Discord refuses the token (401" in result.output and "Reset Token" in result.output
