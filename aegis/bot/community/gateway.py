"""The community toolkit's Discord calls (members as they are now, roles with their permissions, greetings that ping
only the newcomer), over discord.py."""

from datetime import timedelta

import discord
from discord.http import handle_message_parameters

from aegis.bot.gateway_adapter import NO_PINGS, DiscordPyGateway, discord_errors
from aegis.bot.snapshots import person
from aegis.domain.community import PollSpec, RolePanel
from aegis.services.community.givable import GivableRole, MemberNow
from aegis.services.community.panels import custom_id, menu_id
from aegis.services.moderation.checks import Person
from aegis.services.ports import DiscordCallFailed
from aegis.services.wording.community.panels import MENU_PLACEHOLDER, panel_text


def givable(role: discord.Role) -> GivableRole:
    return GivableRole(
        id=role.id,
        name=role.name,
        position=role.position,
        permissions=frozenset(name for name, allowed in role.permissions if allowed),
        managed=role.managed,
        is_default=role.is_default(),
    )


def member_now(member: discord.Member) -> MemberNow:
    return MemberNow(member.id, frozenset(role.id for role in member.roles), bool(member.pending))


class OnlyThem(discord.AllowedMentions):
    """Allowed mentions with the user ids as strings, the snowflakes Discord's API description asks for (discord.py
    sends integers, which Discord also takes)."""

    def to_dict(self):
        data = super().to_dict()
        if "users" in data:
            data["users"] = [str(user_id) for user_id in data["users"]]
        return data


class CommunityDiscordGateway(DiscordPyGateway):
    async def member(self, guild_id: int, user_id: int) -> MemberNow | None:
        guild = self.client.get_guild(guild_id)
        if guild is None:
            return None
        if (cached := guild.get_member(user_id)) is not None:
            return member_now(cached)
        try:
            async with discord_errors():
                found = await guild.fetch_member(user_id)
        except DiscordCallFailed as exc:
            if exc.status == 404:
                return None
            raise
        return member_now(found)

    async def givable_role(self, guild_id: int, role_id: int) -> GivableRole | None:
        guild = self.client.get_guild(guild_id)
        role = guild.get_role(role_id) if guild else None
        return givable(role) if role else None

    async def bot_member(self, guild_id: int) -> Person:
        return person(self.client.get_guild(guild_id).me)

    async def greet(self, channel_id: int, text: str, ping: int | None) -> None:
        pings = OnlyThem(
            everyone=False, roles=False, replied_user=False, users=[discord.Object(ping)] if ping else False
        )
        # Straight to the route: channel.send would merge these into the client's defaults, a plain AllowedMentions
        # again, with the ids as integers.
        params = handle_message_parameters(content=text, allowed_mentions=pings)
        async with discord_errors():
            await self.client.http.send_message(channel_id, params=params)

    async def post_panel(self, panel: RolePanel) -> int:
        params = handle_message_parameters(
            content=panel_text(panel), view=panel_view(panel, self.client), allowed_mentions=NO_PINGS
        )
        async with discord_errors():
            message = await self.client.http.send_message(panel.channel_id, params=params)
        return int(message["id"])

    async def edit_panel(self, panel: RolePanel) -> None:
        params = handle_message_parameters(
            content=panel_text(panel), view=panel_view(panel, self.client), allowed_mentions=NO_PINGS
        )
        async with discord_errors():
            await self.client.http.edit_message(panel.channel_id, panel.message_id, params=params)

    async def post_poll(self, channel_id: int, spec: PollSpec) -> int:
        poll = discord.Poll(question=spec.question, duration=timedelta(hours=spec.hours), multiple=spec.multiple)
        for answer in spec.answers:
            poll.add_answer(text=answer)
        params = handle_message_parameters(poll=poll, allowed_mentions=NO_PINGS)
        async with discord_errors():
            message = await self.client.http.send_message(channel_id, params=params)
        return int(message["id"])

    async def announce(self, channel_id: int, text: str, everyone: bool) -> None:
        pings = discord.AllowedMentions(everyone=everyone, users=False, roles=False, replied_user=False)
        params = handle_message_parameters(content=text, allowed_mentions=pings)
        async with discord_errors():
            await self.client.http.send_message(channel_id, params=params)


def panel_view(panel: RolePanel, client: discord.Client) -> discord.ui.View:
    """The panel's buttons, one per role. Never registered with discord.py's view store: presses are read by their
    custom_id (aegis.bot.community.presses), so they keep working after a restart."""
    view = discord.ui.View(timeout=None)
    guild = client.get_guild(panel.guild_id)
    if panel.style == "menu":
        if panel.roles:  # Discord refuses a select menu with no options
            view.add_item(panel_menu(panel, guild))
        return view
    for entry in panel.roles:
        role = guild.get_role(entry.role_id) if guild else None
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                label=(entry.label or (role.name if role else str(entry.role_id)))[:80],
                emoji=entry.emoji or None,
                custom_id=custom_id(panel.id, entry.role_id),
            )
        )
    return view


def panel_menu(panel: RolePanel, guild: discord.Guild | None) -> discord.ui.Select:
    options = []
    for entry in panel.roles:
        role = guild.get_role(entry.role_id) if guild else None
        label = (entry.label or (role.name if role else str(entry.role_id)))[:100]
        options.append(discord.SelectOption(label=label, value=str(entry.role_id), emoji=entry.emoji or None))
    return discord.ui.Select(
        custom_id=menu_id(panel.id),
        placeholder=MENU_PLACEHOLDER,
        min_values=0,
        max_values=1 if panel.mode == "unique" else len(options),
        options=options,
    )
