"""Tags as the service keeps them: who may create, edit and delete; names and texts refused with the reason; each
change audited; export and forget see the authors."""

from aegis.domain.actors import OPERATOR, Actor
from aegis.domain.community import Tag
from aegis.domain.guilds import GuildSettings
from aegis.domain.refusals import Refusal
from aegis.services.community import tags
from aegis.services.settings.validation import validate
from aegis.services.wording.community import tags as words
from aegis.storage import guilds
from aegis.storage import models as m
from aegis.storage.moderation import audit
from aegis.storage.records import userdata

GUILD = 111
MOD = Actor.moderator(1, frozenset({"manage_messages"}))
ADMIN = Actor.moderator(2, frozenset({"administrator"}))
ALICE = Actor.moderator(3, frozenset())
BOB = Actor.moderator(4, frozenset())


async def test_by_default_only_moderators_create_tags(db):
    refused = await tags.create(GUILD, ALICE, "rules", "Be nice.")
    assert isinstance(refused, Refusal) and "Manage Messages" in refused.reason
    made = await tags.create(GUILD, MOD, "Rules", "Be nice.")
    assert isinstance(made, Tag) and (made.name, made.text, made.created_by) == ("rules", "Be nice.", 1)


async def test_when_the_server_opens_tags_to_everyone_a_member_creates_one(db):
    assert isinstance(await tags.set_creators(GUILD, MOD, "everyone"), Refusal)  # Manage Server decides
    saved = await tags.set_creators(GUILD, ADMIN, "everyone")
    assert saved.tag_creators == "everyone"
    assert isinstance(await tags.create(GUILD, ALICE, "faq", "Read the pins."), Tag)
    assert "moderators or everyone" in (await tags.set_creators(GUILD, ADMIN, "nobody")).reason


async def test_names_texts_and_duplicates_are_refused_with_what_would_be_right(db):
    assert "lowercase letters" in (await tags.create(GUILD, MOD, "two words", "x")).reason
    assert "needs some text" in (await tags.create(GUILD, MOD, "empty", "  ")).reason
    assert "2001 characters" in (await tags.create(GUILD, MOD, "long", "x" * 2001)).reason
    await tags.create(GUILD, MOD, "rules", "Be nice.")
    assert "/tag edit" in (await tags.create(GUILD, MOD, "rules", "Again.")).reason


async def test_the_author_or_a_moderator_edits_and_deletes_others_may_not(db):
    await tags.set_creators(GUILD, ADMIN, "everyone")
    await tags.create(GUILD, ALICE, "faq", "Read the pins.")
    assert "edit someone else's tag" in (await tags.edit(GUILD, BOB, "faq", "mine now")).reason
    assert "delete someone else's tag" in (await tags.delete(GUILD, BOB, "faq")).reason
    edited = await tags.edit(GUILD, ALICE, "faq", "Read the pins, then ask.")
    assert (edited.text, edited.updated_by) == ("Read the pins, then ask.", 3)
    assert (await tags.edit(GUILD, MOD, "faq", "Moderated.")).updated_by == 1
    assert isinstance(await tags.delete(GUILD, MOD, "faq"), Tag)
    assert "no tag “faq”" in (await tags.info(GUILD, "faq")).reason


async def test_posting_counts_uses_and_the_list_is_by_name(db):
    for name in ("zeta", "alpha"):
        await tags.create(GUILD, MOD, name, name.upper())
    await tags.post(GUILD, "alpha")
    posted = await tags.post(GUILD, " ALPHA ")
    assert (posted.text, posted.uses) == ("ALPHA", 2)
    assert [t.name for t in await tags.listing(GUILD)] == ["alpha", "zeta"]
    assert await tags.listing(222) == []
    assert isinstance(await tags.post(GUILD, "missing"), Refusal)


async def test_every_change_is_audited_with_what_it_was(db):
    await tags.create(GUILD, MOD, "rules", "one")
    await tags.edit(GUILD, MOD, "rules", "two")
    await tags.delete(GUILD, ADMIN, "rules")
    entries = audit.page(audit.AuditFilter(guild_id=GUILD))
    found = [(e.action, e.actor_id, e.metadata) for e in reversed(entries) if e.action.startswith("tag.")]
    assert found == [
        ("tag.create", 1, {"tag": "rules", "text": "one"}),
        ("tag.edit", 1, {"tag": "rules", "before": "one", "after": "two"}),
        ("tag.delete", 2, {"tag": "rules", "text": "two", "author": 1}),
    ]


async def test_a_forgotten_member_is_taken_out_of_the_tags_they_wrote_and_edited(db):
    await tags.set_creators(GUILD, ADMIN, "everyone")
    await tags.create(GUILD, ALICE, "faq", "Read the pins.")
    await tags.edit(GUILD, MOD, "faq", "Edited.")
    assert [r["name"] for r in userdata.rows_naming(1)["custom_command"]] == ["faq"]  # the editor
    userdata.forget(3)
    userdata.forget(1)
    row = m.CustomCommand.get()
    assert (row.created_by, row.updated_by, row.response) == (0, None, "Edited.")
    assert "asked to be forgotten" in words.info(await tags.info(GUILD, "faq"))


def test_the_settings_file_carries_who_may_create_tags(db):
    assert validate({"tag_creators": "everyone"})["tag_creators"] == "everyone"
    assert "tag_creators must be one of moderators, everyone" in validate({"tag_creators": "all"}).reason
    guilds.save_settings(GuildSettings(GUILD, tag_creators="everyone"), OPERATOR)
    assert guilds.get_settings(GUILD).to_data()["tag_creators"] == "everyone"


def test_config_export_and_import_carry_who_may_create_tags(db, database_url):
    from click.testing import CliRunner

    from aegis.cli import main

    def cli(*args, input=None):
        env = {"AEGIS_DATABASE_URL": database_url, "AEGIS_CONFIG": None}
        return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    source, copy = 1049862734591127552, 2049862734591127552
    guilds.save_settings(GuildSettings(source, tag_creators="everyone"), OPERATOR)
    exported = cli("config", "export", str(source)).output
    assert 'tag_creators = "everyone"' in exported
    assert cli("config", "import", str(copy), "-", "--yes", input=exported).exit_code == 0
    assert guilds.get_settings(copy).tag_creators == "everyone"
