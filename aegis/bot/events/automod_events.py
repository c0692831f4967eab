"""Gateway events → automod: plain contexts for the engine (run right here on the loop: it is microseconds),
and only triggered verdicts handed to the automod service in a task of their own."""

import asyncio
import logging
from datetime import UTC, datetime

import discord

from aegis.bot.snapshots import person
from aegis.services.automod import Attachment, AutomodEngine, JoinContext, JoinWindow, MessageContext, Standing
from aegis.services.automod.service import AutomodService, Detection
from aegis.services.automod.settings_source import AutomodSettingsSource
from aegis.services.observability.metrics import counted
from aegis.services.raids.join_counter import Joiner
from aegis.services.raids.service import RaidService

log = logging.getLogger("aegis.services.automod")
NO_IDS: frozenset[int] = frozenset()


class Standings:
    """Owner, administrator, Manage Messages or neither, for automod's exemptions: from the guild's owner and its
    roles' permissions. Which roles grant what is worked out once per guild and kept until a role changes, so a
    message costs a set intersection, not a walk over the member's roles."""

    ROLE_EVENTS = frozenset({"guild_role_create", "guild_role_update", "guild_role_delete", "guild_available"})

    def __init__(self) -> None:
        # guild -> (the standing @everyone gives, roles giving administrator, roles giving Manage Messages)
        self._roles: dict[int, tuple[Standing, frozenset[int], frozenset[int]]] = {}

    def of(self, guild: discord.Guild, author_id: int, role_ids: frozenset[int]) -> Standing:
        if author_id == guild.owner_id:
            return Standing.OWNER
        known = self._roles.get(guild.id)
        if known is None:
            known = self._roles[guild.id] = _granted(guild)
        everyone, admins, moderators = known
        if everyone is Standing.ADMINISTRATOR or (admins and not admins.isdisjoint(role_ids)):
            return Standing.ADMINISTRATOR
        if everyone is Standing.MODERATOR or (moderators and not moderators.isdisjoint(role_ids)):
            return Standing.MODERATOR
        return Standing.MEMBER

    def changed(self, event: str, subject: object) -> None:
        """A dispatched event; a role (or the whole guild, on becoming available) changes what roles grant."""
        if event in self.ROLE_EVENTS:
            guild = getattr(subject, "guild", subject)
            self._roles.pop(getattr(guild, "id", None), None)


def _granted(guild: discord.Guild) -> tuple[Standing, frozenset[int], frozenset[int]]:
    admins, moderators = set(), set()
    for role in guild.roles:
        if role.permissions.administrator:
            admins.add(role.id)
        elif role.permissions.manage_messages:
            moderators.add(role.id)
    everyone = Standing.MEMBER  # @everyone's role id is the guild's, and holds what every member has
    if guild.id in admins:
        everyone = Standing.ADMINISTRATOR
    elif guild.id in moderators:
        everyone = Standing.MODERATOR
    return everyone, frozenset(admins), frozenset(moderators)


def message_context(
    message: discord.Message, is_edit: bool = False, standings: Standings | None = None
) -> MessageContext:
    # Runs for every message: the empty cases (most messages) skip building anything.
    author = message.author
    when = (message.edited_at or discord.utils.utcnow()) if is_edit else message.created_at
    content = message.content
    roles = getattr(author, "_roles", None)  # Member._roles: raw ids; .roles would build sorted Role objects
    role_ids = frozenset(roles) if roles else NO_IDS
    return MessageContext(
        guild_id=message.guild.id,
        channel_id=message.channel.id,
        message_id=message.id,
        author_id=author.id,
        content=content,
        created_at=when,
        author_role_ids=role_ids,
        mention_user_ids=tuple(u.id for u in message.mentions) if message.mentions else (),
        mention_role_ids=tuple(message.raw_role_mentions) if "<@&" in content else (),
        mentions_everyone=message.mention_everyone,
        attachments=tuple(Attachment(a.filename, a.size) for a in message.attachments) if message.attachments else (),
        is_edit=is_edit,
        author_standing=standings.of(message.guild, author.id, role_ids) if standings else Standing.MEMBER,
    )


def joiner(member: discord.Member) -> Joiner:
    return Joiner(member.guild.id, member.id, member.joined_at or datetime.now(UTC), member.created_at)


def join_context(member: discord.Member, window: JoinWindow | None = None) -> JoinContext:
    who = joiner(member)
    return JoinContext(who.guild_id, who.user_id, member.created_at, who.joined_at, window)


class AutomodListener:
    def __init__(
        self, engine: AutomodEngine, service: AutomodService, settings: AutomodSettingsSource, raids: RaidService
    ) -> None:
        self.engine, self.service, self.settings, self.raids = engine, service, settings, raids
        self._waiting: dict[int, list[tuple[object, object]]] = {}  # guild -> events that came before its settings
        self._tasks: set[asyncio.Task] = set()
        self.standings = Standings()

    def message(self, message: discord.Message, is_edit: bool = False) -> None:
        guild = message.guild
        if guild is None or message.author.bot:
            return
        if not is_edit and not self.engine.first_sighting(message.id):
            return  # a resumed gateway re-sent it: counted once, judged once
        if not is_edit:
            self.service.counters.add_message(guild.id)
        self._check(guild.id, message_context(message, is_edit, self.standings), message)

    def join(self, member: discord.Member) -> None:
        if member.bot:
            return
        self.service.counters.add(member.guild.id, joins=1)
        self._spawn(self._count_join(member))

    async def _count_join(self, member: discord.Member) -> None:
        # Every join hits the guild's joins bucket first: the join_rate rule reads its answer from the context.
        try:
            window = await self.raids.count_join(joiner(member))
        except Exception:  # no count, no spike; the other join rules still judge the member
            log.exception("joins bucket unavailable guild=%s", member.guild.id)
            window = None
        self._check(member.guild.id, join_context(member, window), member)

    def _check(self, guild_id: int, ctx, source) -> None:
        if not self.settings.loaded(guild_id):
            waiting = self._waiting.setdefault(guild_id, [])
            waiting.append((ctx, source))
            if len(waiting) == 1:
                self._spawn(self._load(guild_id))
            return
        if isinstance(ctx, JoinContext):
            return self._check_join(ctx, source)
        verdicts = self.engine.check_message(ctx)
        counted("message", verdicts)
        if verdicts:
            self._spawn(self.service.handle(detection(source), verdicts))

    def _check_join(self, ctx: JoinContext, member: discord.Member) -> None:
        """The join_rate verdict (a spike) goes to raid mode, which also takes every join while a raid is on;
        the other join rules' verdicts are handled like any other."""
        verdicts = self.engine.check_join(ctx)
        counted("join", verdicts)
        spike = next((v for v in verdicts if v.rule == "join_rate"), None)
        self._spawn(self.raids.on_join(Joiner(ctx.guild_id, ctx.user_id, ctx.joined_at, ctx.account_created_at), spike))
        others = [v for v in verdicts if v is not spike]
        if others:
            self._spawn(self.service.handle(detection(member), others))

    async def _load(self, guild_id: int) -> None:
        try:
            await self.settings.load(guild_id)
        finally:  # on a failed load the queued events are checked against the defaults
            if not self.settings.loaded(guild_id):
                log.error("automod settings unreadable guild=%s; using defaults until they load", guild_id)
                self.settings.store_defaults(guild_id)
            for ctx, source in self._waiting.pop(guild_id, ()):
                self._check(guild_id, ctx, source)

    def _spawn(self, work) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("automod handling failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Waits for every verdict being handled (shutdown, tests, the benchmark). Raid mode's paced actions on
        cohort members are the raid service's: `raids.drain()`."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def detection(source: discord.Message | discord.Member) -> Detection:
    if isinstance(source, discord.Message):
        guild, author = source.guild, source.author
        return Detection(
            guild.id, guild.name, author.id, person(author), person(guild.me), source.channel.id, source.id
        )
    guild = source.guild
    return Detection(guild.id, guild.name, source.id, person(source), person(guild.me))
