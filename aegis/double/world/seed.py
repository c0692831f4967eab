"""Seeding a double from JSON, for the standalone server:

{"bots": [{"token": "t", "username": "Aegis", "privileged_intents": 2}],   (intents the portal allows; default all)
 "users": ["alice", "bob"],
 "guilds": [{"name": "Test", "owner": "alice",
             "roles": [{"name": "Aegis", "permissions": 8, "position": 5}],
             "channels": ["general"],
             "members": {"Aegis": ["Aegis"], "bob": []}}]}
"""

from __future__ import annotations

from typing import Any

from aegis.double.double import DiscordDouble
from aegis.double.world.models import User


def seed_from_json(double: DiscordDouble, seed: dict[str, Any]) -> None:
    users: dict[str, User] = {}
    for bot in seed.get("bots", []):
        application = double.add_bot(
            bot["token"], bot.get("username", "Aegis"), privileged_intents=bot.get("privileged_intents")
        )
        users[bot.get("username", "Aegis")] = double.state.users[application.bot_user_id]
    for name in seed.get("users", []):
        users[name] = double.add_user(name)
    for spec in seed.get("guilds", []):
        guild = double.add_guild(spec["name"], users[spec["owner"]])
        roles = {
            r["name"]: double.add_role(guild, r["name"], r.get("permissions", 0), r.get("position"))
            for r in spec.get("roles", [])
        }
        for channel in spec.get("channels", []):
            double.add_channel(guild, channel)
        for user_name, role_names in spec.get("members", {}).items():
            double.add_member(guild, users[user_name], [roles[r] for r in role_names])
