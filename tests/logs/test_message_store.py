"""What the event logs keep of a message: sealed at rest, readable after a key rotation (also one cut short),
gone after the guild's retention, and in a member's export and forget."""

import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet, InvalidToken
from freezegun import freeze_time

from aegis.domain.actors import OPERATOR
from aegis.domain.logs import KeptAttachment, KeptMessage
from aegis.services.data import retention
from aegis.services.data.export import export_user
from aegis.services.logs.cipher import ContentCipher
from aegis.services.logs.keys import rotate_key
from aegis.services.logs.store import MessageStore, opener
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.records import logged_messages, userdata
from aegis.storage.session import database

GUILD, OTHER, AUTHOR = 4001, 4002, 5001
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
SECRET = "the launch code is swordfish-7731"


def kept(message_id: int, content: str = SECRET, *, guild: int = GUILD, hours_ago: float = 0) -> KeptMessage:
    return KeptMessage(
        message_id,
        guild,
        77,
        AUTHOR,
        "alice",
        content,
        NOW - timedelta(hours=hours_ago),
        reply_to_id=message_id - 1,
        attachments=(KeptAttachment("plans.png", "https://cdn.example/plans.png", 12, "image/png"),),
    )


@pytest.fixture
def cipher(tmp_path):
    return ContentCipher.beside(tmp_path)


async def stored(cipher, *messages: KeptMessage) -> MessageStore:
    store = MessageStore(cipher, keeps=lambda guild_id: True)
    for message in messages:
        store.note(message)
    assert await store.flush() == len(messages)
    return store


def database_bytes(database_url: str) -> bytes:
    path = database_url.removeprefix("sqlite:///")
    return b"".join(open(p, "rb").read() for p in (path, path + "-wal") if os.path.exists(p))


async def test_the_database_holds_no_plaintext_of_a_logged_message(db, database_url, cipher):
    store = await stored(cipher, kept(1001))
    if database_url.startswith("sqlite"):
        assert SECRET.encode() not in database_bytes(database_url)
        assert b"plans.png" not in database_bytes(database_url)
    (row,) = database().execute_sql("SELECT sealed FROM logged_message").fetchall()
    assert SECRET not in row[0] and "plans.png" not in row[0] and "alice" not in row[0]
    found = (await MessageStore(cipher, keeps=lambda _: True).find([1001]))[1001]
    assert found == kept(1001)
    assert store.dropped == 0


def test_the_key_file_is_only_its_owners(cipher):
    cipher.seal(b"x")
    assert stat.S_IMODE(cipher.path.stat().st_mode) == 0o600


async def test_rotate_key_keeps_every_row_readable_and_the_old_key_opens_none(db, cipher):
    await stored(cipher, *(kept(2000 + n, f"message {n}") for n in range(1200)))
    old_key = cipher.keys()[0]
    assert rotate_key(cipher, settle_s=0) == 1200
    assert len(cipher.keys()) == 1 and cipher.keys()[0] != old_key
    fresh = MessageStore(ContentCipher(cipher.path), keeps=lambda _: True)
    found = await fresh.find(range(2000, 3200))
    assert [found[2000 + n].content for n in range(1200)] == [f"message {n}" for n in range(1200)]
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(logged_messages.find([2000])[2000].sealed.encode())


async def test_a_rotation_cut_short_loses_nothing_and_running_it_again_finishes(db, cipher):
    await stored(cipher, *(kept(3000 + n, f"message {n}") for n in range(10)))
    cipher.begin_rotation()  # then the process dies after re-sealing half
    half = logged_messages.sealed_after(0, 5)
    logged_messages.reseal([(i, cipher.reseal(token)) for i, token in half])
    assert len(ContentCipher(cipher.path).keys()) == 2
    found = await MessageStore(ContentCipher(cipher.path), keeps=lambda _: True).find(range(3000, 3010))
    assert len(found) == 10
    rotate_key(ContentCipher(cipher.path), settle_s=0)
    survivor = ContentCipher(cipher.path)
    assert len(survivor.keys()) == 1
    found = await MessageStore(survivor, keeps=lambda _: True).find(range(3000, 3010))
    assert sorted(m.content for m in found.values()) == sorted(f"message {n}" for n in range(10))


async def test_a_guild_that_keeps_no_content_has_none_written(db, cipher):
    store = MessageStore(cipher, keeps=lambda guild_id: guild_id == GUILD)
    store.note(kept(4100, guild=OTHER))
    assert await store.flush() == 0
    assert logged_messages.count() == 0


async def test_messages_of_a_guild_whose_settings_are_unknown_wait_for_the_next_flush(db, cipher):
    known: dict[int, bool] = {}
    store = MessageStore(cipher, keeps=known.get)
    store.note(kept(4200))
    assert await store.flush() == 0
    known[GUILD] = True
    assert await store.flush() == 1


async def test_content_older_than_the_retention_is_gone_and_zero_keeps_none(db, cipher):
    guilds.update_settings(
        OTHER, OPERATOR, lambda s: (replace(s, retention={"message_content_hours": 0}), "settings.update", None)
    )
    with freeze_time(NOW):
        await stored(cipher, kept(5001, hours_ago=30), kept(5002, hours_ago=2), kept(5003, guild=OTHER, hours_ago=1))
        deleted = retention.prune(NOW, {"message_content_hours": 24}, kinds=("message_content_hours",))
    assert deleted == {"message_content_hours": 2}
    assert sorted(r.id for r in m.LoggedMessage.select()) == [5002]
    entry = m.AuditEntry.get(m.AuditEntry.action == "retention.prune")
    assert entry.metadata["deleted"] == {"message_content_hours": 2}


async def test_a_members_export_holds_their_logged_messages_opened_and_forget_removes_them(db, cipher):
    guilds.ensure_guild(GUILD)
    await stored(cipher, kept(6001), replace(kept(6002, "someone else's"), author_id=AUTHOR + 1))
    document = export_user(AUTHOR, unseal=opener(cipher))
    (row,) = document["sections"]["logged_messages"]
    assert row["content"] == SECRET and row["attachments"][0][0] == "plans.png" and "sealed" not in row
    removal = userdata.forget(AUTHOR)
    assert removal.removed["logged_message"] == 1
    assert [r.id for r in m.LoggedMessage.select()] == [6002]


@pytest.fixture
def cli(database_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from aegis.cli import main

    monkeypatch.chdir(tmp_path)  # the key file lives beside the config, here the working directory

    def run(*args):
        env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return run


async def test_the_cli_rotates_the_key_and_exports_a_members_messages_readable(db, cli, tmp_path):
    import json

    cipher = ContentCipher.beside(tmp_path)
    await stored(cipher, kept(7001), kept(7002, "second"))
    before = cipher.keys()
    result = cli("data", "rotate-key")
    assert result.exit_code == 0 and "re-sealed 2 logged message(s)" in result.output
    assert cipher.keys() != before and len(cipher.keys()) == 1
    exported = json.loads(cli("data", "export", str(AUTHOR)).output)
    assert sorted(r["content"] for r in exported["sections"]["logged_messages"]) == sorted([SECRET, "second"])


def test_a_running_process_seals_under_the_new_key_within_a_second_of_a_rotation(tmp_path):
    with freeze_time("2026-06-01 12:00:00") as frozen:
        running = ContentCipher.beside(tmp_path)
        running.seal(b"before")  # the bot has read the key file
        ContentCipher.beside(tmp_path).begin_rotation()  # `aegis data rotate-key`, another process
        newest = Fernet(ContentCipher.beside(tmp_path).keys()[0])
        frozen.tick(1.1)
        token = running.seal(b"after")
    assert newest.decrypt(token.encode()) == b"after"
