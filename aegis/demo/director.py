"""Plays the scenes on a thread, each step at its time after the start, read from the project clock."""

import logging
import threading
from datetime import datetime

from aegis import clock
from aegis.demo.scenes import Scene, Stage

log = logging.getLogger("aegis.demo")
NARRATOR = "demo"
TICK_S = 0.2  # how often a wait looks at the clock (and at a stop request)


class Director:
    def __init__(self, stage: Stage, scenes: tuple[Scene, ...]) -> None:
        self.stage, self.scenes = stage, scenes
        self.started_at: datetime | None = None
        self.playing: int | None = None  # index of the scene whose steps are under way
        self.finished = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._play, name="aegis-demo-director", daemon=True)

    def start(self) -> "Director":
        self.started_at = clock.now()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def elapsed(self) -> float:
        return 0.0 if self.started_at is None else (clock.now() - self.started_at).total_seconds()

    @property
    def played(self) -> int:
        """How many scenes have started."""
        return 0 if self.playing is None else self.playing + 1

    def status(self) -> list[tuple[str, str, str]]:
        """(state, title, what it shows) per scene; state is done, now or next."""
        return [(self._state(n), scene.title, scene.shows) for n, scene in enumerate(self.scenes)]

    def _state(self, index: int) -> str:
        if self.playing is None or index > self.playing:
            return "next"
        return "done" if index < self.playing or self.finished.is_set() else "now"

    def _play(self) -> None:
        for index, scene in enumerate(self.scenes):
            for number, step in enumerate(scene.steps):
                if not self._wait_until(step.at):
                    return
                if number == 0:
                    self.playing = index
                    self.stage.say(NARRATOR, f"scene {index + 1} of {len(self.scenes)}, {scene.title}: {scene.shows}")
                try:
                    problem = step.act(self.stage)
                except Exception as exc:  # one step that could not be played must not end the demo
                    log.exception("demo step failed scene=%s", scene.key)
                    problem = f"{type(exc).__name__}: {exc}"
                if problem:
                    self.stage.say(NARRATOR, f"could not play a step of {scene.title}: {problem}")
        self.finished.set()

    def _wait_until(self, offset: float) -> bool:
        while (left := offset - self.elapsed()) > 0:
            if self._stop.wait(min(left, TICK_S)):
                return False
        return not self._stop.is_set()
