"""Role panels end to end: built with /roles panel, pressed as Discord delivers a button press (a type 3 interaction
with the button's custom_id), the role arriving, and in unique mode the panel's other role going."""

from aegis.domain.actors import Actor
from aegis.domain.community import PanelRole
from aegis.double import Permission
from aegis.services.community.panels import custom_id
from aegis.storage.community import panels as store
from tests.e2e.outgoing import body_problems, checked_bodies

ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def run(server, who, options, subcommand):
    handle = server.double.invoke_command(
        server.guild, server.general, who, "roles", options, subcommand=f"panel {subcommand}"
    )
    return (await handle.wait_for_reply(timeout=10)).content


async def press(server, who, message, role):
    button = next(c for row in message.components for c in row["components"] if c["custom_id"].endswith(f":{role.id}"))
    handle = server.double.click(message, who, button["custom_id"])
    reply = await handle.wait_for_reply(timeout=10)
    assert handle.ephemeral or reply.ephemeral
    return reply.content


async def test_a_unique_panel_gives_the_pressed_role_and_takes_the_other(bot, server):
    double = server.double
    red = double.add_role(server.guild, "Red", Permission.SEND_MESSAGES, position=1)
    blue = double.add_role(server.guild, "Blue", 0, position=2)
    created = await run(
        server, server.admin, {"channel": server.general, "title": "Colours", "mode": "unique"}, "create"
    )
    assert created.startswith("✅ Panel #1 posted in")
    assert "<@&" in await run(server, server.admin, {"panel": 1, "role": red, "emoji": "🔴"}, "add")
    assert f"<@&{red.id}> <@&{blue.id}>" in await run(
        server, server.admin, {"panel": 1, "role": blue, "label": "Blue team"}, "add"
    )
    [message] = [m for m in double.messages(server.general) if m.content.startswith("**Colours**")]
    labels = [c["label"] for row in message.components for c in row["components"]]
    assert labels == ["Red", "Blue team"]

    assert await press(server, server.alice, message, red) == f"✅ You now have <@&{red.id}>."
    assert red.id in double.member(server.guild, server.alice).roles
    assert await press(server, server.alice, message, blue) == f"✅ You now have <@&{blue.id}>; <@&{red.id}> taken off."
    roles = double.member(server.guild, server.alice).roles
    assert blue.id in roles and red.id not in roles
    assert await press(server, server.alice, message, blue) == f"✅ <@&{blue.id}> taken off."
    assert checked_bodies(double.requests) and body_problems(double.requests) == []


async def test_verify_only_gives_and_a_role_above_aegis_or_dangerous_is_refused(bot, server):
    double = server.double
    verified = double.add_role(server.guild, "Verified", 0, position=1)
    staff = double.add_role(server.guild, "Staff", Permission.MANAGE_MESSAGES, position=2)
    high = double.add_role(server.guild, "High", 0, position=8)
    await run(server, server.admin, {"channel": server.general, "title": "Rules read?", "mode": "verify"}, "create")
    assert "⛔ @Staff has Manage Messages" in await run(server, server.admin, {"panel": 1, "role": staff}, "add")
    assert "not below my top role @Aegis" in await run(server, server.admin, {"panel": 1, "role": high}, "add")
    await run(server, server.admin, {"panel": 1, "role": verified}, "add")
    [message] = [m for m in double.messages(server.general) if m.content.startswith("**Rules read?**")]
    assert await press(server, server.bob, message, verified) == f"✅ You now have <@&{verified.id}>."
    again = await press(server, server.bob, message, verified)
    assert again == f"ℹ️ You already have <@&{verified.id}>; this panel only gives roles."
    assert len(double.requests_matching("PUT", ROLE_ROUTE)) == 1
    assert "You need the Manage Roles permission" in await run(server, server.alice, {}, "list")


async def test_a_panel_posted_before_this_bot_started_still_works(bot, server):
    """The panel and its message come from an earlier run: nothing of it is in this process's memory."""
    double = server.double
    old = double.add_role(server.guild, "Old", 0, position=1)
    made = store.create(server.guild.id, server.general.id, "From before", "normal", Actor.moderator(server.admin.id))
    button = {"type": 2, "style": 2, "label": "Old", "custom_id": custom_id(made.id, old.id)}
    bot_user = double.state.users[bot.user.id]
    message = double.actions.create_message(
        server.general, bot_user, "**From before**", components=[{"type": 1, "components": [button]}], announce=False
    )
    store.posted(made.id, message.id)
    store.add_role(server.guild.id, store.get(server.guild.id, made.id), PanelRole(old.id), Actor.moderator(1))
    assert await press(server, server.bob, message, old) == f"✅ You now have <@&{old.id}>."


async def test_a_menu_panel_gives_what_is_picked_and_takes_what_is_not(bot, server):
    double = server.double
    red = double.add_role(server.guild, "Red", 0, position=1)
    blue = double.add_role(server.guild, "Blue", 0, position=2)
    options = {"channel": server.general, "title": "Colours", "style": "menu"}
    assert (await run(server, server.admin, options, "create")).startswith("✅ Panel #1")
    for role in (red, blue):
        await run(server, server.admin, {"panel": 1, "role": role}, "add")
    [message] = [m for m in double.messages(server.general) if m.content.startswith("**Colours**")]
    [[menu]] = [row["components"] for row in message.components]
    assert (menu["type"], menu["max_values"], [o["label"] for o in menu["options"]]) == (3, 2, ["Red", "Blue"])

    handle = double.click(message, server.alice, menu["custom_id"], [str(red.id), str(blue.id)])
    assert (await handle.wait_for_reply(timeout=10)).content == f"✅ You now have <@&{red.id}> <@&{blue.id}>."
    handle = double.click(message, server.alice, menu["custom_id"], [str(blue.id)])
    assert (await handle.wait_for_reply(timeout=10)).content == f"✅ <@&{red.id}> taken off."
    roles = double.member(server.guild, server.alice).roles
    assert blue.id in roles and red.id not in roles
    assert body_problems(double.requests) == []


async def test_a_press_the_gateway_delivers_twice_changes_the_roles_once(bot, server):
    double = server.double
    red = double.add_role(server.guild, "Red", 0, position=1)
    await run(server, server.admin, {"channel": server.general, "title": "Colours"}, "create")
    await run(server, server.admin, {"panel": 1, "role": red}, "add")
    [message] = [m for m in double.messages(server.general) if m.content.startswith("**Colours**")]
    button = message.components[0]["components"][0]["custom_id"]
    handle = double.click(message, server.alice, button)
    await handle.wait_for_reply(timeout=10)
    double.hub.dispatch(
        "INTERACTION_CREATE", handle.payload, guild_id=server.guild.id, application_id=handle.application.id
    )
    await double.wait_until_read()
    listed = double.invoke_command(server.guild, server.general, server.admin, "roles", {}, subcommand="panel list")
    await listed.wait_for_reply(timeout=10)  # the bot has handled what came before
    callbacks = [r for r in double.requests_matching("POST", CALLBACK) if r.params["interaction_id"] == str(handle.id)]
    assert len(callbacks) == 1, "the replayed press was answered again"
    assert red.id in double.member(server.guild, server.alice).roles
    assert len(double.requests_matching("PUT", ROLE_ROUTE)) == 1
