"""The scenes the demo plays, timed as fractions of the demo's duration so a short run plays them all.

A step is something a person does in the seeded server (post, join, run a command); what Aegis does about
it is never scripted here: the real bot decides, and the report reads it back from the database and the double.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


class Stage(Protocol):
    """What a step may do in the demo's server (DemoWorld is the real one)."""

    def post(self, author: str, text: str, channel: str = "general") -> object: ...

    def join(self, newcomer: str) -> object: ...

    def command(self, moderator: str, text: str) -> object: ...

    def say(self, who: str, text: str) -> None: ...


@dataclass(frozen=True)
class Pace:
    """How long the scenes take in all (seconds): every time in the script is a share of it."""

    duration: float

    def at(self, share: float) -> float:
        return round(self.duration * share, 3)

    @property
    def tempban_s(self) -> int:
        return max(2, round(self.duration * 0.15))

    @property
    def raid_cooldown_s(self) -> int:
        return max(2, round(self.duration * 0.08))


@dataclass(frozen=True)
class Step:
    at: float  # seconds after the scenes start
    act: Callable[[Stage], object]


@dataclass(frozen=True)
class Scene:
    key: str
    title: str
    shows: str
    steps: tuple[Step, ...]

    @property
    def starts(self) -> float:
        return self.steps[0].at


CHAT = (
    ("alice", "morning all! anyone around?"),
    ("bob", "o/ just got coffee"),
    ("carol", "did anyone finish the puzzle from yesterday?"),
    ("alice", "almost, stuck on the last clue"),
    ("bob", "the answer is hidden in the channel topic ;)"),
    ("carol", "no spoilers please!"),
    ("erin", "hi, first time posting here"),
    ("alice", "welcome erin :)"),
)
SPAM = "FREE NITRO for everyone, claim it at discord-gift.example/claim"
SPAM_COPIES = 8
RAIDERS = tuple(f"raider{n:02d}" for n in range(1, 9))
WARNINGS = ("posting memes in #general after being asked not to", "arguing with moderators", "insulting a member")
LADDER = "2 timeout 10m, 3 kick"  # the seeded server's escalation ladder, as /settings escalation takes it
SPAM_AUTHOR, WARNED, TEMPBANNED, WARNING_MOD, BANNING_MOD = "dave", "eve", "frank", "mika", "noor"


def build_scenes(pace: Pace) -> tuple[Scene, ...]:
    return (
        Scene(
            "chat",
            "Ordinary chat",
            "members talk in #general; Aegis reads every message and does nothing",
            tuple(Step(pace.at(0.01 * n), _post(author, text)) for n, (author, text) in enumerate(CHAT)),
        ),
        Scene(
            "spam",
            "A spam burst",
            f"{SPAM_AUTHOR} posts the same scam link {SPAM_COPIES} times; automod deletes the copies, "
            f"times {SPAM_AUTHOR} out and opens a case",
            tuple(Step(pace.at(0.14) + 0.05 * n, _post(SPAM_AUTHOR, SPAM)) for n in range(SPAM_COPIES)),
        ),
        Scene(
            "raid",
            "A raid of new accounts",
            f"{len(RAIDERS)} accounts made minutes ago join at once; raid mode switches on, times each one out, "
            "tells #mod-log, and switches off again once joins go quiet",
            tuple(Step(pace.at(0.28) + 0.1 * n, _join(name)) for n, name in enumerate(RAIDERS)),
        ),
        Scene(
            "ladder",
            "The escalation ladder",
            f"{WARNING_MOD} runs /warn on {WARNED} three times; the server's ladder (2 warnings: timeout 10 minutes, "
            f"3 warnings: kick) acts on its own",
            tuple(
                Step(pace.at(0.45 + 0.06 * n), _command(WARNING_MOD, f"/warn member:{WARNED} reason:{reason}"))
                for n, reason in enumerate(WARNINGS)
            ),
        ),
        Scene(
            "tempban",
            "A tempban that expires",
            f"{BANNING_MOD} bans {TEMPBANNED} for {pace.tempban_s} seconds; Aegis lifts the ban on time by itself",
            (
                Step(
                    pace.at(0.65),
                    _command(
                        BANNING_MOD,
                        f"/ban member:{TEMPBANNED} duration:{pace.tempban_s}s reason:cooling off after a flame war",
                    ),
                ),
            ),
        ),
    )


def _post(author: str, text: str) -> Callable[[Stage], object]:
    return lambda stage: stage.post(author, text)


def _join(name: str) -> Callable[[Stage], object]:
    return lambda stage: stage.join(name)


def _command(moderator: str, text: str) -> Callable[[Stage], object]:
    return lambda stage: stage.command(moderator, text)
