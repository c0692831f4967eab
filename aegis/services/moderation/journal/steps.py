"""Journal steps against the gateway: doing one, and asking Discord whether one is done.

A step is data (`call` + JSON `args`) so that the journal can hold it and a reconciler in another process,
after a crash, can finish it or find out that it happened."""

from datetime import datetime

from aegis.domain.moderation.journal import Step
from aegis.services.ports import DiscordGateway, PurgeFilter


def ban(user_id: int, reason: str | None, delete_message_seconds: int = 0) -> Step:
    return Step("ban", {"user_id": user_id, "reason": reason, "delete_message_seconds": delete_message_seconds})


def unban(user_id: int, reason: str | None) -> Step:
    return Step("unban", {"user_id": user_id, "reason": reason})


def kick(user_id: int, reason: str | None) -> Step:
    return Step("kick", {"user_id": user_id, "reason": reason})


def timeout(user_id: int, until: datetime | None, reason: str | None) -> Step:
    return Step("timeout", {"user_id": user_id, "until": until.isoformat() if until else None, "reason": reason})


def add_role(user_id: int, role_id: int, reason: str | None) -> Step:
    return Step("add_role", {"user_id": user_id, "role_id": role_id, "reason": reason})


def remove_role(user_id: int, role_id: int, reason: str | None) -> Step:
    return Step("remove_role", {"user_id": user_id, "role_id": role_id, "reason": reason})


def purge(channel_id: int, which: PurgeFilter, reason: str | None) -> Step:
    filters = {"count": which.count, "author_id": which.author_id, "contains": which.contains}
    return Step("purge", {"channel_id": channel_id, **filters, "reason": reason})


def slowmode(channel_id: int, seconds: int, reason: str | None) -> Step:
    return Step("set_slowmode", {"channel_id": channel_id, "seconds": seconds, "reason": reason})


def lock(channel_id: int, locked: bool, reason: str | None) -> Step:
    return Step("set_locked", {"channel_id": channel_id, "locked": locked, "reason": reason})


def recorded(what: str) -> Step:
    """An effect that already happened before the case was written (automod's batched deletes)."""
    return Step("recorded", {"what": what})


async def perform(gateway: DiscordGateway, guild_id: int, step: Step) -> dict | None:
    """Do the step; what only the answer knows (messages deleted) comes back for the case's metadata."""
    a = step.args
    match step.call:
        case "ban":
            await gateway.ban(
                guild_id, a["user_id"], reason=a["reason"], delete_message_seconds=a["delete_message_seconds"]
            )
        case "unban":
            await gateway.unban(guild_id, a["user_id"], reason=a["reason"])
        case "kick":
            await gateway.kick(guild_id, a["user_id"], reason=a["reason"])
        case "timeout":
            until = datetime.fromisoformat(a["until"]) if a["until"] else None
            await gateway.timeout(guild_id, a["user_id"], until, reason=a["reason"])
        case "add_role":
            await gateway.add_role(guild_id, a["user_id"], a["role_id"], reason=a["reason"])
        case "remove_role":
            await gateway.remove_role(guild_id, a["user_id"], a["role_id"], reason=a["reason"])
        case "purge":
            which = PurgeFilter(a["count"], a["author_id"], a["contains"])
            return {"deleted": await gateway.purge(a["channel_id"], which, reason=a["reason"])}
        case "set_slowmode":
            await gateway.set_slowmode(a["channel_id"], a["seconds"], reason=a["reason"])
        case "set_locked":
            await gateway.set_locked(a["channel_id"], a["locked"], reason=a["reason"])
        case _:
            raise ValueError(f"no such journal step: {step.call}")
    return None


async def is_done(gateway: DiscordGateway, guild_id: int, step: Step) -> bool | None:
    """Whether Discord shows the step's effect now; None when Discord cannot tell (a purge, a kick of someone
    who may have left by themselves, a recorded effect)."""
    a = step.args
    match step.call:
        case "ban":
            return await gateway.is_banned(guild_id, a["user_id"])
        case "unban":
            return not await gateway.is_banned(guild_id, a["user_id"])
        case "timeout":
            member = await gateway.member_state(guild_id, a["user_id"])
            if member is None:
                return None
            until = datetime.fromisoformat(a["until"]) if a["until"] else None
            if until is None:
                return member.timed_out_until is None
            return member.timed_out_until is not None and abs((member.timed_out_until - until).total_seconds()) < 1
        case "add_role" | "remove_role":
            member = await gateway.member_state(guild_id, a["user_id"])
            if member is None:
                return None
            return (a["role_id"] in member.role_ids) == (step.call == "add_role")
    return None


def can_repeat(step: Step) -> bool:
    """Doing it again, when Discord cannot say whether it happened, changes nothing if it had."""
    return step.call in {"ban", "unban", "timeout", "add_role", "remove_role", "set_slowmode", "set_locked"}
