"""Every sentence the event logs post, and what /log answers. Mentions in log posts are written as mentions so
Discord shows names, and pings nobody: every log post goes out with no allowed mentions."""

from collections import Counter
from datetime import datetime

from aegis.domain.logs import KeptMessage
from aegis.services.logs.kinds import KINDS, MODERATION

CHANGING = "change this server's event logs"
READING = "see this server's event logs"
DESCRIBE_KIND = "Which events: message edits, deletes, joins, roles, voice, … (see /log show)"
DESCRIBE_CHANNEL = "Where they are posted (I need to send messages and attach files there)"
QUOTE_LIMIT = 700  # characters of each content quoted, so before and after fit in one post


# ---- /log ----


def unknown_kind(kind: str) -> str:
    return f"There is no event log called {kind!r}; the types are {', '.join(KINDS)}."


def logged_in(kind: str, channel_id: int) -> str:
    return f"✅ {_kind_title(kind)} are now logged in <#{channel_id}>."


def turned_off(kind: str) -> str:
    return f"✅ {_kind_title(kind)} are no longer logged."


def summary(channels: dict[str, int], content_hours: int) -> str:
    lines = ["**Event logs**"]
    for kind, what in KINDS.items():
        where = f"<#{channels[kind]}>" if kind in channels else "off"
        lines.append(f"`{kind}` ({what}): {where}")
    kept = (
        f"{content_hours} hours" if content_hours else "not kept (edit and delete logs show what Discord still gives)"
    )
    lines.append(f"Message content for these logs is kept encrypted for: {kept}")
    return "\n".join(lines)


TITLES = {
    "message-edit": "Message edits",
    "message-delete": "Deleted messages",
    "bulk-delete": "Bulk deletes",
    "member-join": "Joins",
    "member-leave": "Leaves",
    "names": "Nickname and username changes",
    "member-roles": "Roles given and taken",
    "channels": "Channels created and deleted",
    "roles": "Roles created and deleted",
    "voice": "Voice joins, leaves and moves",
    "invites": "Invites created",
    MODERATION: "Moderation actions",
}


def _kind_title(kind: str) -> str:
    return TITLES[kind]


# ---- what the logs post ----


def message_deleted(channel_id: int, message_id: int, kept: KeptMessage | None, uploaded: int) -> str:
    if kept is None:
        return (
            f"🗑️ **Message deleted** in <#{channel_id}> (id {message_id}). Aegis did not keep it: it was sent "
            "before Aegis kept messages here, is older than the server's retention, or content is not kept."
        )
    lines = [f"🗑️ **Message deleted** in <#{channel_id}>, sent by {_author(kept)} {_when(kept.created_at)}"]
    if kept.reply_to_id:
        lines.append(f"Replying to {jump(kept.guild_id, channel_id, kept.reply_to_id)}")
    lines.append(quote(kept.content))
    if kept.attachments:
        names = ", ".join(f"{a.filename} ({a.size} bytes)" for a in kept.attachments)
        missing = len(kept.attachments) - uploaded
        tail = (
            " (re-uploaded below)" if not missing else f" ({missing} not re-uploaded: gone from Discord, or over 8 MB)"
        )
        lines.append(f"Attachments: {names}{tail}")
    return "\n".join(lines)


def message_edited(guild_id: int, channel_id: int, message_id: int, before: KeptMessage | None, after) -> str:
    """`after`: the message as it is now (a KeptMessage)."""
    lines = [f"✏️ **Message edited** in <#{channel_id}> by {_author(after)}: {jump(guild_id, channel_id, message_id)}"]
    lines.append("**Before:**")
    lines.append(
        quote(before.content) if before is not None else "> (not kept: older than the retention, or sent before)"
    )
    lines.append("**After:**")
    lines.append(quote(after.content))
    return "\n".join(lines)


def bulk_deleted(channel_id: int, count: int, kept: int) -> str:
    return f"🗑️ **{count} messages deleted at once** in <#{channel_id}>; the {kept} Aegis kept are in the file" + (
        f" ({count - kept} it did not keep)." if count - kept else "."
    )


def bulk_file(messages: list[KeptMessage], missing: list[int]) -> str:
    lines = []
    for m in messages:
        reply = f" [reply to {m.reply_to_id}]" if m.reply_to_id else ""
        files = f" [attachments: {', '.join(f'{a.filename} {a.url}' for a in m.attachments)}]" if m.attachments else ""
        stamp = m.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        lines.append(f"{stamp}  {m.author_name} ({m.author_id}){reply}: {m.content}{files}")
    lines += [f"message {message_id}: not kept" for message_id in missing]
    return "\n".join(lines) + "\n"


def member_joined(user_id: int, name: str, created_at: datetime, now: datetime, prior: Counter) -> str:
    age = now - created_at
    age_text = f"{age.days} days" if age.days else f"{int(age.total_seconds() // 3600)} hours"
    cases = ", ".join(f"{kind} {n}" for kind, n in sorted(prior.items()))
    record = f"prior cases here: {sum(prior.values())} ({cases})" if prior else "no prior cases here"
    return f"📥 **Member joined**: <@{user_id}> ({name}, {user_id}); account created {_when(created_at)}, {age_text} old; {record}"


def member_left(user_id: int, name: str, roles: list[str]) -> str:
    had = ", ".join(f"@{r}" for r in roles) if roles else "none"
    return f"📤 **Member left**: <@{user_id}> ({name}, {user_id}); roles they had: {had}"


def nickname_changed(user_id: int, before: str | None, after: str | None) -> str:
    return f"🏷️ **Nickname changed**: <@{user_id}>: {_name(before)} → {_name(after)}"


def username_changed(user_id: int, before: str, after: str) -> str:
    return f"🏷️ **Username changed**: <@{user_id}>: {before} → {after}"


def roles_changed(user_id: int, name: str, given: list[str], taken: list[str]) -> str:
    parts = []
    if given:
        parts.append("given " + ", ".join(f"@{r}" for r in given))
    if taken:
        parts.append("taken " + ", ".join(f"@{r}" for r in taken))
    return f"🎭 **Roles changed** for <@{user_id}> ({name}): {'; '.join(parts)}"


def channel_created(channel_id: int, name: str, kind: str) -> str:
    return f"📁 **Channel created**: <#{channel_id}> (#{name}, {kind})"


def channel_deleted(channel_id: int, name: str, kind: str) -> str:
    return f"📁 **Channel deleted**: #{name} ({kind}, {channel_id})"


def role_created(role_id: int, name: str) -> str:
    return f"🎭 **Role created**: <@&{role_id}> (@{name}, {role_id})"


def role_deleted(role_id: int, name: str) -> str:
    return f"🎭 **Role deleted**: @{name} ({role_id})"


def voice(user_id: int, name: str, before: int | None, after: int | None) -> str:
    if before is None:
        return f"🔊 **Voice**: <@{user_id}> ({name}) joined <#{after}>"
    if after is None:
        return f"🔊 **Voice**: <@{user_id}> ({name}) left <#{before}>"
    return f"🔊 **Voice**: <@{user_id}> ({name}) moved from <#{before}> to <#{after}>"


def invite_created(
    code: str, channel_id: int, inviter: tuple[int, str] | None, max_uses: int, expires_at: datetime | None
) -> str:
    by = f"<@{inviter[0]}> ({inviter[1]})" if inviter else "someone Discord does not name"
    uses = f"{max_uses} uses" if max_uses else "unlimited uses"
    expires = f"expires {_when(expires_at)}" if expires_at else "never expires"
    return f"✉️ **Invite created**: discord.gg/{code} for <#{channel_id}> by {by}; {uses}, {expires}"


# ---- pieces ----


def quote(content: str) -> str:
    if not content:
        return "> (no text)"
    text = content if len(content) <= QUOTE_LIMIT else content[:QUOTE_LIMIT] + "…"
    return "\n".join("> " + line for line in text.split("\n"))


def jump(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def _author(message: KeptMessage) -> str:
    return f"<@{message.author_id}> ({message.author_name}, {message.author_id})"


def _when(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:f>"


def _name(nick: str | None) -> str:
    return nick if nick else "(none)"
