"""The service tests' Discord stand-in, with what the community toolkit reads: members as they are, roles with
their permissions, Aegis's own standing, and greetings with whom they may ping."""

from aegis.services.community.givable import GivableRole, MemberNow
from aegis.services.moderation.checks import Person
from tests.services.fake_gateway import FakeGateway

BOT_ID = 900


class FakeCommunityGateway(FakeGateway):
    def __init__(self, bot_position: int = 5):
        super().__init__()
        self.state.members = set()
        self.pending: set[int] = set()
        self.givable: dict[int, GivableRole] = {}
        self.bot = Person(BOT_ID, "@Aegis", bot_position, "@Aegis", frozenset({"manage_roles"}))
        self.greetings: list[tuple[int, str, int | None]] = []

    def join(self, user_id: int, *, pending: bool = False) -> MemberNow:
        self.state.members.add(user_id)
        if pending:
            self.pending.add(user_id)
        return MemberNow(user_id, frozenset(self.state.roles.get(user_id, ())), pending)

    def leave(self, user_id: int) -> None:
        self.state.members.discard(user_id)
        self.state.roles.pop(user_id, None)

    async def member(self, guild_id, user_id):
        if user_id not in self.state.members:
            return None
        return MemberNow(user_id, frozenset(self.state.roles.get(user_id, ())), user_id in self.pending)

    async def givable_role(self, guild_id, role_id):
        return self.givable.get(role_id)

    async def bot_member(self, guild_id):
        return self.bot

    async def greet(self, channel_id, text, ping):
        self._maybe_fail("greet")
        self.greetings.append((channel_id, text, ping))
