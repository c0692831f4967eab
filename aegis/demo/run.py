"""`aegis demo` and `aegis demo --headless`: the stack up, the scenes played, what happened told, all taken down."""

import signal
import time
from collections.abc import Callable
from functools import partial

import peewee as pw

from aegis.demo.director import NARRATOR, Director
from aegis.demo.report import gather, render, verdicts
from aegis.demo.scenes import Pace, build_scenes
from aegis.demo.stack import DemoStack
from aegis.demo.world import DemoWorld

FEED_EVERY_S = 0.25
HEADLESS_DURATION_S = 60.0
CONSOLE_DURATION_S = 120.0
WELCOME = (
    "the bot is online in Aegis Demo and the scenes start now. Click (or Tab) into the two lines at the bottom to "
    "join in; elsewhere, keys 1-6 show the console's other screens, 7 this one, q quits and deletes everything."
)


class DemoSession:
    """The console panel's DemoControl: the world to act in and the director's progress."""

    def __init__(self, world: DemoWorld, director: Director) -> None:
        self.world, self.director = world, director

    def people(self) -> list[str]:
        return self.world.people()

    def moderators(self) -> list[str]:
        return self.world.moderators()

    def post_as(self, member: str, text: str) -> str | None:
        return self.world.post(member, text)

    def run_as(self, moderator: str, command: str) -> str | None:
        return self.world.command(moderator, command)

    def feed_since(self, cursor: int) -> tuple[list[str], int]:
        lines, cursor = self.world.feed_since(cursor)
        return [line.render() for line in lines], cursor

    def scenes(self) -> list[tuple[str, str, str]]:
        return self.director.status()


def run_headless(duration: float, out: Callable[[str], None] = print) -> int:
    """Plays the scenes for `duration` seconds, printing the feed, then what the record shows; 0 if every scene
    showed what it is for."""
    pace = Pace(duration)
    with _terminated_cleanly(), DemoStack(pace) as stack:
        out(
            f"aegis demo: the double at {stack.thread.double.base_url}, the bot (pid {stack.bot.pid}), {stack.directory}"
        )
        director = Director(stack.world, build_scenes(pace)).start()
        cursor = 0
        try:
            while director.elapsed() < duration:
                stack.check_bot()
                cursor = _print_feed(stack.world, cursor, out)
                time.sleep(FEED_EVERY_S)
            stack.settle()
            _print_feed(stack.world, cursor, out)
        finally:
            director.stop()
        found = _gather(stack)
        judged = verdicts(found, director.scenes, director.played)
        out("")
        for line in render(found, director.elapsed(), judged):
            out(line)
        return exit_code(judged)


def started(stack: DemoStack) -> str:
    return f"aegis demo: the double at {stack.thread.double.base_url}, the bot (pid {stack.bot.pid}), {stack.directory}"


def exit_code(judged: list[tuple[str, bool | None, str]]) -> int:
    """0 only when every scene was played and showed what it is for: what CI checks."""
    return 0 if all(shown is True for _, shown, _ in judged) else 1


def run_console(duration: float, out: Callable[[str], None] = print) -> int:
    pace = Pace(duration)
    with _terminated_cleanly(), DemoStack(pace) as stack:
        out(started(stack))
        director = Director(stack.world, build_scenes(pace))
        app = demo_console(stack.database, stack.world, director)
        director.start()
        try:
            app.run()
        finally:
            director.stop()
        stack.settle()
        found = _gather(stack)
        for line in render(found, director.elapsed(), verdicts(found, director.scenes, director.played)):
            out(line)
    return 0


def demo_console(database: pw.Database, world: DemoWorld, director: Director):
    """`aegis tui`'s console on the demo's database, opening on the Demo panel."""
    from aegis.tui.app import AegisConsole
    from aegis.tui.data import Sources
    from aegis.tui.screens.demo import DemoPane

    world.say(NARRATOR, WELCOME)
    panel = partial(DemoPane, DemoSession(world, director))
    return AegisConsole(Sources(database), initial="demo", extra_panes=(("demo", "Demo", panel),))


def _print_feed(world: DemoWorld, cursor: int, out: Callable[[str], None]) -> int:
    lines, cursor = world.feed_since(cursor)
    for line in lines:
        out(line.render())
    return cursor


def _gather(stack: DemoStack):
    requests = stack.thread.call(lambda: list(stack.thread.double.requests))
    return gather(stack.community, stack.world.posted, requests)


class _terminated_cleanly:
    """SIGTERM unwinds like Ctrl-C does, so the stack's clean-up runs (temp dir, port, bot process)."""

    def __enter__(self) -> None:
        self._previous = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc_info: object) -> None:
        signal.signal(signal.SIGTERM, self._previous)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
