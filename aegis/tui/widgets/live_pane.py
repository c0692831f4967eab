from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual import work
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from aegis.tui.data import Sources, _first_line
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

T = TypeVar("T")


@dataclass
class Fetched(Message, Generic[T]):
    """A poll's result, posted from the worker thread to the pane that asked."""

    data: T
    generation: int


@dataclass
class Painted(Message):
    """The data of `generation` is on screen: shown, measured and laid out (what a screenshot may be taken of)."""

    generation: int


@dataclass
class FetchFailed(Message):
    error: str
    generation: int


class LivePane(Vertical):
    """A pane that polls its source in a thread worker; the next poll is armed only when this one ends,
    so polls never overlap however slow the source is. A result for an older query is dropped."""

    source_name = "database"
    interval = 2.0

    def __init__(self, sources: Sources, interval: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sources = sources
        if interval is not None:
            self.interval = interval
        self.generation = 0
        self.loaded = False  # true once the first result is on screen
        self.shown_generation = 0  # the generation whose data is given to the widgets
        self.painted_generation = 0  # the generation whose data the screen shows, laid out
        self._timer: Timer | None = None

    @property
    def status(self) -> SourceStatus:
        return self.query_one(SourceStatus)

    @property
    def polls(self) -> bool:
        return True

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO: subclasses add their own without calling this.
        if self.polls:
            self.reload()
        else:
            self.loaded = True
            self.call_after_refresh(self._check_painted, self.generation)

    def reload(self) -> None:
        """Poll now, dropping whatever an older poll would have shown."""
        self.generation += 1
        self.poll()

    def poll(self) -> None:
        if not self.polls:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._fetch_in_thread(self.generation)

    @work(thread=True, exclusive=True, group="poll")
    def _fetch_in_thread(self, generation: int) -> None:
        try:
            data = self.fetch()
        except Exception as exc:
            self.post_message(FetchFailed(_first_line(exc), generation))
        else:
            self.post_message(Fetched(data, generation))

    def fetch(self) -> Any:
        """Runs in a worker thread: read the source and return what `show` needs."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    def status_note(self) -> str:
        return ""

    def on_fetched(self, message: Fetched) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self.show(message.data)
        self.loaded, self.shown_generation = True, message.generation
        self.report()
        self.call_after_refresh(self._check_painted, message.generation)

    def on_resize(self) -> None:
        if self.loaded and self.painted_generation != self.generation:
            self.call_after_refresh(self._check_painted, self.generation)

    @property
    def painted(self) -> bool:
        return self.loaded and self.painted_generation == self.generation

    def _check_painted(self, generation: int) -> None:
        """After a refresh: once every table has measured its rows and fitted its width, the picture is final."""
        if generation != self.generation or not self.size.width:
            return  # a newer poll checks for itself; a hidden pane is checked when it is shown (on_resize)
        if not all(table.settled for table in self.query(LiveTable) if table.display):
            self.call_after_refresh(self._check_painted, generation)
            return
        self.painted_generation = generation
        self.post_message(Painted(generation))

    def report(self) -> None:
        """The status line once new data is on screen."""
        self.status.ok(self.status_note())

    def on_fetch_failed(self, message: FetchFailed) -> None:
        message.stop()
        if message.generation == self.generation:
            self.status.down(message.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "poll" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(self.interval, self.poll)
