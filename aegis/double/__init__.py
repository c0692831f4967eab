"""A local Discord for tests and benchmarks: REST v10 and the gateway, for the real discord.py client.

Point discord.py at it with `point_discord_py_at(double.api_url, double.gateway_url)` or the two
class attributes that function sets; see README_SECTION.md.
"""

from aegis.double.double import DiscordDouble
from aegis.double.events.interactions import CallbackType, InteractionHandle
from aegis.double.rest.errors import DiscordError
from aegis.double.rest.recorder import RecordedRequest
from aegis.double.threaded import DiscordDoubleThread
from aegis.double.world.intents import Intent
from aegis.double.world.models import Application, Ban, Channel, Guild, Member, Message, Overwrite, Role, User
from aegis.double.world.permissions import Permission

__all__ = [
    "Application",
    "Ban",
    "CallbackType",
    "Channel",
    "DiscordDouble",
    "DiscordDoubleThread",
    "DiscordError",
    "Guild",
    "Intent",
    "InteractionHandle",
    "Member",
    "Message",
    "Overwrite",
    "Permission",
    "RecordedRequest",
    "Role",
    "User",
]
