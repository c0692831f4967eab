from discord import app_commands

from aegis.bot.commands import cases, moderation, raid, settings
from aegis.services.moderation import ModerationService
from aegis.services.raids import RaidService


def register(tree: app_commands.CommandTree, service: ModerationService, raids: RaidService) -> None:
    moderation.register(tree, service)
    cases.register(tree)
    settings.register(tree)
    raid.register(tree, raids)
