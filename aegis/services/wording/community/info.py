"""What /userinfo, /serverinfo, /avatar and /roleinfo say. Times are Discord timestamps: each reader sees their own
time zone."""

from datetime import datetime

from aegis.domain.community import MemberCard, MemberRecord, RoleCard, ServerCard
from aegis.services.wording.checks import label

DESCRIBE_MEMBER = "Whom to show (default: you)."
DESCRIBE_ROLE = "The role to show."
ROLES_SHOWN = 20
# Worth a reader's notice on a role: what lets its holders moderate or run the server.
NOTABLE = (
    "administrator",
    "manage_guild",
    "manage_roles",
    "manage_channels",
    "manage_messages",
    "ban_members",
    "kick_members",
    "moderate_members",
    "mention_everyone",
    "manage_webhooks",
)


def when(moment: datetime) -> str:
    seconds = int(moment.timestamp())
    return f"<t:{seconds}:D> (<t:{seconds}:R>)"


def userinfo(card: MemberCard, record: MemberRecord | None) -> str:
    lines = [f"**{card.display_name}** ({card.username}{', a bot' if card.is_bot else ''}) — <@{card.id}>"]
    lines.append(f"ID: {card.id}")
    lines.append(f"Account created: {when(card.created_at)}")
    if card.joined_at is None:
        lines.append("Not a member of this server.")
    else:
        lines.append(f"Joined this server: {when(card.joined_at)}")
        lines.append(roles_line(card.role_ids))
    if record is not None:
        lines.append(record_line(record))
    return "\n".join(lines)


def roles_line(role_ids: tuple[int, ...]) -> str:
    if not role_ids:
        return "Roles: none"
    shown = " ".join(f"<@&{role_id}>" for role_id in role_ids[:ROLES_SHOWN])
    more = f" and {len(role_ids) - ROLES_SHOWN} more" if len(role_ids) > ROLES_SHOWN else ""
    return f"Roles ({len(role_ids)}): {shown}{more}"


def record_line(record: MemberRecord) -> str:
    if not record.cases:
        return "Cases here: none"
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(record.by_type.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"Cases here: {record.cases} ({kinds}); active warnings: {record.active_warnings}"


def serverinfo(card: ServerCard) -> str:
    lines = [f"**{card.name}**", f"ID: {card.id}"]
    if card.owner_id:
        lines.append(f"Owner: <@{card.owner_id}>")
    lines += [
        f"Created: {when(card.created_at)}",
        f"Members: {card.member_count:,}",
        f"Roles: {card.role_count}",
        f"Channels: {card.text_channels} text, {card.voice_channels} voice, {card.categories} categories",
        f"Boosts: {card.boosts} (level {card.boost_tier})",
    ]
    if card.icon_url:
        lines.append(f"Icon: {card.icon_url}")
    return "\n".join(lines)


def avatar(card: MemberCard) -> str:
    return f"**{card.display_name}**'s avatar: {card.avatar_url}"


def roleinfo(card: RoleCard) -> str:
    notable = [label(p) for p in NOTABLE if p in card.permissions]
    flags = [name for name, on in (("mentionable", card.mentionable), ("shown apart", card.hoisted)) if on]
    if card.managed:
        flags.append("managed by an integration")
    lines = [
        f"**@{card.name}** — <@&{card.id}>",
        f"ID: {card.id}",
        f"Created: {when(card.created_at)}",
        f"Position: {card.position}",
        f"Colour: #{card.colour:06x}" if card.colour else "Colour: none",
        f"Members: {card.members}",
        "Notable permissions: " + (", ".join(notable) if notable else "none"),
    ]
    if flags:
        lines.append("Also: " + ", ".join(flags))
    return "\n".join(lines)
