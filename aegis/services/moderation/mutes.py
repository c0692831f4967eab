"""The mute role: finding it (or saying why it cannot be used), and giving it back to a member who rejoined."""

from aegis import clock
from aegis.domain.actors import SYSTEM
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.moderation.cases import Case, CaseType
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import Person, RoleSnapshot, check_bot, check_mute_role
from aegis.services.moderation.notifier import Notifier
from aegis.services.ports import DiscordCallFailed, DiscordGateway
from aegis.services.wording import moderation as wording
from aegis.storage import guilds
from aegis.storage.moderation import audit, cases


async def mute_role(gateway: DiscordGateway, guild_id: int, role_id: int | None) -> RoleSnapshot | Refusal:
    if role_id is None:
        return Refusal(
            "no_mute_role",
            "This server has no mute role yet; set one with /settings mute-role "
            "(a role that may not send messages, below mine).",
        )
    try:
        role = await gateway.role(guild_id, role_id)
    except DiscordCallFailed as exc:
        return Refusal(
            "discord",
            f"Discord would not tell me about the mute role: {exc.text} ({exc.status}); "
            "nothing changed, try again shortly.",
        )
    if role is None:
        return Refusal(
            "mute_role_missing",
            f"The mute role (id {role_id}) no longer exists on this server; set one with /settings mute-role.",
        )
    return role


async def reapply_mute(
    gateway: DiscordGateway, notifier: Notifier, guild_id: int, target_id: int, bot: Person
) -> Case | Refusal | None:
    """A member who left while muted and came back gets the role again. The mute case stays the record (no
    new case); the audit log and the mod log say it happened, or why it could not. None: not muted."""
    found = await db_call(cases.active_for_target, guild_id, target_id, (CaseType.MUTE,), clock.now())
    if not found:
        return None
    muted = found[0]
    role = await mute_role(gateway, guild_id, muted.metadata["role_id"])
    refusal = role if isinstance(role, Refusal) else check_bot(CaseType.MUTE, bot) or check_mute_role(bot, role)
    if refusal is None:
        try:
            await gateway.add_role(guild_id, target_id, role.id, reason=f"Rejoined while muted (case #{muted.number})")
        except DiscordCallFailed as exc:
            refusal = Refusal("discord", f"Discord refused: {exc.text} ({exc.status})")
    entry = NewAuditEntry(
        SYSTEM,
        "mute.reapply" if refusal is None else "mute.reapply_failed",
        guild_id,
        target_id,
        refusal and refusal.reason,
        {"case_number": muted.number, "role_id": muted.metadata["role_id"]},
        muted.id,
    )
    await db_call(audit.record, entry)
    await notifier.mod_log(await db_call(guilds.get_settings, guild_id), wording.rejoin_entry(muted, refusal))
    return refusal or muted
