"""The director plays each step at its time on the project clock, not before; a stop ends it."""

import time
from datetime import timedelta

from aegis.demo.director import Director
from aegis.demo.scenes import Scene, Step


class Recorder:
    def __init__(self):
        self.done: list[str] = []

    def post(self, author, text, channel="general"):
        self.done.append(text)

    def join(self, newcomer):
        self.done.append(newcomer)

    def command(self, moderator, text):
        self.done.append(text)

    def say(self, who, text):
        pass


def eventually(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def scene(key, *steps):
    return Scene(key, key.title(), "", tuple(Step(at, lambda stage, t=text: stage.post("x", t)) for at, text in steps))


def test_steps_wait_for_the_clock(frozen):

    stage = Recorder()
    director = Director(stage, (scene("one", (0, "a"), (10, "b")), scene("two", (30, "c")))).start()
    try:
        eventually(lambda: stage.done == ["a"])
        assert director.status()[0][0] == "now" and director.status()[1][0] == "next"
        time.sleep(0.3)  # the clock stands still: nothing more may happen
        assert stage.done == ["a"]
        frozen["at"] += timedelta(seconds=10)
        eventually(lambda: stage.done == ["a", "b"])
        frozen["at"] += timedelta(seconds=20)
        eventually(lambda: director.finished.is_set())
        assert stage.done == ["a", "b", "c"]
        assert [state for state, _, _ in director.status()] == ["done", "done"]
    finally:
        director.stop()


def test_a_stopped_director_plays_nothing_more(frozen):

    stage = Recorder()
    director = Director(stage, (scene("one", (0, "a"), (5, "b")),)).start()
    eventually(lambda: stage.done == ["a"])
    director.stop()
    frozen["at"] += timedelta(seconds=60)
    time.sleep(0.3)
    assert stage.done == ["a"] and not director.finished.is_set()
