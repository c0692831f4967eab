"""Discord's own moderation events → the external-actions service. With View Audit Log, each audit-log entry
names the moderator (Aegis's own entries name the bot and are dropped here); without it, the ban, unban and
member-update events are the fallback, naming nobody."""

from datetime import UTC, datetime

import discord

from aegis.domain.moderation.cases import CaseType
from aegis.services.moderation.external import DiscordAction, ExternalActions

AUDITED = {
    discord.AuditLogAction.ban: CaseType.BAN,
    discord.AuditLogAction.unban: CaseType.UNBAN,
    discord.AuditLogAction.kick: CaseType.KICK,
}


def timeout_kind(before: datetime | None, after: datetime | None) -> CaseType | None:
    """TIMEOUT when a timeout was set or changed to a later end, UNTIMEOUT when one in force was lifted."""
    now = datetime.now(UTC)
    if after is not None and after > now and after != before:
        return CaseType.TIMEOUT
    if before is not None and before > now and (after is None or after <= now):
        return CaseType.UNTIMEOUT
    return None


def sees_audit_log(guild: discord.Guild) -> bool:
    return guild.me is not None and guild.me.guild_permissions.view_audit_log


class DiscordActionEvents:
    def __init__(self, client: discord.Client, service: ExternalActions):
        self.client, self.service = client, service

    def attach(self) -> None:
        """on_member_update is the client's own (it has more to do on it) and calls this one's."""
        for handler in (self.on_audit_log_entry_create, self.on_member_ban, self.on_member_unban):
            if hasattr(type(self.client), handler.__name__):  # client.event would hide the client's own handler
                raise RuntimeError(f"{type(self.client).__name__} already handles {handler.__name__}")
            self.client.event(handler)

    async def on_audit_log_entry_create(self, entry: discord.AuditLogEntry) -> None:
        if entry.user_id == self.client.user.id:
            return  # Aegis's own action: its case exists already
        kind = AUDITED.get(entry.action)
        until = None
        if entry.action is discord.AuditLogAction.member_update:
            before = getattr(entry.before, "timed_out_until", None)
            until = getattr(entry.after, "timed_out_until", None)
            kind = timeout_kind(before, until) if hasattr(entry.after, "timed_out_until") else None
        if kind is None or entry.target is None:
            return
        action = DiscordAction(
            entry.guild.id,
            kind,
            entry.target.id,
            entry.user_id,
            entry.reason,
            audit_entry_id=entry.id,
            audit_action_type=entry.action.value,
            until=until,
        )
        await self._record(action)

    async def on_member_ban(self, guild: discord.Guild, user: discord.User | discord.Member) -> None:
        if sees_audit_log(guild):
            return  # the audit-log entry follows, naming who
        await self._record(DiscordAction(guild.id, CaseType.BAN, user.id, None, await self._ban_reason(guild, user)))

    async def on_member_unban(self, guild: discord.Guild, user: discord.User) -> None:
        if not sees_audit_log(guild):
            await self._record(DiscordAction(guild.id, CaseType.UNBAN, user.id, None))

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        kind = timeout_kind(before.timed_out_until, after.timed_out_until)
        if kind is None or sees_audit_log(after.guild):
            return
        until = after.timed_out_until if kind is CaseType.TIMEOUT else None
        await self._record(DiscordAction(after.guild.id, kind, after.id, None, until=until))

    async def _ban_reason(self, guild: discord.Guild, user: discord.abc.Snowflake) -> str | None:
        try:
            return (await guild.fetch_ban(user)).reason
        except discord.HTTPException:
            return None

    async def _record(self, action: DiscordAction) -> None:
        await self.service.record_when_possible(action)
