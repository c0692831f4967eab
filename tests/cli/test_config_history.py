"""A guild's settings as versioned data, through `aegis config history|diff|rollback|export|import`."""

import tomllib
from dataclasses import replace

from click.testing import CliRunner

from aegis.cli import main
from aegis.domain.actors import Actor
from aegis.domain.guilds import EscalationRung
from aegis.domain.moderation.cases import CaseType
from aegis.storage import guilds
from aegis.storage import models as m

GUILD, OTHER = 1049862734591127552, 2049862734591127552
MOD = Actor.moderator(42)


def cli(database_url, *args, input=None):
    env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def change(**fields):
    return guilds.update_settings(GUILD, MOD, lambda s: (replace(s, **fields), "settings.update", None))


def test_history_lists_every_version_with_who_and_what_changed(db, database_url):
    change(mod_log_channel_id=555)
    change(dm_on_action=False)
    out = cli(database_url, "config", "history", str(GUILD)).output.splitlines()
    assert len(out) == 2
    assert out[0].startswith("v1") and "moderator 42" in out[0] and "mod_log_channel_id" in out[0]
    assert out[1].startswith("v2") and out[1].endswith("dm_on_action")


def test_a_guild_with_no_saved_settings_says_so(db, database_url):
    assert "has no saved settings yet" in cli(database_url, "config", "history", str(GUILD)).output


def test_diff_shows_what_changed_between_versions_and_now(db, database_url):
    change(mod_log_channel_id=555)
    change(mod_log_channel_id=777, warning_lifetime_s=None)
    text = cli(database_url, "config", "diff", str(GUILD), "1").output
    assert "-mod_log_channel_id = 555\n" in text and "+mod_log_channel_id = 777\n" in text
    assert "-warning_lifetime_s = 2592000\n" in text
    assert cli(database_url, "config", "diff", str(GUILD), "2").output == "no difference\n"


def test_an_unknown_version_is_refused_with_the_versions_there_are(db, database_url):
    change(mod_log_channel_id=555)
    result = cli(database_url, "config", "diff", str(GUILD), "9")
    assert result.exit_code == 1
    assert f"Guild {GUILD} has no settings version 9; its versions are 1" in result.output


def test_rollback_restores_a_version_as_a_new_audited_one(db, database_url):
    change(mod_log_channel_id=555)
    change(mod_log_channel_id=777, escalation=())
    result = cli(database_url, "config", "rollback", str(GUILD), "1", "--yes")
    assert result.exit_code == 0 and "now version 3" in result.output
    restored = guilds.get_settings(GUILD)
    assert restored.mod_log_channel_id == 555 and len(restored.escalation) == 3
    assert m.AuditEntry.select().where(m.AuditEntry.action == "settings.rollback").count() == 1
    assert "settings.rollback" in cli(database_url, "config", "history", str(GUILD)).output


def test_rollback_asks_first_and_a_no_changes_nothing(db, database_url):
    change(mod_log_channel_id=555)
    change(mod_log_channel_id=777)
    declined = cli(database_url, "config", "rollback", str(GUILD), "1", input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert guilds.get_settings(GUILD).mod_log_channel_id == 777


def test_export_then_import_copies_a_guilds_setup_to_another(db, database_url):
    ladder = (EscalationRung(2, CaseType.TIMEOUT, 600), EscalationRung(4, CaseType.BAN))
    automod = {"rules": {"caps": {"enabled": True, "min_letters": 12}}}
    change(
        mod_log_channel_id=555,
        escalation=ladder,
        automod=automod,
        exempt_role_ids=frozenset({9, 8}),
        retention={"audit_days": 365},
        forget_keeps_cases=False,
    )
    exported = cli(database_url, "config", "export", str(GUILD)).output
    assert tomllib.loads(exported)["escalation"][0] == {"warnings": 2, "action": "timeout", "duration_s": 600}

    result = cli(database_url, "config", "import", str(OTHER), "-", "--yes", input=exported)
    assert result.exit_code == 0, result.output
    copied = guilds.get_settings(OTHER)
    assert copied.to_data() == {**guilds.get_settings(GUILD).to_data()}
    assert copied.escalation == ladder and copied.exempt_role_ids == {8, 9} and copied.automod == automod


def test_import_of_a_bad_file_names_every_problem_and_stores_nothing(db, database_url, tmp_path):
    change(mod_log_channel_id=555)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'mod_log_channel_id = "general"\nmute_rol_id = 5\n'
        '[[escalation]]\nwarnings = 3\naction = "explode"\n'
        "[automod.rules.caps]\nmax_ratio = 7\n"
        "[retention]\naudit_days = -3\n"
    )
    result = cli(database_url, "config", "import", str(GUILD), str(bad), "--yes")
    assert result.exit_code == 1
    assert "unknown setting(s) mute_rol_id" in result.output
    assert "mod_log_channel_id must be a Discord id" in result.output and "'general'" in result.output
    assert "escalation: I could not read the rung '3 explode'" in result.output
    assert "automod: caps.max_ratio" in result.output
    assert "retention.audit_days must be days from 0 (forever) to 36500, got -3" in result.output
    assert guilds.get_settings(GUILD).version == 1 and guilds.get_settings(GUILD).mod_log_channel_id == 555


def test_import_shows_the_diff_and_a_file_that_changes_nothing_saves_nothing(db, database_url):
    change(mod_log_channel_id=555)
    exported = cli(database_url, "config", "export", str(GUILD)).output
    same = cli(database_url, "config", "import", str(GUILD), "-", "--yes", input=exported)
    assert "nothing changed" in same.output and guilds.get_settings(GUILD).version == 1

    edited = exported.replace("mod_log_channel_id = 555", "mod_log_channel_id = 556")
    result = cli(database_url, "config", "import", str(GUILD), "-", "--yes", input=edited)
    assert "-mod_log_channel_id = 555\n+mod_log_channel_id = 556\n" in result.output
    assert guilds.get_settings(GUILD).mod_log_channel_id == 556


def test_a_file_on_standard_input_is_not_applied_without_yes(db, database_url):
    exported = cli(database_url, "config", "export", str(GUILD)).output.replace(
        "dm_on_action = true", "dm_on_action = false"
    )
    result = cli(database_url, "config", "import", str(GUILD), "-", input=exported)
    assert result.exit_code == 1 and "pass --yes" in result.output
    assert guilds.get_settings(GUILD).version == 0


def test_an_older_version_exports_as_it_was(db, database_url):
    change(mod_log_channel_id=555)
    change(mod_log_channel_id=777)
    old = cli(database_url, "config", "export", str(GUILD), "--version", "1").output
    assert "version 1" in old.splitlines()[0] and tomllib.loads(old)["mod_log_channel_id"] == 555
