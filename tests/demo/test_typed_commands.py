"""Slash commands as a person types them, read against what the bot registered."""

import pytest

from aegis.double import DiscordDouble
from aegis.double.events.interactions import OptionType
from aegis.double.events.typed_commands import CommandTypo, TypedCommand, read_typed_command
from aegis.double.world.community import seed_community
from aegis.double.world.models import ApplicationCommand

USER, STRING, INTEGER, SUB = OptionType.USER, OptionType.STRING, OptionType.INTEGER, OptionType.SUB_COMMAND
CHANNEL, ROLE, BOOLEAN = OptionType.CHANNEL, OptionType.ROLE, OptionType.BOOLEAN
REGISTERED = {
    "warn": [{"name": "member", "type": USER, "required": True}, {"name": "reason", "type": STRING, "required": True}],
    "ban": [
        {"name": "member", "type": USER, "required": True},
        {"name": "duration", "type": STRING},
        {"name": "delete_messages", "type": INTEGER},
        {"name": "reason", "type": STRING},
    ],
    "lockdown": [
        {"name": "channel", "type": CHANNEL},
        {"name": "role", "type": ROLE},
        {"name": "dry", "type": BOOLEAN},
    ],
    "settings": [
        {"name": "escalation", "type": SUB, "options": [{"name": "ladder", "type": STRING, "required": True}]},
        {"name": "show", "type": SUB, "options": []},
    ],
}


@pytest.fixture
def server():
    double = DiscordDouble()
    community = seed_community(double, "token")
    [application] = double.state.applications.values()
    for n, (name, options) in enumerate(REGISTERED.items()):
        data = {"name": name, "type": 1, "options": options}
        application.global_commands[name] = ApplicationCommand(n + 1, application.id, None, data)
    return community, application


def read(server, text):
    community, application = server
    return read_typed_command(community.double.state, application, community.guild, text)


def test_named_options_and_members_by_name(server):
    community, _ = server
    typed = read(server, "/warn member:@eve reason:posting memes again")
    assert typed == TypedCommand("warn", None, {"member": community.user("eve"), "reason": "posting memes again"})


def test_options_in_declared_order_the_last_taking_the_rest(server):
    community, _ = server
    assert read(server, "/warn eve being rude to carol").options == {
        "member": community.user("eve"),
        "reason": "being rude to carol",
    }


def test_whole_numbers_and_options_in_any_order(server):
    typed = read(server, "/ban reason:flame war member:frank delete_messages:3600 duration:30s")
    assert typed.options["duration"] == "30s" and typed.options["delete_messages"] == 3600
    assert typed.options["reason"] == "flame war"


def test_subcommands(server):
    assert read(server, "/settings escalation ladder:2 kick") == TypedCommand(
        "settings", "escalation", {"ladder": "2 kick"}
    )
    assert read(server, "/settings show") == TypedCommand("settings", "show", {})


def test_channels_roles_and_yes_or_no(server):
    community, _ = server
    typed = read(server, "/lockdown channel:#general role:@member dry:yes")
    assert typed.options == {"channel": community.general, "role": community.roles["member"], "dry": True}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/yeet eve", "There is no /yeet; the bot has /ban, /lockdown, /settings, /warn."),
        ("/lockdown channel:#nowhere", "channel: there is no channel #nowhere."),
        ("/warn member:zed reason:x", "member: nobody here is called 'zed'."),
        ("/warn member:eve", "/warn needs reason: (e.g. reason:…)."),
        ("/settings", "/settings needs one of: escalation, show."),
        ("/ban member:frank delete_messages:lots", "delete_messages: 'lots' is not a whole number."),
        ("", "Type a command, e.g. /warn member:eve reason:spam."),
    ],
)
def test_what_cannot_be_read_says_why(server, text, says):
    typed = read(server, text)
    assert isinstance(typed, CommandTypo) and str(typed) == says
