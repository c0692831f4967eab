"""The seeded server's settings in Aegis's database, written before the bot starts, as an operator would."""

from aegis.demo.scenes import LADDER, Pace
from aegis.domain.actors import OPERATOR
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.ladder import parse_ladder
from aegis.double.world.community import Community
from aegis.storage import guilds

JOINS_LIMIT = 5  # joins per 10 s before it is a raid: the raid scene's eight newcomers are over it
COMMANDS_LIMIT = 30  # per moderator per 10 s: the scenes and an operator typing fast stay under it


def seed_settings(community: Community, pace: Pace) -> GuildSettings:
    guilds.ensure_guild(community.guild.id, community.guild.name)
    settings = GuildSettings(
        community.guild.id,
        mod_log_channel_id=community.mod_log.id,
        escalation=parse_ladder(LADDER),
        automod={"rules": {"join_rate": {"cooldown_s": pace.raid_cooldown_s}}},
        rate_limits={
            "joins": {"limit": JOINS_LIMIT, "window_s": 10},
            "commands": {"limit": COMMANDS_LIMIT, "window_s": 10},
        },
    )
    return guilds.save_settings(settings, OPERATOR, "aegis demo: the seeded server's settings")
