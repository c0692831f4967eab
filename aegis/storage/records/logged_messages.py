"""The messages the event logs keep (sealed: this module never sees their content)."""

from collections.abc import Iterable

import peewee as pw
from psycopg2.extras import execute_values

from aegis.domain.logs import SealedMessage
from aegis.storage import models as m
from aegis.storage.session import database

L = m.LoggedMessage
CHUNK = 500  # ids per IN (...) and rows per INSERT: well under SQLite's variable limit
UPSERT = (
    "INSERT INTO logged_message (id, guild_id, channel_id, author_id, reply_to_id, created_at, sealed)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id,"
    " reply_to_id = excluded.reply_to_id, sealed = excluded.sealed"
)


def save(messages: Iterable[SealedMessage]) -> int:
    """Insert or replace, in one statement per CHUNK rows. Raw SQL: peewee's per-row query building cost more
    than sealing the message (this runs for every message a logged server sees)."""
    when = L.created_at.db_value
    rows = [
        (m.id, m.guild_id, m.channel_id, m.author_id, m.reply_to_id, when(m.created_at), m.sealed) for m in messages
    ]
    db = database()
    with db.atomic():
        cursor = db.cursor()
        if isinstance(db, pw.PostgresqlDatabase):
            execute_values(cursor, UPSERT.replace("(?, ?, ?, ?, ?, ?, ?)", "%s"), rows, page_size=CHUNK)
        else:
            cursor.executemany(UPSERT, rows)
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


def _domain(row: m.LoggedMessage) -> SealedMessage:
    return SealedMessage(
        row.id, row.guild_id, row.channel_id, row.author_id, row.reply_to_id, row.created_at, row.sealed
    )
