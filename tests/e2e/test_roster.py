"""Guilds and members on the record: the real bot writes what Discord tells it, for the console's names."""

from datetime import UTC, datetime, timedelta

from aegis.services.console import queries
from aegis.storage import models as m
from aegis.storage.records import members

LONG_AGO = datetime.now(UTC) - timedelta(days=400)


async def settled(bot, server) -> None:
    await server.double.wait_until_read()
    await bot.roster.drain()


async def test_the_guild_name_and_its_members_are_stored_at_ready(bot, server):
    await settled(bot, server)
    assert m.Guild.get_by_id(server.guild.id).name == "Aegis Test"
    names = queries.guild_names({server.guild.id})
    assert names == {server.guild.id: "Aegis Test"}
    assert members.get_user(server.alice.id).name == "alice"
    assert members.get_member(server.guild.id, server.moderator.id).left_at is None


async def test_a_renamed_guild_is_renamed_on_the_record(bot, server):
    await settled(bot, server)
    server.double.rename_guild(server.guild, "Aegis Lounge")
    await settled(bot, server)
    assert queries.guild_names({server.guild.id}) == {server.guild.id: "Aegis Lounge"}


async def test_joins_and_leaves_are_stored_as_they_arrive(bot, server):
    await settled(bot, server)
    newcomer = server.double.add_user("newcomer", created_at=LONG_AGO)
    server.double.member_join(server.guild, newcomer)
    await settled(bot, server)
    assert members.get_user(newcomer.id).name == "newcomer"
    joined = members.get_member(server.guild.id, newcomer.id)
    assert joined is not None and joined.left_at is None

    server.double.member_leave(server.guild, newcomer)
    await settled(bot, server)
    assert members.get_member(server.guild.id, newcomer.id).left_at is not None
