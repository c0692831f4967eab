"""Slash commands that act: /warn /note /kick /ban /unban /softban /timeout /untimeout /mute /unmute /purge
/slowmode /lockdown /unlock. Each only parses and hands over to the moderation service.

Every user option takes a user who is not (or no longer) in the server, as Discord's user picker does: the
service records what makes sense without membership (a warning, a note, a ban) and refuses the rest plainly.
The command tree has deferred before any of these runs."""

import discord
from discord import app_commands

from aegis.bot.commands.common import REASON_MAX, duration_or_refusal, member_of, request
from aegis.bot.replies import answer_outcome, answer_refusal
from aegis.domain.durations import TIMEOUT_LIMIT
from aegis.services.moderation.service import ModerationService
from aegis.services.ports import PurgeFilter

Reason = app_commands.Range[str, 1, REASON_MAX]
DELETE_CHOICES = [
    app_commands.Choice(name="none", value=0),
    app_commands.Choice(name="last hour", value=3600),
    app_commands.Choice(name="last 24 hours", value=86400),
    app_commands.Choice(name="last 7 days", value=604800),
]


async def targeted(interaction: discord.Interaction, user: discord.User | discord.Member, reason: str | None):
    return request(interaction, user.id, await member_of(interaction, user), reason)


def register(tree: app_commands.CommandTree, service: ModerationService) -> None:
    guild_only = app_commands.guild_only

    @tree.command(description="Warn a member; warnings count towards the server's escalation ladder.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def warn(interaction: discord.Interaction, member: discord.User, reason: Reason):
        await answer_outcome(interaction, await service.warn(await targeted(interaction, member, reason)))

    @tree.command(description="Add a note to a member's record; they are not told.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def note(interaction: discord.Interaction, member: discord.User, text: Reason):
        await answer_outcome(interaction, await service.note(await targeted(interaction, member, text)))

    @tree.command(description="Kick a member from the server.")
    @guild_only()
    @app_commands.default_permissions(kick_members=True)
    async def kick(interaction: discord.Interaction, member: discord.User, reason: Reason | None = None):
        await answer_outcome(interaction, await service.kick(await targeted(interaction, member, reason)))

    @tree.command(description="Ban a user; give a duration (e.g. 7d) for a temporary ban.")
    @guild_only()
    @app_commands.default_permissions(ban_members=True)
    @app_commands.describe(
        duration="e.g. 2h, 7d; leave empty for a permanent ban",
        delete_messages="how much of their recent history to delete",
    )
    @app_commands.choices(delete_messages=DELETE_CHOICES)
    async def ban(
        interaction: discord.Interaction,
        member: discord.User,
        duration: str | None = None,
        delete_messages: int = 0,
        reason: Reason | None = None,
    ):
        length, error = duration_or_refusal(duration)
        if error:
            return await answer_refusal(interaction, error)
        outcome = await service.ban(await targeted(interaction, member, reason), length, delete_messages)
        await answer_outcome(interaction, outcome)

    @tree.command(description="Lift a ban (and cancel its pending expiry).")
    @guild_only()
    @app_commands.default_permissions(ban_members=True)
    @app_commands.describe(user="the user id or @mention")
    async def unban(interaction: discord.Interaction, user: discord.User, reason: Reason | None = None):
        await answer_outcome(interaction, await service.unban(request(interaction, user.id, None, reason)))

    @tree.command(description="Ban and at once unban: removes a member and their recent messages.")
    @guild_only()
    @app_commands.default_permissions(ban_members=True)
    async def softban(interaction: discord.Interaction, member: discord.User, reason: Reason | None = None):
        await answer_outcome(interaction, await service.softban(await targeted(interaction, member, reason)))

    @tree.command(description="Time a member out (at most 28 days, Discord's limit).")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    @app_commands.describe(duration="e.g. 10m, 2h, 7d (at most 28d)")
    async def timeout(
        interaction: discord.Interaction, member: discord.User, duration: str, reason: Reason | None = None
    ):
        length, error = duration_or_refusal(duration, maximum=TIMEOUT_LIMIT)
        if error:
            return await answer_refusal(interaction, error)
        await answer_outcome(interaction, await service.timeout(await targeted(interaction, member, reason), length))

    @tree.command(description="Lift a member's timeout.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    async def untimeout(interaction: discord.Interaction, member: discord.User, reason: Reason | None = None):
        await answer_outcome(interaction, await service.untimeout(await targeted(interaction, member, reason)))

    @tree.command(description="Give a member the server's mute role, for a time (e.g. 2h) or until /unmute.")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    @app_commands.describe(duration="e.g. 10m, 2h, 7d; leave empty to mute until /unmute")
    async def mute(
        interaction: discord.Interaction,
        member: discord.User,
        duration: str | None = None,
        reason: Reason | None = None,
    ):
        length, error = duration_or_refusal(duration)
        if error:
            return await answer_refusal(interaction, error)
        await answer_outcome(interaction, await service.mute(await targeted(interaction, member, reason), length))

    @tree.command(description="Take the mute role off a member (and cancel their mute's pending expiry).")
    @guild_only()
    @app_commands.default_permissions(moderate_members=True)
    @app_commands.describe(member="a member, or someone who left while muted (so they are not muted on return)")
    async def unmute(interaction: discord.Interaction, member: discord.User, reason: Reason | None = None):
        await answer_outcome(interaction, await service.unmute(await targeted(interaction, member, reason)))

    @tree.command(description="Delete recent messages in this channel, optionally only one member's or matching text.")
    @guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.describe(
        count="how many messages to delete (1–500); Discord cannot bulk-delete messages older than 14 days"
    )
    async def purge(
        interaction: discord.Interaction,
        count: app_commands.Range[int, 1, 500],
        member: discord.User | None = None,
        contains: str | None = None,
    ):
        which = PurgeFilter(count, member.id if member else None, contains or None)
        await answer_outcome(interaction, await service.purge(request(interaction, interaction.channel_id), which))

    @tree.command(description="Set a channel's slowmode (0 turns it off; at most 6 hours).")
    @guild_only()
    @app_commands.default_permissions(manage_channels=True)
    async def slowmode(
        interaction: discord.Interaction,
        seconds: app_commands.Range[int, 0, 21600],
        channel: discord.TextChannel | None = None,
    ):
        req = request(interaction, (channel or interaction.channel).id)
        await answer_outcome(interaction, await service.slowmode(req, seconds))

    @tree.command(description="Stop @everyone from sending messages in a channel.")
    @guild_only()
    @app_commands.default_permissions(manage_channels=True)
    async def lockdown(
        interaction: discord.Interaction, channel: discord.TextChannel | None = None, reason: Reason | None = None
    ):
        req = request(interaction, (channel or interaction.channel).id, reason=reason)
        await answer_outcome(interaction, await service.lock(req, True))

    @tree.command(description="Undo /lockdown on a channel.")
    @guild_only()
    @app_commands.default_permissions(manage_channels=True)
    async def unlock(
        interaction: discord.Interaction, channel: discord.TextChannel | None = None, reason: Reason | None = None
    ):
        req = request(interaction, (channel or interaction.channel).id, reason=reason)
        await answer_outcome(interaction, await service.lock(req, False))
