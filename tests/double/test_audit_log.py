"""Moderation done in Discord's own UI: the double changes the state, writes an audit-log entry naming the
moderator and announces it (GUILD_AUDIT_LOG_ENTRY_CREATE) to bots that may view the audit log, next to the
GUILD_BAN_ADD / GUILD_BAN_REMOVE / GUILD_MEMBER_UPDATE events Discord sends anyway."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import discord
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from aegis.double import Permission
from aegis.double.world.snowflakes import utcnow

pytestmark = pytest.mark.asyncio
SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "discord-api-spec" / "openapi.json"
SPEC_URI = "urn:discord-openapi"


def entry_validator() -> Draft202012Validator:
    if not SPEC_PATH.exists():
        pytest.skip(f"Discord's OpenAPI description is not on this machine (looked for {SPEC_PATH})")
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(json.loads(SPEC_PATH.read_text())))
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/AuditLogEntryResponse"}, registry=registry)


def with_audit_log(world) -> None:
    world.bot_role.permissions |= Permission.VIEW_AUDIT_LOG


async def test_a_ban_unban_kick_and_timeout_in_the_ui_are_audited_with_the_moderator(world, connect):
    with_audit_log(world)
    double, guild = world.double, world.guild
    async with connect() as client:
        double.ban(guild, world.alice, "raiding", by=world.moderator)
        entry = await client.wait_for("audit_log_entry_create", timeout=5)
        assert (entry.action, entry.user_id, entry.target.id, entry.reason) == (
            discord.AuditLogAction.ban,
            world.moderator.id,
            world.alice.id,
            "raiding",
        )
        double.unban(guild, world.alice, by=world.moderator)
        entry = await client.wait_for("audit_log_entry_create", timeout=5)
        assert (entry.action, entry.reason) == (discord.AuditLogAction.unban, None)
        until = (utcnow() + timedelta(hours=1)).replace(microsecond=0)
        double.timeout(guild, world.bob, until, "calm down", by=world.moderator)
        entry = await client.wait_for("audit_log_entry_create", timeout=5)
        assert (entry.action, entry.after.timed_out_until, entry.before.timed_out_until) == (
            discord.AuditLogAction.member_update,
            until,
            None,
        )
        double.kick(guild, world.bob, "bye", by=world.moderator)
        entry = await client.wait_for("audit_log_entry_create", timeout=5)
        assert (entry.action, entry.target.id) == (discord.AuditLogAction.kick, world.bob.id)
    validator = entry_validator()
    for raw in double.audit_log(guild):
        assert not list(validator.iter_errors(raw)), raw
    assert [e["action_type"] for e in double.audit_log(guild)] == [22, 23, 24, 20]


async def test_the_bots_own_rest_actions_name_the_bot(world, client):
    with_audit_log(world)
    guild = client.get_guild(world.guild.id)
    await guild.ban(discord.Object(world.alice.id), reason="spam")
    await guild.get_member(world.bob.id).timeout(timedelta(minutes=5), reason="slow down")
    assert [(e["action_type"], e["user_id"], e.get("reason")) for e in world.double.audit_log(world.guild)] == [
        (22, str(world.bot.id), "spam"),
        (24, str(world.bot.id), "slow down"),
    ]


async def test_without_view_audit_log_the_bot_hears_the_ban_but_no_audit_entry(world, connect):
    async with connect() as client:
        world.double.ban(world.guild, world.alice, "raiding", by=world.moderator)
        banned_guild, banned = await client.wait_for("member_ban", timeout=5)
        assert banned.id == world.alice.id
        await world.double.wait_until_read()
    [session] = world.double.sessions
    assert "GUILD_BAN_ADD" in session.events and "GUILD_AUDIT_LOG_ENTRY_CREATE" not in session.events
    assert len(world.double.audit_log(world.guild)) == 1  # the entry exists; this bot may just not see it
