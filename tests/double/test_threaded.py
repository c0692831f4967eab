"""The double on its own thread, for a bot on another loop or in another process."""

from __future__ import annotations

import asyncio

import discord

from aegis.double import DiscordDoubleThread, Permission
from aegis.double.discordpy import discord_py_pointed_at


def test_a_client_on_another_loop_talks_to_the_threaded_double():
    with DiscordDoubleThread(heartbeat_interval=5) as double:
        app = double.add_bot("thread-token", "Aegis")
        owner = double.add_user("owner")
        guild = double.add_guild("Threaded", owner)
        role = double.add_role(guild, "Aegis", Permission.BAN_MEMBERS, position=2)
        double.add_member(guild, app, [role])
        alice = double.add_user("alice")
        double.add_member(guild, alice)
        channel = double.add_channel(guild, "general")

        async def bot_side() -> list[str]:
            client = discord.Client(intents=discord.Intents.all(), guild_ready_timeout=0.05)
            received: list[str] = []
            done = asyncio.Event()

            @client.event
            async def on_ready():
                await asyncio.to_thread(double.feed_messages, [(channel, alice, str(i)) for i in range(200)])
                await asyncio.to_thread(double.post_message, channel, alice, "last")

            @client.event
            async def on_message(message):
                received.append(message.content)
                if message.content == "last":
                    await client.get_guild(guild.id).ban(discord.Object(alice.id), reason="from another loop")
                    done.set()

            task = asyncio.create_task(client.start("thread-token"))
            await asyncio.wait_for(done.wait(), 10)
            await client.close()
            await task
            return received

        with discord_py_pointed_at(double.api_url, double.gateway_url):
            received = asyncio.run(bot_side())

        assert received == [str(i) for i in range(200)] + ["last"]
        assert double.bans(guild)[alice.id].reason == "from another loop"
        request = double.wait_for_request("PUT", "/guilds/{guild_id}/bans/{user_id}", 1)
        assert request.status == 204
