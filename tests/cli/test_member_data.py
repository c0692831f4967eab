"""One member's data out (`aegis data export`), or gone (`aegis data forget`), kept gone across a restore, and
cases out in bulk (`aegis cases export`)."""

import csv
import io
import json
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from aegis.cli import main
from aegis.domain.actors import Actor, ActorKind
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind
from aegis.domain.raids import RaidAction, RaidTrigger
from aegis.domain.records import AutomodEvent
from aegis.services.moderation import records
from aegis.storage import guilds, raids
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases, schedule
from aegis.storage.records import activity, members

GUILD, STRICT = 81384788765712384, 81384788765712999  # STRICT's policy: a member's request removes cases too
ALICE, BOB, MOD = 1049862734591127552, 1049862734591127553, 1049862734591127554
SNOWFLAKES = (ALICE, BOB, MOD)


@pytest.fixture
def cli(database_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the deletion ledger lives beside the config, here the working directory

    def run(*args, input=None):
        env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
        return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return run


def case(guild, kind, target, moderator=MOD, reason="r", **extra):
    return cases.create(NewCase(guild, kind, target, ActorKind.MODERATOR, moderator, reason, **extra))


def seed_world(db):
    """Alice has one of everything; Bob is a bystander whose id must never reach Alice's export."""
    at = datetime(2026, 11, 1, tzinfo=UTC)
    for user, name in ((ALICE, "alice"), (BOB, "bob"), (MOD, "mod")):
        members.upsert_user(user, name, False, at)
        members.record_join(GUILD, user, at)
    members.record_join(STRICT, ALICE, at)
    warn = case(GUILD, CaseType.WARN, ALICE, reason="spam in #general", metadata={"matched": "buy now"})
    case(GUILD, CaseType.NOTE, ALICE, reason="keeps testing limits")
    tempban = case(GUILD, CaseType.TEMPBAN, ALICE, expires_at=at + timedelta(days=3))
    schedule.add(NewScheduledAction(GUILD, ScheduleKind.UNBAN, at + timedelta(days=3), ALICE, tempban.id, {}))
    case(GUILD, CaseType.WARN, BOB, moderator=ALICE, reason="alice moderated bob")  # Alice as a moderator
    case(GUILD, CaseType.WARN, BOB, reason="bob's own warning")
    case(STRICT, CaseType.WARN, ALICE, reason="strict server warning")
    activity.add_automod_event(AutomodEvent(GUILD, "caps", "delete", "delete", "caps", "HELLO", ALICE, 5, 6))
    activity.add_automod_event(AutomodEvent(GUILD, "caps", "delete", "delete", "caps", "BOB SHOUTS", BOB, 5, 7))
    raid, _ = raids.start(GUILD, RaidTrigger.MODERATOR, RaidAction.TIMEOUT, Actor.moderator(ALICE), "raid")
    raids.add_member(raid.id, BOB, at, at)
    audit.record(NewAuditEntry(Actor.moderator(ALICE), "member.note", GUILD, BOB, "alice about bob"))
    guilds.update_settings(GUILD, Actor.moderator(ALICE), lambda s: (replace(s, mod_log_channel_id=9), "x", None))
    guilds.update_settings(STRICT, Actor.moderator(MOD), lambda s: (replace(s, forget_keeps_cases=False), "x", None))
    m.CustomCommand.create(
        guild=GUILD, name="rules", response="Be kind", created_by=ALICE, created_at=at, updated_at=at
    )
    return warn


def test_export_holds_each_kind_of_record_and_nothing_about_anyone_else(db, cli, tmp_path):
    seed_world(db)
    result = cli("data", "export", str(ALICE), "--output", "alice.json")
    assert result.exit_code == 0, result.output
    path = tmp_path / "alice.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    document = json.loads(text)
    assert (document["schema"], document["version"], document["user_id"]) == ("aegis.user-data", 1, str(ALICE))
    sections = document["sections"]
    assert [u["name"] for u in sections["user"]] == ["alice"]
    assert len(sections["memberships"]) == 2
    reasons = {c["reason"] for c in sections["cases"]}
    assert {"spam in #general", "keeps testing limits", "alice moderated bob", "strict server warning"} <= reasons
    assert [e["matched"] for e in sections["automod_detections"]] == ["HELLO"]
    assert len(sections["scheduled_actions"]) == 1 and len(sections["raids_switched"]) == 1
    assert [t["name"] for t in sections["tags"]] == ["rules"]
    assert [r["actor_id"] for r in sections["settings_changes"]] == [str(ALICE)]
    assert any(e["action"] == "member.note" for e in sections["audit_entries"])
    # nobody else: neither Bob's nor the moderator's id, name, nor Bob's own records
    for other in (str(BOB), str(MOD), "bob's own warning", "BOB SHOUTS", '"bob"'):
        assert other not in text, other


def test_export_for_one_guild_leaves_the_others_out(db, cli):
    seed_world(db)
    document = json.loads(cli("data", "export", str(ALICE), "--guild", str(STRICT)).output)
    assert {c["reason"] for c in document["sections"]["cases"]} == {"strict server warning"}
    assert [ms["guild_id"] for ms in document["sections"]["memberships"]] == [str(STRICT)]


async def test_forget_on_request_keeps_the_cases_the_policy_keeps(db, cli):
    seed_world(db)
    result = cli("data", "forget", str(ALICE), "--reason", "asked by DM", "--keep-moderation", "--yes")
    assert result.exit_code == 0, result.output
    assert "kept 3 case(s) against them in 1 guild(s)" in result.output
    # what the report lists is what went
    assert "removed          1  user" in result.output and "removed          2  member" in result.output
    assert (
        m.User.get_or_none(m.User.id == ALICE) is None and m.Member.select().where(m.Member.user == ALICE).count() == 0
    )
    assert m.AutomodEvent.select().where(m.AutomodEvent.user_id == ALICE).count() == 0
    # /warnings shows what the policy keeps: the warning stays in GUILD, with its evidence gone; STRICT's went
    kept = (await records.member_cases(GUILD, ALICE, warnings_only=True)).cases
    assert [c.reason for c in kept] == ["spam in #general"] and kept[0].metadata == {}
    assert (await records.member_cases(STRICT, ALICE)).cases == ()
    assert schedule.pending_for_target(GUILD, ALICE, (ScheduleKind.UNBAN,))  # the kept tempban still ends on time
    # where Alice acted on others, her id is gone from the row; Bob's records are untouched
    bobs = cases.for_target(GUILD, BOB)
    assert sorted((c.reason, c.moderator_id) for c in bobs) == [
        ("alice moderated bob", None),
        ("bob's own warning", MOD),
    ]
    assert m.CustomCommand.get().created_by == 0
    entry = m.AuditEntry.get(m.AuditEntry.action == "data.forget")
    assert str(ALICE) not in json.dumps(entry.metadata) and entry.target_id is None and entry.reason == "asked by DM"


async def test_an_operators_forget_removes_every_case_against_them(db, cli):
    seed_world(db)
    result = cli("data", "forget", str(ALICE), "--reason", "operator decision", "--yes")
    assert result.exit_code == 0, result.output
    assert (await records.member_cases(GUILD, ALICE)).cases == ()
    assert not schedule.pending_for_target(GUILD, ALICE, (ScheduleKind.UNBAN,))
    assert str(ALICE) not in json.dumps(json.loads(cli("data", "export", str(ALICE)).output)["sections"])


def test_a_reason_that_names_the_user_is_refused_and_nothing_changes(db, cli):
    seed_world(db)
    result = cli("data", "forget", str(ALICE), "--reason", f"user {ALICE} asked", "--yes")
    assert result.exit_code == 1 and "must hold no personal data" in result.output
    assert m.User.get_or_none(m.User.id == ALICE) is not None


def test_forget_asks_first(db, cli):
    seed_world(db)
    assert cli("data", "forget", str(ALICE), "--reason", "x", input="n\n").exit_code == 1
    assert m.User.get_or_none(m.User.id == ALICE) is not None


def test_a_restore_of_an_older_backup_forgets_them_again(db, cli, tmp_path, database_url):
    seed_world(db)
    assert cli("db", "backup", "--output", "before.aegisbak").exit_code == 0
    assert cli("data", "forget", str(ALICE), "--reason", "asked", "--keep-moderation", "--yes").exit_code == 0
    ledger = (tmp_path / "aegis-deletions.jsonl").read_text()
    assert str(ALICE) not in ledger and stat.S_IMODE((tmp_path / "aegis-deletions.jsonl").stat().st_mode) == 0o600

    result = cli("db", "restore", "before.aegisbak", "--force")
    assert result.exit_code == 0, result.output
    assert "re-applied 1 deletion(s) from the ledger" in result.output
    assert m.User.get_or_none(m.User.id == ALICE) is None
    assert m.Member.select().where(m.Member.user == ALICE).count() == 0
    assert [c.reason for c in cases.for_target(GUILD, ALICE, types=(CaseType.WARN,))] == ["spam in #general"]
    assert cases.for_target(STRICT, ALICE) == []
    assert m.User.get_or_none(m.User.id == BOB) is not None


def test_cases_export_streams_each_format_with_filters(db, cli):
    seed_world(db)
    rows = list(csv.DictReader(io.StringIO(cli("cases", "export", "--guild", str(STRICT)).output)))
    assert [(r["number"], r["type"], r["target_id"], r["reason"]) for r in rows] == [
        ("1", "warn", str(ALICE), "strict server warning")
    ]
    lines = cli("cases", "export", "--format", "ndjson", "--moderator", str(ALICE)).output.splitlines()
    assert [json.loads(line)["reason"] for line in lines] == ["alice moderated bob"]
    every = json.loads(cli("cases", "export", "--format", "json").output)
    assert len(every) == 6 and every[0]["number"] == 1
    assert json.loads(cli("cases", "export", "--format", "json", "--since", "2999-01-01").output) == []
