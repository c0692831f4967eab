"""The messages the event logs keep (sealed: this module never sees their content)."""

from collections.abc import Iterable

from aegis.domain.logs import SealedMessage
from aegis.storage import models as m
from aegis.storage.session import database

L = m.LoggedMessage
CHUNK = 500  # ids per IN (...) and rows per INSERT: well under SQLite's variable limit


def save(messages: Iterable[SealedMessage]) -> int:
    rows = [_row(message) for message in messages]
    with database().atomic():
        for start in range(0, len(rows), CHUNK):
            L.insert_many(rows[start : start + CHUNK]).on_conflict(
                conflict_target=[L.id], preserve=[L.channel_id, L.reply_to_id, L.sealed]
            ).execute()
    return len(rows)


def find(message_ids: Iterable[int]) -> dict[int, SealedMessage]:
    wanted, found = list(message_ids), {}
    for start in range(0, len(wanted), CHUNK):
        for row in L.select().where(L.id.in_(wanted[start : start + CHUNK])):
            found[row.id] = _domain(row)
    return found


def remove(message_ids: Iterable[int]) -> int:
    wanted, total = list(message_ids), 0
    for start in range(0, len(wanted), CHUNK):
        total += L.delete().where(L.id.in_(wanted[start : start + CHUNK])).execute()
    return total


def sealed_after(message_id: int, limit: int) -> list[tuple[int, str]]:
    """(id, sealed) in id order from past `message_id`: how a rotation walks the whole table."""
    return list(L.select(L.id, L.sealed).where(L.id > message_id).order_by(L.id).limit(limit).tuples())


def reseal(pairs: list[tuple[int, str]]) -> None:
    with database().atomic():
        for message_id, sealed in pairs:
            L.update(sealed=sealed).where(L.id == message_id).execute()


def count() -> int:
    return L.select().count()


def _row(message: SealedMessage) -> dict:
    return {
        "id": message.id,
        "guild_id": message.guild_id,
        "channel_id": message.channel_id,
        "author_id": message.author_id,
        "reply_to_id": message.reply_to_id,
        "created_at": message.created_at,
        "sealed": message.sealed,
    }


def _domain(row: m.LoggedMessage) -> SealedMessage:
    return SealedMessage(
        row.id, row.guild_id, row.channel_id, row.author_id, row.reply_to_id, row.created_at, row.sealed
    )
