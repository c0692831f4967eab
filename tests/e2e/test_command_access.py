"""Who may run what on whom, end to end: members the bot's cache has not seen, commands whose Discord permissions a
server loosened, and users who left. The real bot, the real discord.py, the double, the database."""

from datetime import UTC, datetime

from aegis.domain.actors import OPERATOR
from aegis.domain.moderation.cases import CaseType
from aegis.domain.raids import RaidAction, RaidTrigger
from aegis.double import Permission
from aegis.storage import guilds, raids
from aegis.storage import models as m
from aegis.storage.moderation import audit, cases

BAN_ROUTE = "/guilds/{guild_id}/bans/{user_id}"
MEMBER_ROUTE = "/guilds/{guild_id}/members/{user_id}"


async def command(server, name, options=None, by=None, subcommand=None):
    handle = server.double.invoke_command(
        server.guild, server.general, by or server.moderator, name, options or {}, subcommand=subcommand
    )
    return (await handle.wait_for_reply(timeout=10)).content


def role(server, name):
    return next(r for r in server.guild.roles.values() if r.name == name)


def uncached_admin(bot, server):
    """An administrator who is in the server but whom the bot has never seen (no GUILD_CREATE or MEMBER_ADD
    carried them), as in a large server whose members were never all sent."""
    quiet = server.double.add_user("quiet-admin")
    server.double.add_member(server.guild, quiet, [role(server, "admin")])
    assert bot.get_guild(server.guild.id).get_member(quiet.id) is None
    return quiet


async def test_an_uncached_administrator_cannot_be_banned_by_a_moderator(bot, server):
    quiet = uncached_admin(bot, server)
    reply = await command(server, "ban", {"member": quiet, "reason": "nope"})
    assert "Your top role @moderator is not above @quiet-admin's top role @admin, so you cannot ban them." in reply
    assert server.double.requests_matching("PUT", BAN_ROUTE) == []
    assert m.Case.select().count() == 0


async def test_an_uncached_administrator_cannot_be_unmuted_past_the_hierarchy(bot, server):
    quiet = uncached_admin(bot, server)
    reply = await command(server, "unmute", {"member": quiet})
    assert "is not above @quiet-admin's top role @admin" in reply
    assert m.Case.select().count() == 0


async def test_raid_resolve_asks_discord_for_a_cohort_member_the_cache_does_not_know(bot, server):
    quiet = uncached_admin(bot, server)
    raid, _ = raids.start(server.guild.id, RaidTrigger.MODERATOR, RaidAction.ALERT, OPERATOR, "drill")
    raids.add_member(raid.id, quiet.id, datetime.now(UTC), handled="alert")
    raids.add_member(raid.id, server.bob.id, datetime.now(UTC), handled="alert")

    handle = server.double.invoke_command(
        server.guild, server.general, server.moderator, "raid", {"action": "ban"}, subcommand="resolve"
    )
    _, done = await handle.wait_for_followups(2, timeout=30)
    assert f"Raid #{raid.id} resolved (ban): 1 banned, 1 failed." in done.content
    assert f"<@{quiet.id}>: Your top role @moderator is not above @quiet-admin's top role @admin" in done.content
    fetched = server.double.requests_matching("GET", MEMBER_ROUTE)
    assert str(quiet.id) in {r.params["user_id"] for r in fetched}
    assert set(server.double.bans(server.guild)) == {server.bob.id}


async def test_a_member_without_manage_server_cannot_change_settings_though_discord_let_the_command_through(
    bot, server
):
    # The double, like a server whose admin loosened /settings under Integrations, delivers it from the moderator.
    before, logged = guilds.get_settings(server.guild.id), audit.page(audit.AuditFilter(action="settings.update"))
    reply = await command(server, "settings", {"enabled": False}, subcommand="dm")
    assert reply == "⛔ You need the Manage Server permission to change this server's moderation settings."
    reply = await command(server, "settings", subcommand="show")
    assert reply == "⛔ You need the Manage Server permission to see this server's moderation settings."
    assert guilds.get_settings(server.guild.id) == before
    assert audit.page(audit.AuditFilter(action="settings.update")) == logged

    reply = await command(server, "settings", {"enabled": False}, subcommand="dm", by=server.admin)
    assert reply.startswith("✅ Saved.") and "DM members about actions: off" in reply


async def test_automod_raid_mode_and_the_record_are_checked_again_in_the_services(bot, server):
    reply = await command(server, "automod", {"rule": "caps", "state": "off"}, subcommand="enable")
    assert reply == "⛔ You need the Manage Server permission to change this server's automod settings."
    reply = await command(server, "automod", subcommand="show")
    assert reply == "⛔ You need the Manage Server permission to see this server's automod settings."
    assert audit.page(audit.AuditFilter(action="automod.settings")) == []

    reply = await command(server, "raid", subcommand="on", by=server.alice)
    assert reply == "⛔ You need the Ban Members permission to switch raid mode on or off."
    assert raids.active(server.guild.id) is None

    await command(server, "warn", {"member": server.bob, "reason": "spam"})
    reply = await command(server, "pardon", {"case": 1, "reason": "friend"}, by=server.alice)
    assert reply == "⛔ You need the Moderate Members permission to pardon a warning."
    reply = await command(server, "case-reason", {"number": 1, "reason": "mine now"}, by=server.alice)
    assert reply == "⛔ You need the Moderate Members permission to change a case's reason."
    case = cases.get(server.guild.id, 1)
    assert not case.pardoned and case.reason == "spam"

    for name, options in [
        ("history", {"member": server.bob}),
        ("warnings", {"member": server.bob}),
        ("case", {"number": 1}),
    ]:
        reply = await command(server, name, options, by=server.alice)
        assert reply == "⛔ You need the Moderate Members permission to read members' records.", name
    reply = await command(server, "raid", subcommand="status", by=server.alice)
    assert reply == "⛔ You need the Ban Members permission to see raid mode and its cohort."


async def test_a_user_who_left_can_be_warned_noted_banned_and_looked_up_but_not_kicked(bot, server):
    server.double.member_leave(server.guild, server.bob)
    await server.double.wait_until_read()

    assert "✅ Case #1: Warning" in await command(server, "warn", {"member": server.bob, "reason": "ban evasion"})
    assert "✅ Case #2: Note" in await command(server, "note", {"member": server.bob, "text": "alt of carol"})
    history = await command(server, "history", {"member": server.bob})
    assert "`#2` Note" in history and "`#1` Warning" in history
    assert "1 active warning(s)" in await command(server, "warnings", {"member": server.bob})

    for name, options in [
        ("kick", {}),
        ("timeout", {"duration": "1h"}),
        ("mute", {}),
        ("softban", {}),
    ]:
        reply = await command(server, name, {"member": server.bob, **options})
        assert reply.startswith("⛔ They are not a member of this server, so there is nobody here to "), (name, reply)
    assert server.double.requests_matching("DELETE", MEMBER_ROUTE) == []
    assert server.double.requests_matching("PATCH", MEMBER_ROUTE) == []

    assert "✅ Case #3: Ban" in await command(server, "ban", {"member": server.bob, "reason": "evading"})
    assert server.bob.id in server.double.bans(server.guild)
    assert [c.type for c in cases.for_target(server.guild.id, server.bob.id)] == [
        CaseType.BAN,
        CaseType.NOTE,
        CaseType.WARN,
    ]


async def test_raid_resolve_needs_the_permission_of_what_it_does_to_the_cohort(bot, server):
    banner = server.double.add_user("banner")
    server.double.add_member(
        server.guild, banner, [server.double.add_role(server.guild, "banner", Permission.BAN_MEMBERS)]
    )
    raid, _ = raids.start(server.guild.id, RaidTrigger.MODERATOR, RaidAction.ALERT, OPERATOR, "drill")
    raids.add_member(raid.id, server.bob.id, datetime.now(UTC), handled="alert")
    for action, needed in [("kick", "Kick Members"), ("release", "Moderate Members")]:
        reply = await command(server, "raid", {"action": action}, by=banner, subcommand="resolve")
        assert reply == f"⛔ You need the {needed} permission to {action} a raid's cohort."
    assert [member.resolution for member in raids.members(raid.id)] == [None]
    assert server.double.member(server.guild, server.bob) is not None
