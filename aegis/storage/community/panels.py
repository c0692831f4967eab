"""Role panels (`role_panel`) and their roles (`reaction_role` rows), each change with its audit entry."""

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.community import PanelRole, RolePanel
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.moderation import audit
from aegis.storage.session import database

P, R = m.RolePanel, m.ReactionRole


def create(guild_id: int, channel_id: int, title: str, mode: str, actor: Actor, style: str = "buttons") -> RolePanel:
    with database().atomic():
        ensure_guild(guild_id)
        row = P.create(
            guild=guild_id,
            channel_id=channel_id,
            title=title,
            mode=mode,
            style=style,
            created_by=actor.id,
            created_at=clock.now(),
        )
        details = {"channel_id": channel_id, "title": title, "mode": mode, "style": style}
        _audit(actor, "rolepanel.create", guild_id, row.id, details)
    return get(guild_id, row.id)


def posted(panel_id: int, message_id: int) -> None:
    with database().atomic():
        P.update(message_id=message_id).where(P.id == panel_id).execute()
        R.update(message_id=message_id).where(R.panel == panel_id).execute()


def get(guild_id: int, panel_id: int) -> RolePanel | None:
    row = P.get_or_none((P.id == panel_id) & (P.guild == guild_id))
    if row is None:
        return None
    roles = R.select().where(R.panel == panel_id).order_by(R.id)
    return RolePanel(
        row.id,
        row.guild_id,
        row.channel_id,
        row.message_id,
        row.title,
        row.mode,
        tuple(PanelRole(r.role_id, r.emoji, r.label) for r in roles),
        row.style,
    )


def listing(guild_id: int) -> list[RolePanel]:
    return [get(guild_id, row.id) for row in P.select(P.id).where(P.guild == guild_id).order_by(P.id)]


def add_role(guild_id: int, panel: RolePanel, role: PanelRole, actor: Actor) -> RolePanel:
    """Adds the role, or changes its emoji and label if the panel has it already."""
    with database().atomic():
        fields = {"emoji": role.emoji, "label": role.label}
        existing = R.get_or_none((R.panel == panel.id) & (R.role_id == role.role_id))
        if existing:
            R.update(fields).where(R.id == existing.id).execute()
        else:
            R.create(
                guild=guild_id,
                panel=panel.id,
                channel_id=panel.channel_id,
                message_id=panel.message_id or 0,
                role_id=role.role_id,
                **fields,
            )
        _audit(actor, "rolepanel.add", guild_id, panel.id, {"role_id": role.role_id, **fields})
    return get(guild_id, panel.id)


def remove_role(guild_id: int, panel: RolePanel, role_id: int, actor: Actor) -> RolePanel:
    with database().atomic():
        R.delete().where((R.panel == panel.id) & (R.role_id == role_id)).execute()
        _audit(actor, "rolepanel.remove", guild_id, panel.id, {"role_id": role_id})
    return get(guild_id, panel.id)


def pressed(guild_id: int, panel_id: int, actor: Actor, given: list[int], taken: list[int]) -> None:
    """A member's press that changed their roles, on the record."""
    audit.record(
        NewAuditEntry(
            actor,
            "rolepanel.press",
            guild_id,
            target_id=actor.id,
            metadata={"panel": panel_id, "given": given, "taken": taken},
        )
    )


def _audit(actor: Actor, action: str, guild_id: int, panel_id: int, details: dict) -> None:
    audit.record(NewAuditEntry(actor, action, guild_id, metadata={"panel": panel_id, **details}))


def delete(guild_id: int, panel_id: int, actor: Actor) -> None:
    with database().atomic():
        P.delete().where((P.id == panel_id) & (P.guild == guild_id)).execute()
        _audit(actor, "rolepanel.delete", guild_id, panel_id, {})
