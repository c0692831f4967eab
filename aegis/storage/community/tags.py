"""Tags in the `custom_command` table: one row per (guild, name), each change with its audit entry in the same
transaction."""

import peewee as pw

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.community import Tag
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.moderation import audit
from aegis.storage.session import database

T = m.CustomCommand


def get(guild_id: int, name: str) -> Tag | None:
    row = T.get_or_none((T.guild == guild_id) & (T.name == name))
    return None if row is None else _to_domain(row)


def names(guild_id: int) -> list[Tag]:
    return [_to_domain(row) for row in T.select().where(T.guild == guild_id).order_by(T.name)]


def create(guild_id: int, name: str, text: str, actor: Actor) -> Tag | None:
    """The new tag, or None when the guild already has one by that name."""
    now = clock.now()
    try:
        with database().atomic():
            ensure_guild(guild_id)
            T.create(guild=guild_id, name=name, response=text, created_by=actor.id or 0, created_at=now, updated_at=now)
            _audit(actor, "tag.create", guild_id, name, {"text": text})
    except pw.IntegrityError:
        return None
    return get(guild_id, name)


def edit(guild_id: int, name: str, text: str, actor: Actor) -> Tag | None:
    with database().atomic():
        before = get(guild_id, name)
        if before is None:
            return None
        fields = {T.response: text, T.updated_by: actor.id, T.updated_at: clock.now()}
        T.update(fields).where((T.guild == guild_id) & (T.name == name)).execute()
        _audit(actor, "tag.edit", guild_id, name, {"before": before.text, "after": text})
    return get(guild_id, name)


def delete(guild_id: int, name: str, actor: Actor) -> Tag | None:
    """The tag as it was, or None when there was none."""
    with database().atomic():
        before = get(guild_id, name)
        if before is not None:
            T.delete().where((T.guild == guild_id) & (T.name == name)).execute()
            _audit(actor, "tag.delete", guild_id, name, {"text": before.text, "author": before.created_by})
    return before


def used(guild_id: int, name: str) -> Tag | None:
    """Count one more post of the tag; the tag as posted, or None when there is none."""
    T.update(uses=T.uses + 1).where((T.guild == guild_id) & (T.name == name)).execute()
    return get(guild_id, name)


def _audit(actor: Actor, action: str, guild_id: int, name: str, details: dict) -> None:
    audit.record(NewAuditEntry(actor, action, guild_id, metadata={"tag": name, **details}))


def _to_domain(row: m.CustomCommand) -> Tag:
    return Tag(
        guild_id=row.guild_id,
        name=row.name,
        text=row.response,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        uses=row.uses,
    )
