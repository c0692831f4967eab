"""Tags: texts a server saves under a name and posts with /tag show. Who may create one is the server's
`tag_creators` setting; a tag's author or a moderator (Manage Messages) may edit or delete it; anyone may post,
list and read about them. Posting never pings: the front end sends every tag with no allowed mentions."""

import re
from dataclasses import replace

from aegis.domain.actors import Actor
from aegis.domain.community import Tag
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.settings.validation import TAG_CREATORS
from aegis.services.wording.community import tags as words
from aegis.storage import guilds
from aegis.storage.community import tags as store

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
MAX_TEXT = 2000  # one Discord message
MANAGE_MESSAGES = "manage_messages"
MANAGE_SERVER = "manage_guild"


def clean_name(name: str) -> str | Refusal:
    name = name.strip().lower()
    return name if NAME.fullmatch(name) else Refusal("tag_name", words.bad_name(name))


async def create(guild_id: int, actor: Actor, name: str, text: str) -> Tag | Refusal:
    settings = await db_call(guilds.get_settings, guild_id)
    if settings.tag_creators != "everyone" and (refusal := check_privilege(actor, MANAGE_MESSAGES, words.CREATING)):
        return refusal
    name = clean_name(name)
    if isinstance(name, Refusal):
        return name
    if refusal := _check_text(text):
        return refusal
    return await db_call(store.create, guild_id, name, text, actor) or Refusal("tag_exists", words.exists(name))


async def edit(guild_id: int, actor: Actor, name: str, text: str) -> Tag | Refusal:
    tag = await _owned(guild_id, actor, name, words.EDITING)
    if isinstance(tag, Refusal):
        return tag
    if refusal := _check_text(text):
        return refusal
    return await db_call(store.edit, guild_id, tag.name, text, actor) or Refusal("no_tag", words.no_tag(tag.name))


async def delete(guild_id: int, actor: Actor, name: str) -> Tag | Refusal:
    tag = await _owned(guild_id, actor, name, words.DELETING)
    if isinstance(tag, Refusal):
        return tag
    return await db_call(store.delete, guild_id, tag.name, actor) or Refusal("no_tag", words.no_tag(tag.name))


async def post(guild_id: int, name: str) -> Tag | Refusal:
    """The tag to post, its use counted."""
    return await db_call(store.used, guild_id, name.strip().lower()) or Refusal("no_tag", words.no_tag(name))


async def info(guild_id: int, name: str) -> Tag | Refusal:
    return await db_call(store.get, guild_id, name.strip().lower()) or Refusal("no_tag", words.no_tag(name))


async def listing(guild_id: int) -> list[Tag]:
    return await db_call(store.names, guild_id)


async def set_creators(guild_id: int, actor: Actor, who: str):
    """Who may create tags from now on: "moderators" (Manage Messages) or "everyone". Managing the server decides."""
    if refusal := check_privilege(actor, MANAGE_SERVER, words.DECIDING):
        return refusal
    if who not in TAG_CREATORS:
        return Refusal("tag_creators", words.bad_creators(who, TAG_CREATORS))
    return await db_call(
        guilds.update_settings,
        guild_id,
        actor,
        lambda current: (replace(current, tag_creators=who), "settings.update", {"tag_creators": who}),
    )


async def _owned(guild_id: int, actor: Actor, name: str, doing: str) -> Tag | Refusal:
    tag = await info(guild_id, name)
    if isinstance(tag, Refusal) or (actor.id is not None and actor.id == tag.created_by):
        return tag
    return check_privilege(actor, MANAGE_MESSAGES, doing) or tag


def _check_text(text: str) -> Refusal | None:
    if not text.strip():
        return Refusal("tag_empty", words.EMPTY)
    if len(text) > MAX_TEXT:
        return Refusal("tag_long", words.too_long(len(text), MAX_TEXT))
    return None
