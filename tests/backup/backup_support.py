"""Seeding every table, reading every table back, and doctoring archives, for the backup tests."""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import peewee as pw

from aegis import files
from aegis.config import BACKUP_KEY_FILE
from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.services.backup import archive
from aegis.services.backup.archive import read_blocks
from aegis.services.backup.signing import SigningKey
from aegis.storage import migrations
from aegis.storage import models as m
from aegis.storage.database import bind, open_database
from aegis.storage.models import ALL_MODELS
from aegis.storage.moderation import cases

KEY = SigningKey(bytes(range(32)), "the test key")  # what the cli fixture's deployment keeps in aegis-backup.key
T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
NASTY = "tab\there, newline\nthere, cr\r, backslash \\ and \\N, quotes '\" , ünïcødé 🛡️"
BIG = 1_234_567_890_123_456_789  # a snowflake beyond 32 bits


def keep_key(folder: Path) -> None:
    """Make KEY the backup key of a deployment whose aegis.toml would be in `folder`."""
    files.write_private(folder / BACKUP_KEY_FILE, KEY.secret.hex())


def opened(url: str) -> pw.Database:
    db = bind(open_database(url))
    db.connect(reuse_if_open=True)
    return db


def migrated(url: str) -> str:
    db = opened(url)
    migrations.apply(db)
    db.close()
    return url


def seed(url: str, *, guilds: int = 3, cases_per_guild: int = 5, tag: str = "a") -> None:
    """Something in every table, with NULLs, booleans, big ids, JSON, dates, floats and nasty text."""
    db = opened(url)
    for g in range(1, guilds + 1):
        for n in range(cases_per_guild):
            cases.create(
                NewCase(
                    guild_id=BIG + g,
                    type=CaseType.WARN if n % 2 else CaseType.TIMEOUT,
                    target_id=BIG + 100 + n,
                    actor_kind=ActorKind.MODERATOR,
                    moderator_id=BIG + 7,
                    reason=f"{tag} {NASTY} {n}" if n % 3 else None,
                    expires_at=T0 + timedelta(days=n) if n % 2 == 0 else None,
                    metadata={"n": n, "tag": tag, "text": NASTY},
                )
            )
    guild = BIG + 1
    m.Guild.update(name=f"Guild {tag} ✨", left_at=T0).where(m.Guild.id == guild).execute()
    m.GuildSettings.create(
        guild=guild,
        mod_log_channel_id=BIG + 9,
        dm_on_action=False,
        warning_lifetime_s=None,
        escalation=[{"at": 3, "do": "timeout"}],
        automod={"spam": {"on": True}},
        exempt_role_ids=[BIG],
        exempt_channel_ids=[],
        locale="de-DE",
        version=4,
        updated_at=T0,
    )
    m.User.create(id=BIG + 100, name=f"{tag} user\t1", is_bot=True, created_at=T0, first_seen_at=T0)
    m.User.create(id=BIG + 101, name="plain", is_bot=False, created_at=T0, first_seen_at=T0)
    m.Member.create(guild=guild, user=BIG + 100, joined_at=T0, left_at=None, reputation=-3)
    first_case = m.Case.select(m.Case.id).order_by(m.Case.id).first()
    m.ScheduledAction.create(
        guild=guild,
        kind="unban",
        due_at=T0 + timedelta(hours=5),
        target_id=BIG + 100,
        case=first_case,
        payload={"why": NASTY},
        created_at=T0,
        updated_at=T0,
    )
    m.AutomodEvent.create(
        created_at=T0,
        guild=guild,
        rule="spam",
        verdict="delete",
        action_taken="timeout 10m",
        reason=NASTY,
        matched="buy now",
        user_id=BIG + 100,
        channel_id=None,
        message_id=BIG + 55,
        counts={"messages": 5},
        dry_run=True,
        case=first_case,
    )
    m.CustomCommand.create(
        guild=guild,
        name="rules",
        response=f"Read the rules {tag}\n1. {NASTY}",
        created_by=BIG,
        uses=12,
        created_at=T0,
        updated_at=T0,
    )
    m.ReactionRole.create(guild=guild, channel_id=BIG + 3, message_id=BIG + 4, emoji="🛡️", role_id=BIG + 5)
    m.DailyCounter.create(guild=guild, day=date(2026, 2, 28), messages=100, joins=2, detections=1, actions=1)
    m.BotHeartbeat.create(
        instance_id=f"host-{tag}",
        hostname="box",
        pid=4242,
        shard_ids=[0, 1],
        shard_count=2,
        version="0.1.0",
        started_at=T0,
        heartbeat_at=T0,
        latency_ms=42.125,
    )
    db.close()


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every Aegis table as Python values, ordered by primary key: equal across backends."""
    db = open_database(url)
    db.connect()
    try:
        found = {}
        with db.bind_ctx(ALL_MODELS):
            tables = set(db.get_tables())
            for model in ALL_MODELS:
                if model._meta.table_name in tables:
                    query = model.select().order_by(*model._meta.get_primary_keys())
                    found[model._meta.table_name] = [tuple(row) for row in query.tuples()]
        if migrations.MIGRATE_TABLE in tables:
            rows = db.execute_sql(f"SELECT id, name, migrated_at FROM {migrations.MIGRATE_TABLE} ORDER BY id")
            found[migrations.MIGRATE_TABLE] = [(i, n, str(at)[:19]) for i, n, at in rows]
        return found
    finally:
        db.close()


def blocks(path: Path) -> list[archive.Block]:
    with open(path, "rb") as stream:
        return list(read_blocks(stream, str(path)))


def rewrite(path: Path, out: Path, change) -> Path:
    """A copy of the archive with `change(kind, json_or_bytes)` applied to each block, CRCs made right again."""
    parts = [archive.file_header()]
    for block in blocks(path):
        payload = block.payload
        if block.kind in "HTEM":
            value = change(block.kind, json.loads(payload))
            payload = archive.json_payload(value)
        parts.append(archive.block(block.kind.encode(), payload))
    out.write_bytes(b"".join(parts))
    return out


def forge(path: Path, out: Path, replace, *, key=None, version: int = archive.FORMAT_VERSION) -> Path:
    """A copy with `replace(block) -> [(kind, payload), ...]` applied to every block but the signature, every
    CRC made right again, and signed again with `key` (None: the old, now wrong, signature is kept)."""
    parts = [archive.file_header(version)]
    old_signature = None
    for block in blocks(path):
        if block.kind == "S":
            old_signature = block.payload
            continue
        parts += [archive.block(kind.encode(), payload) for kind, payload in replace(block)]
    if version >= 2:
        if key is not None:
            mac = key.mac()
            mac.update(b"".join(parts))
            old_signature = archive.json_payload({"key_id": key.key_id, "hmac": mac.hexdigest()})
        parts.append(archive.block(b"S", old_signature))
    out.write_bytes(b"".join(parts))
    return out
