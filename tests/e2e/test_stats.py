"""/stats end to end: the member who leaves is counted, and the moderator gets the numbers with sparklines."""

import asyncio

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.storage import models as m
from aegis.storage.moderation import cases


async def test_stats_counts_joins_leaves_and_cases_and_answers_with_a_chart(bot, server):
    server.double.member_leave(server.guild, server.bob)
    newcomer = server.double.add_user("newcomer")
    server.double.member_join(server.guild, newcomer)
    for _ in range(50):  # the leave and the join reach the bot before they are counted
        await bot.automod.flush_counters()
        row = m.DailyCounter.get_or_none(m.DailyCounter.guild == server.guild.id)
        if row and row.leaves and row.joins:
            break
        await asyncio.sleep(0.05)
    assert (row.leaves, row.joins) == (1, 1)
    cases.create(NewCase(server.guild.id, CaseType.WARN, server.alice.id, ActorKind.MODERATOR, server.moderator.id))

    handle = server.double.invoke_command(server.guild, server.general, server.moderator, "stats", {"days": 7})
    reply = await handle.wait_for_reply(timeout=10)
    assert handle.ephemeral and reply.content.startswith("**Statistics, last 7 days**")
    assert "Joins                     1  ▁▁▁▁▁▁█" in reply.content
    assert "Leaves                    1  ▁▁▁▁▁▁█" in reply.content
    assert "Cases by type: automod 1, warn 1" in reply.content  # the newcomer's account is brand new
    assert "Detections by rule: new_account 1" in reply.content


async def test_stats_refuses_a_span_longer_than_the_counters_keep(bot, server):
    handle = server.double.invoke_command(server.guild, server.general, server.moderator, "stats", {"days": 400})
    reply = await handle.wait_for_reply(timeout=10)
    assert "400" in reply.content and "90" in reply.content


async def test_stats_is_for_moderators_even_where_discord_let_the_command_through(bot, server):
    handle = server.double.invoke_command(server.guild, server.general, server.alice, "stats", {})
    reply = await handle.wait_for_reply(timeout=10)
    assert "You need the Moderate Members permission to read the server's statistics" in reply.content
