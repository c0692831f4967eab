from datetime import datetime

import peewee as pw

from aegis import clock
from aegis.domain.members import Member, User
from aegis.storage import models as m
from aegis.storage.guilds import ensure_guild
from aegis.storage.session import database


def upsert_user(user_id: int, name: str, is_bot: bool, created_at: datetime) -> None:
    m.User.insert(id=user_id, name=name, is_bot=is_bot, created_at=created_at, first_seen_at=clock.now()).on_conflict(
        conflict_target=[m.User.id], update={m.User.name: name}
    ).execute()


def upsert_users(users: list[tuple[int, str, bool, datetime]], batch: int = 500) -> None:
    """(id, name, is_bot, created_at) each; a known user's name is brought up to date."""
    now = clock.now()
    for start in range(0, len(users), batch):
        rows = [
            {"id": uid, "name": name, "is_bot": is_bot, "created_at": created, "first_seen_at": now}
            for uid, name, is_bot, created in users[start : start + batch]
        ]
        m.User.insert_many(rows).on_conflict(
            conflict_target=[m.User.id], update={m.User.name: pw.EXCLUDED.name}
        ).execute()


def record_present(guild_id: int, present: list[tuple[int, datetime | None]], batch: int = 500) -> None:
    """Members Discord listed with the guild: in it now (a row that said they left is brought back)."""
    for start in range(0, len(present), batch):
        rows = [{"guild": guild_id, "user": uid, "joined_at": joined} for uid, joined in present[start : start + batch]]
        m.Member.insert_many(rows).on_conflict(
            conflict_target=[m.Member.guild, m.Member.user], update={m.Member.left_at: None}
        ).execute()


def record_join(guild_id: int, user_id: int, joined_at: datetime) -> None:
    with database().atomic():
        ensure_guild(guild_id)
        m.Member.insert(guild=guild_id, user=user_id, joined_at=joined_at).on_conflict(
            conflict_target=[m.Member.guild, m.Member.user],
            update={m.Member.joined_at: joined_at, m.Member.left_at: None},
        ).execute()


def record_leave(guild_id: int, user_id: int) -> None:
    m.Member.update(left_at=clock.now()).where((m.Member.guild == guild_id) & (m.Member.user == user_id)).execute()


def adjust_reputation(guild_id: int, user_id: int, delta: int) -> None:
    m.Member.update(reputation=m.Member.reputation + delta).where(
        (m.Member.guild == guild_id) & (m.Member.user == user_id)
    ).execute()


def get_user(user_id: int) -> User | None:
    row = m.User.get_or_none(m.User.id == user_id)
    if row is None:
        return None
    return User(row.id, row.name, row.is_bot, row.created_at, row.first_seen_at)


def get_member(guild_id: int, user_id: int) -> Member | None:
    row = m.Member.get_or_none((m.Member.guild == guild_id) & (m.Member.user == user_id))
    if row is None:
        return None
    return Member(row.guild_id, row.user_id, row.joined_at, row.left_at, row.reputation)
