"""DiscordDouble: a local Discord (REST v10 + gateway) for the real discord.py client, driven by tests.

Seeding methods (add_*) change state silently, as if it had always been so; driving methods
(post_message, member_join, invoke_command, ...) change it the way Discord would and dispatch the
gateway events the bot would receive.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from aegis.double.components import component_payload
from aegis.double.controls import Controls
from aegis.double.events.actions import Actions
from aegis.double.events.guild_events import GuildEvents
from aegis.double.events.interactions import InteractionHandle, command_options, interaction_payload, resolve_members
from aegis.double.gateway.server import Gateway
from aegis.double.gateway.sessions import GatewayHub
from aegis.double.rest.recorder import RequestLog
from aegis.double.server import Server, build_app
from aegis.double.world.models import Application, Ban, Channel, Guild, Member, Message, Overwrite, Role, User, id_of
from aegis.double.world.state import DoubleState


class DiscordDouble(Controls):
    def __init__(self, *, heartbeat_interval: float = 41.25, recommended_shards: int = 1) -> None:
        self.state = DoubleState()
        self.hub = GatewayHub(lambda guild_id: self.state.guilds[guild_id].members)
        self.actions = Actions(self.state, self.hub.dispatch)
        self.actions.cdn_url = lambda: self.base_url if self._server else "https://cdn.discordapp.com"
        self.guild_events = GuildEvents(self.state, self.hub.dispatch)  # roles, channels, voice, invites, renames
        self.log = RequestLog()
        self.interactions: dict[str, InteractionHandle] = {}
        self.recommended_shards = recommended_shards
        self.refused_commands: dict[str, tuple[str, str, str]] = {}  # command name -> (field, message, error code)
        self.refusing_all: int | None = None  # an HTTP status every REST call is answered with, while set
        self.gateway = Gateway(
            self.state, self.hub, heartbeat_interval_ms=int(heartbeat_interval * 1000), url=lambda: self.gateway_url
        )
        self._server: Server | None = None

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> DiscordDouble:
        self._server = Server(build_app(self))
        await self._server.start(host, port)
        return self

    async def stop(self) -> None:
        for connection in list(self.gateway.connections):
            connection.close(1001)
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def __aenter__(self) -> DiscordDouble:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the double first"
        return f"http://{self._server.host}:{self._server.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/"

    # ---- seeding ------------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        *,
        bot: bool = False,
        accepts_dms: bool = True,
        created_at: datetime | None = None,
        global_name: str | None = None,
    ) -> User:
        return self.state.add_user(
            username, bot=bot, accepts_dms=accepts_dms, created_at=created_at, global_name=global_name
        )

    def add_bot(
        self,
        token: str,
        username: str = "Aegis",
        *,
        privileged_intents: int | None = None,
        application_name: str | None = None,
    ) -> Application:
        """The bot user and its application. `privileged_intents` limits what IDENTIFY may ask (else 4014)."""
        user = self.state.add_user(username, bot=True)
        return self.state.add_application(
            user, token, name=application_name or username, privileged_intents=privileged_intents
        )

    def add_guild(self, name: str, owner: User) -> Guild:
        return self.state.add_guild(name, owner)

    def add_role(self, guild: Guild, name: str, permissions: int = 0, position: int | None = None, **extra) -> Role:
        """A new role; a connected bot hears of it (GUILD_ROLE_CREATE), as from Discord."""
        role = self.state.add_role(guild, name, permissions, position, **extra)
        self.actions.role_created(role)
        return role

    def add_member(
        self,
        guild: Guild,
        user: User | Application,
        roles: Iterable[Role] = (),
        *,
        nick: str | None = None,
        joined_at: datetime | None = None,
    ) -> Member:
        return self.state.add_member(guild, self._user(user), list(roles), nick=nick, joined_at=joined_at)

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        overwrites: Iterable[Overwrite] = (),
        slowmode: int = 0,
        topic: str | None = None,
        channel_type: int = 0,
    ) -> Channel:
        return self.state.add_channel(
            guild,
            name,
            overwrites=list(overwrites),
            rate_limit_per_user=slowmode,
            topic=topic,
            channel_type=channel_type,
        )

    def dm_channel(self, first: User | Application, second: User | Application) -> Channel:
        return self.state.dm_channel(self._user(first), self._user(second))

    def _user(self, thing: Any) -> User:
        if isinstance(thing, Application):
            return self.state.users[thing.bot_user_id]
        return self.state.user(thing.user_id if isinstance(thing, Member) else id_of(thing))

    # ---- driving: what people do in Discord ----------------------------------------------------

    def post_message(
        self,
        channel: Channel,
        author: User | Member,
        content: str = "",
        *,
        embeds: list[dict] = (),
        attachments: list[dict] = (),
        mentions: Iterable[Any] = (),
        created_at: datetime | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        """A user posts; `attachments` are dicts like {"filename": "a.png", "size": 10, "content_type": ...}."""
        reference = None
        if reply_to is not None:
            reference = {"message_id": str(reply_to.id), "channel_id": str(reply_to.channel_id)}
        return self.actions.create_message(
            channel,
            self._user(author),
            content,
            embeds=list(embeds),
            attachments=list(attachments),
            extra_mentions=[id_of(self._user(m)) for m in mentions],
            created_at=created_at,
            message_reference=reference,
            message_type=19 if reply_to is not None else 0,
        )

    def seed_message(
        self, channel: Channel, author: User | Member, content: str = "", *, created_at: datetime | None = None
    ) -> Message:
        """A message already in the channel's history (no MESSAGE_CREATE), e.g. 15 days old."""
        return self.actions.create_message(channel, self._user(author), content, created_at=created_at, announce=False)

    def edit_message(self, message: Message, content: str) -> Message:
        return self.actions.edit_message(message, content=content)

    def delete_message(self, message: Message) -> None:
        self.actions.delete_message(message)

    def bulk_delete(self, channel: Channel, messages: list[Message]) -> None:
        """A moderator's client (or another bot) deletes many at once: one MESSAGE_DELETE_BULK."""
        self.actions.bulk_delete(channel, messages)

    def add_reaction(self, message: Message, user: User | Member, emoji: str) -> None:
        self.actions.add_reaction(message, self._user(user), emoji)

    def member_join(self, guild: Guild, user: User, roles: Iterable[Role] = (), *, pending: bool = False) -> Member:
        """`pending`: the member still has the server's membership screening to pass (update_member(pending=False))."""
        return self.actions.member_join(guild, self._user(user), [r.id for r in roles], pending=pending)

    def member_leave(self, guild: Guild, user: User | Member) -> None:
        self.actions.remove_member(guild, self._user(user).id)

    def update_member(self, member: Member, **changes: Any) -> Member:
        return self.actions.update_member(member, **changes)

    def rename_guild(self, guild: Guild, name: str) -> None:
        self.actions.rename_guild(guild, name)

    def ban(self, guild: Guild, user: User | Member, reason: str | None = None, *, by: User | None = None) -> Ban:
        """A moderator bans from the Discord client (no permission checks: they are not the bot). `by`: who, as
        the audit log names them (an entry and GUILD_AUDIT_LOG_ENTRY_CREATE); None: no audit-log entry."""
        return self.actions.ban(guild, self._user(user), reason=reason, by=self._actor(by))

    def unban(self, guild: Guild, user: User | Member, reason: str | None = None, *, by: User | None = None) -> None:
        self.actions.unban(guild, self._user(user), by=self._actor(by), reason=reason)

    def kick(self, guild: Guild, user: User | Member, reason: str | None = None, *, by: User | None = None) -> None:
        self.actions.remove_member(guild, self._user(user).id, by=self._actor(by), reason=reason)

    def timeout(
        self,
        guild: Guild,
        user: User | Member,
        until: datetime | None,
        reason: str | None = None,
        *,
        by: User | None = None,
    ) -> Member:
        """Time a member out until `until`, or (None) lift their timeout, from the Discord client."""
        member = self.state.member(guild, self._user(user).id)
        return self.actions.update_member(member, by=self._actor(by), reason=reason, communication_disabled_until=until)

    def audit_log(self, guild: Guild) -> list[dict[str, Any]]:
        return list(guild.audit_log)

    def _actor(self, by: User | Member | None) -> int | None:
        return None if by is None else self._user(by).id

    def update_role(self, role: Role, **changes: Any) -> Role:
        """Change a role (its permissions, name, position) and tell the bot, as Discord does."""
        return self.actions.update_role(role, **changes)

    def update_channel(self, channel: Channel, **changes: Any) -> Channel:
        return self.actions.update_channel(channel, **changes)

    def invoke_command(
        self,
        guild: Guild,
        channel: Channel,
        member: Member | User,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
        application: Application | None = None,
        guild_command: bool | None = None,
    ) -> InteractionHandle:
        """A member runs a slash command. Options may hold Users/Members/Roles/Channels; `subcommand` may be
        "sub" or "group sub". Option types come from the command the bot registered, when it did."""
        app = application or self._only_application()
        invoker = self.state.member(guild, self._user(member).id)
        command = app.guild_commands.get(guild.id, {}).get(name) or app.global_commands.get(name)
        options_payload, resolved = command_options(self.state, command, options or {}, subcommand)
        resolve_members(self.state, guild, channel, resolved)
        data: dict[str, Any] = {
            "id": str(command.id if command else self.state.ids.next()),
            "name": name,
            "type": 1,
            "options": options_payload,
        }
        if resolved:
            data["resolved"] = resolved
        if guild_command if guild_command is not None else (command is not None and command.guild_id is not None):
            data["guild_id"] = str(guild.id)
        interaction_id, token, payload = interaction_payload(self.state, app, guild, channel, invoker, data)
        handle = self.interactions[token] = InteractionHandle(interaction_id, token, app, payload)
        self.hub.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id, application_id=app.id)
        return handle

    def click(
        self, message: Message, member: Member | User, custom_id: str, values: list[str] | None = None
    ) -> InteractionHandle:
        """A member presses the button (or picks `values` in the select menu) `custom_id` on a bot's message."""
        app = next(a for a in self.state.applications.values() if a.bot_user_id == message.author_id)
        guild = self.state.guilds[self.state.channels[message.channel_id].guild_id]
        invoker = self.state.member(guild, self._user(member).id)
        interaction_id, token, payload = component_payload(self.state, app, guild, invoker, message, custom_id, values)
        handle = self.interactions[token] = InteractionHandle(interaction_id, token, app, payload)
        self.hub.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id, application_id=app.id)
        return handle

    def _only_application(self) -> Application:
        applications = list(self.state.applications.values())
        if len(applications) != 1:
            raise ValueError("several bots: pass application=")
        return applications[0]

    # ---- state views ----------------------------------------------------------------------------

    def messages(self, channel: Channel) -> list[Message]:
        return sorted(self.state.channel_messages(channel.id), key=lambda m: m.id)

    def member(self, guild: Guild, user: User | Member) -> Member | None:
        return guild.members.get(self._user(user).id)

    def bans(self, guild: Guild) -> dict[int, Ban]:
        return dict(guild.bans)
