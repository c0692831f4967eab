from discord import app_commands

from aegis.bot.commands import cases, moderation, settings
from aegis.services.moderation import ModerationService


def register(tree: app_commands.CommandTree, service: ModerationService) -> None:
    moderation.register(tree, service)
    cases.register(tree)
    settings.register(tree)
