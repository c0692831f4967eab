"""`aegis demo`'s panel: the scenes as they play, the server's feed (people and the bot), and two lines to join
in — post as a member, run a slash command as a moderator. Only `aegis demo` adds it to the console."""

from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, RichLog, Select, Static

from aegis.tui.data import Sources
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.source_status import SourceStatus

MARKS = {"done": "✓", "now": "▶", "next": "·"}
SPEAKER_STYLES = {"Aegis": "bold magenta", "demo": "bold"}  # the bot's doings and the narration stand out
INTRO = (
    "A local Discord (the double) with a seeded server, the real Aegis bot and a throw-away database. "
    "The scenes below play by themselves; join in on the two lines at the bottom."
)


class DemoControl(Protocol):
    """What the panel drives; `aegis.demo` provides it (the console never touches the double itself)."""

    def people(self) -> list[str]: ...

    def moderators(self) -> list[str]: ...

    def post_as(self, member: str, text: str) -> str | None: ...  # None: posted; else why not

    def run_as(self, moderator: str, command: str) -> str | None: ...  # None: sent to the bot; else why not

    def feed_since(self, cursor: int) -> tuple[list[str], int]: ...

    def scenes(self) -> list[tuple[str, str, str]]: ...  # (done | now | next, title, what it shows)


@dataclass(frozen=True)
class DemoView:
    scenes: list[tuple[str, str, str]]
    lines: list[str]
    cursor: int


def styled(line: str) -> Text:
    """`HH:MM:SS  who: what`, with the time dimmed and the bot or the narrator in their style."""
    text = Text(line)
    text.stylize("dim", 0, 8)
    who = line[10:].split(":", 1)[0]
    text.stylize(SPEAKER_STYLES.get(who, "bold cyan"), 10, 10 + len(who))
    if who == "demo":
        text.stylize("italic", 10)
    return text


def scenes_text(scenes: list[tuple[str, str, str]]) -> str:
    """All scenes on a line with their state, then what the one playing (or the next) shows."""
    marked = "   ".join(f"{MARKS[state]} {n} {title}" for n, (state, title, _) in enumerate(scenes, 1))
    playing = next((("Now", shows) for state, _, shows in scenes if state == "now"), None)
    coming = next((("Next", shows) for state, _, shows in scenes if state == "next"), None)
    label, shows = playing or coming or ("Done", "every scene has played; carry on as you like")
    return f"Scenes: {marked}\n{label}: {shows}"


class DemoPane(LivePane):
    source_name = "demo"
    interval = 0.5
    DEFAULT_CSS = """
    DemoPane #demo-intro { padding: 0 1; color: $text-muted; }
    DemoPane #demo-scenes { padding: 0 1; height: auto; }
    DemoPane #demo-feed { height: 1fr; border: round $panel; }
    DemoPane Horizontal { height: 3; }
    DemoPane Select { width: 22; }
    DemoPane Input { width: 1fr; }
    """

    def __init__(self, control: DemoControl, sources: Sources, interval: float | None = None, **kwargs):
        super().__init__(sources, interval=interval, **kwargs)
        self.control = control
        self.cursor = 0
        self.lines: list[str] = []  # the feed as shown

    def compose(self) -> ComposeResult:
        people, moderators = self.control.people(), self.control.moderators()
        yield Static(INTRO, id="demo-intro")
        yield Static("", id="demo-scenes")
        yield RichLog(id="demo-feed", wrap=True, markup=False, highlight=False)
        with Horizontal():
            yield Select([(p, p) for p in people], value=people[0], allow_blank=False, id="post-as")
            yield Input(placeholder="say something in #general as this member, Enter to post", id="post-text")
        with Horizontal():
            yield Select([(m, m) for m in moderators], value=moderators[0], allow_blank=False, id="command-as")
            yield Input(placeholder="/warn member:eve reason:… — Enter to run it as this moderator", id="command-text")
        yield SourceStatus("demo")

    def fetch(self) -> DemoView:
        lines, cursor = self.control.feed_since(self.cursor)
        return DemoView(self.control.scenes(), lines, cursor)

    def show(self, view: DemoView) -> None:
        self.query_one("#demo-scenes", Static).update(scenes_text(view.scenes))
        feed = self.query_one("#demo-feed", RichLog)
        for line in view.lines:
            feed.write(styled(line), expand=True)  # else long lines wrap at the console default of 80
        self.lines.extend(view.lines)
        self.cursor = view.cursor

    def status_note(self) -> str:
        return f"{len(self.lines)} line{'s' if len(self.lines) != 1 else ''} in the feed"

    @on(Input.Submitted, "#post-text")
    def _post(self, event: Input.Submitted) -> None:
        self._send(self.control.post_as, self.query_one("#post-as", Select).value, event.input)

    @on(Input.Submitted, "#command-text")
    def _command(self, event: Input.Submitted) -> None:
        self._send(self.control.run_as, self.query_one("#command-as", Select).value, event.input)

    def _send(self, act, who: str, field: Input) -> None:
        text = field.value
        if text.strip():
            field.value = ""
            self._act_in_thread(act, who, text)

    @work(thread=True, group="demo-act")
    def _act_in_thread(self, act, who: str, text: str) -> None:
        problem = act(who, text)
        if problem:
            self.app.call_from_thread(self.app.notify, problem, severity="warning", timeout=6)
        self.app.call_from_thread(self.poll)
