"""Every check, in the order a fix in one makes the next meaningful."""

import peewee as pw

from aegis.config import Config
from aegis.services.doctor import discord_checks, local
from aegis.services.doctor.discord_api import DiscordApi
from aegis.services.doctor.findings import Finding
from aegis.storage import guilds


def diagnose(config: Config) -> list[Finding]:
    found = [local.check_config(config), *local.check_files(config)]
    database_findings, db = local.check_database(config)
    found += database_findings
    found.append(local.check_redis(config))
    try:
        found += _discord(config, mute_role_of=_mute_roles(db))
    finally:
        if db is not None:
            db.close()
    return found


def _discord(config: Config, mute_role_of) -> list[Finding]:
    api = DiscordApi(config.discord.api_url, config.discord.token.reveal())
    token, me = discord_checks.check_token(api, config.discord.token.reveal())
    if me is None:
        return [token]
    intents, application = discord_checks.check_intents(api)
    found = [token, *intents]
    if application is not None:
        found += discord_checks.check_guilds(api, me, int(application["id"]), mute_role_of)
    return found


def _mute_roles(db):
    """The mute role each server set, read from the database; none known when it cannot be read."""

    def mute_role_of(guild_id: int) -> int | None:
        if db is None:
            return None
        try:
            return guilds.get_settings(guild_id).mute_role_id
        except pw.DatabaseError:  # an unmigrated database: the migrations finding already says so
            return None

    return mute_role_of
