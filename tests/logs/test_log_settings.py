"""Which events a server logs where: the settings behind /log, carried by config export/import and validated;
which servers keep message content; what a log post holds when files are too large; the store's bound."""

import tomllib
from dataclasses import replace
from datetime import UTC, datetime

from click.testing import CliRunner

from aegis.cli import main
from aegis.domain.actors import Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.logs import KeptAttachment, KeptMessage
from aegis.domain.refusals import Refusal
from aegis.services.logs import settings as log_settings
from aegis.services.logs import store as store_module
from aegis.services.logs.cipher import ContentCipher
from aegis.services.logs.routes import LogRoutes
from aegis.services.logs.service import MAX_REUPLOAD, EventLog
from aegis.services.logs.store import MessageStore
from aegis.storage import guilds

GUILD, OTHER = 1049862734591127552, 2049862734591127552
ADMIN = Actor.moderator(42, frozenset({"manage_guild"}))
HELPER = Actor.moderator(43, frozenset({"moderate_members"}))


def cli(database_url, *args, input=None):
    env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


async def test_set_and_off_are_audited_settings_changes_and_need_manage_server(db):
    saved = await log_settings.set_channel(GUILD, ADMIN, "voice", 777)
    assert saved.logs == {"voice": 777}
    assert (await log_settings.set_channel(GUILD, ADMIN, "moderation", 555)).mod_log_channel_id == 555
    assert (await log_settings.set_channel(GUILD, ADMIN, "voice", None)).logs == {}
    refused = await log_settings.set_channel(GUILD, HELPER, "voice", 777)
    assert isinstance(refused, Refusal) and "Manage Server" in str(refused)
    unknown = await log_settings.set_channel(GUILD, ADMIN, "reactions", 777)
    assert isinstance(unknown, Refusal) and "message-delete" in unknown.reason
    setup = await log_settings.show(GUILD, ADMIN)
    assert setup.channels == {"moderation": 555} and setup.content_hours == 24


def test_config_export_and_import_carry_the_logs_and_a_bad_one_is_refused(db, database_url, tmp_path):
    guilds.update_settings(
        GUILD, ADMIN, lambda s: (replace(s, logs={"message-delete": 777, "voice": 778}), "settings.update", None)
    )
    exported = cli(database_url, "config", "export", str(GUILD)).output
    assert tomllib.loads(exported)["logs"] == {"message-delete": 777, "voice": 778}
    assert cli(database_url, "config", "import", str(OTHER), "-", "--yes", input=exported).exit_code == 0
    assert guilds.get_settings(OTHER).logs == {"message-delete": 777, "voice": 778}
    bad = tmp_path / "bad.toml"
    bad.write_text('[logs]\nreactions = 5\nvoice = "general"\n[retention]\nmessage_content_hours = 9000\n')
    result = cli(database_url, "config", "import", str(GUILD), str(bad), "--yes")
    assert result.exit_code == 1 and "logs takes message-edit, message-delete" in result.output
    assert "retention.message_content_hours must be hours from 0 (keep none) to 8760" in result.output


def test_only_a_server_with_an_edit_or_delete_log_and_some_retention_keeps_content():
    routes = LogRoutes(default_content_hours=24)
    assert routes.keeps_content(1) is None  # unknown until its settings are read
    routes.store(GuildSettings(1, logs={"voice": 5}, mod_log_channel_id=6))
    routes.store(GuildSettings(2, logs={"message-edit": 5}))
    routes.store(GuildSettings(3, logs={"bulk-delete": 5}, retention={"message_content_hours": 0}))
    assert [routes.keeps_content(g) for g in (1, 2, 3)] == [False, True, False]
    assert routes.channel(1, "moderation") == 6 and routes.channel(2, "voice") is None


class RecordingPoster:
    """Discord's side of the log: what was posted, and the files a CDN still has."""

    def __init__(self, cdn: dict[str, bytes]):
        self.cdn, self.posts = cdn, []

    async def post_log(self, channel_id, text, files):
        self.posts.append((channel_id, text, files))

    async def download(self, url, limit):
        data = self.cdn.get(url)
        return data if data is not None and len(data) <= limit else None


async def test_a_file_too_large_to_upload_is_named_but_not_re_uploaded(db, tmp_path):
    routes = LogRoutes()
    routes.store(GuildSettings(GUILD, logs={"message-delete": 9}))
    store = MessageStore(ContentCipher.beside(tmp_path), routes.keeps_content)
    poster = RecordingPoster({"https://cdn/small.png": b"small", "https://cdn/huge.mov": b"x"})
    service = EventLog(poster, routes, store, load=lambda guild_id: None)
    attachments = (
        KeptAttachment("small.png", "https://cdn/small.png", 5),
        KeptAttachment("huge.mov", "https://cdn/huge.mov", MAX_REUPLOAD + 1),
    )
    message = KeptMessage(11, GUILD, 3, 4, "alice", "look", datetime(2026, 6, 1, tzinfo=UTC), None, attachments)
    await service.message_deleted(GUILD, 3, 11, message)
    [(channel_id, text, files)] = poster.posts
    assert channel_id == 9 and files == [("small.png", b"small")]
    assert "huge.mov" in text and "(1 not re-uploaded: gone from Discord, or over 8 MB)" in text


def test_the_store_keeps_at_most_max_pending_unwritten_dropping_the_oldest(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_PENDING", 3)
    store = MessageStore(ContentCipher.beside(tmp_path), lambda guild_id: True)
    for n in range(5):
        store.note(KeptMessage(n, GUILD, 3, 4, "alice", f"m{n}", datetime(2026, 6, 1, tzinfo=UTC)))
    assert sorted(store._pending) == [2, 3, 4] and store.dropped == 2
