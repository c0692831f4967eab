"""A local Discord for tests and benchmarks: REST v10 and the gateway, for the real discord.py client.

Point discord.py at it with `point_discord_py_at(double.api_url, double.gateway_url)` or the two
class attributes that function sets; see README_SECTION.md.
"""

from .double import DiscordDouble
from .errors import DiscordError
from .intents import Intent
from .interactions import CallbackType, InteractionHandle
from .models import Application, Ban, Channel, Guild, Member, Message, Overwrite, Role, User
from .permissions import Permission
from .recorder import RecordedRequest
from .threaded import DiscordDoubleThread

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
