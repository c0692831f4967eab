"""The community toolkit's slash commands: /tag, /userinfo and the other info commands, /welcome, /goodbye,
/autorole, /roles panel, /poll, /announce."""

from discord import app_commands

from aegis.bot.commands.community import announce, info, polls, roles, tags, welcome
from aegis.services.community.announcements import Announcer


def register(tree: app_commands.CommandTree, gateway, announcer: Announcer) -> None:
    tags.register(tree)
    info.register(tree)
    welcome.register(tree)
    roles.register(tree, gateway)
    polls.register(tree, gateway)
    announce.register(tree, announcer)
