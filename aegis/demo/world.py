"""The demo's server as its people see it: post as a member, join as a newcomer, run a command as a moderator,
and read what happened (theirs and the bot's) as one feed. Every touch of the double runs on its own thread."""

import threading
from dataclasses import dataclass
from datetime import datetime

from aegis import clock
from aegis.demo.chronicle import Posted, describe
from aegis.double import DiscordDoubleThread
from aegis.double.events.typed_commands import CommandTypo, read_typed_command
from aegis.double.world.community import Community

BOT = "Aegis"
NARRATOR = "demo"


@dataclass(frozen=True)
class FeedLine:
    at: datetime
    who: str
    text: str

    def render(self) -> str:
        return f"{self.at:%H:%M:%S}  {self.who}: {self.text}"


class DemoWorld:
    def __init__(self, thread: DiscordDoubleThread, community: Community) -> None:
        self.thread, self.community = thread, community
        self.posted = Posted()
        self._lines: list[FeedLine] = []
        self._lock = threading.Lock()
        self._requests_read = 0

    # --- what people do ---

    def post(self, author: str, text: str, channel: str = "general") -> str | None:
        """None when posted, else why not (in words for the person who typed it)."""
        problem = self.thread.call(self._post, author, text, channel)
        if problem is None:
            self.say(author, f"in #{channel}: {text}")
        return problem

    def join(self, newcomer: str) -> None:
        self.thread.call(self._join, newcomer)
        self.say(newcomer, "joined the server (an account made just now)")

    def command(self, moderator: str, text: str) -> str | None:
        """None when the command went to the bot (its answer arrives in the feed), else why it could not."""
        problem = self.thread.call(self._command, moderator, text)
        if problem is None:
            self.say(moderator, f"ran {text.strip()}")
        return problem

    def say(self, who: str, text: str) -> None:
        with self._lock:
            self._lines.append(FeedLine(clock.now(), who, text))

    # --- what happened ---

    def feed_since(self, cursor: int) -> tuple[list[FeedLine], int]:
        bot_lines = self.thread.call(self._bot_lines)
        with self._lock:
            self._lines.extend(FeedLine(clock.now(), BOT, line) for line in bot_lines)
            return self._lines[cursor:], len(self._lines)

    def people(self) -> list[str]:
        return self.thread.call(lambda: self.community.members)

    def moderators(self) -> list[str]:
        return self.thread.call(lambda: self.community.moderators)

    # --- on the double's thread ---

    def _post(self, author: str, text: str, channel: str) -> str | None:
        if not text.strip():
            return "Type something to post."
        member = self._present(author)
        if isinstance(member, str):
            return member
        if member.is_timed_out():
            until = member.communication_disabled_until
            return f"{author} is timed out until {until:%H:%M:%S} UTC and cannot post."
        message = self.community.double.post_message(self.community.channel(channel), member, text)
        self.posted.authors[message.id] = author
        return None

    def _join(self, newcomer: str) -> None:
        user = self.community.people.get(newcomer) or self.community.newcomer(newcomer)
        self.community.double.member_join(self.community.guild, user)

    def _command(self, moderator: str, text: str) -> str | None:
        member = self._present(moderator)
        if isinstance(member, str):
            return member
        double, guild = self.community.double, self.community.guild
        [application] = double.state.applications.values()
        typed = read_typed_command(double.state, application, guild, text)
        if isinstance(typed, CommandTypo):
            return str(typed)
        handle = double.invoke_command(
            guild, self.community.general, member, typed.name, typed.options, subcommand=typed.subcommand
        )
        self.posted.invokers[handle.token] = moderator
        return None

    def _present(self, name: str):
        if name.removeprefix("@").lower() not in self.community.people:
            return f"Nobody here is called {name!r}."
        member = self.community.member(name)
        return member if member is not None else f"{name} is not in the server (any more)."

    def _bot_lines(self) -> list[str]:
        requests = self.community.double.requests
        fresh, self._requests_read = requests[self._requests_read :], len(requests)
        return [line for r in fresh if (line := describe(r, self.community, self.posted)) is not None]
