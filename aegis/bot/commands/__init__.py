from discord import app_commands

from aegis.bot.commands import automod, cases, log, moderation, mydata, raid, settings, stats
from aegis.services.moderation.service import ModerationService
from aegis.services.raids.service import RaidService
from aegis.services.settings.automod import AutomodConfig
from aegis.services.settings.bus import SettingsBus


def register(tree: app_commands.CommandTree, service: ModerationService, bus: SettingsBus, raids: RaidService) -> None:
    moderation.register(tree, service)
    cases.register(tree)
    settings.register(tree, bus)
    automod.register(tree, AutomodConfig(bus))
    raid.register(tree, raids)
    stats.register(tree)
    mydata.register(tree, service.gateway)
    log.register(tree, bus)
