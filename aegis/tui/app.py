from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane, Tabs

from aegis.errors import AegisError
from aegis.tui.data import Sources
from aegis.tui.dialogs.help import HelpScreen
from aegis.tui.screens.audit import AuditPane
from aegis.tui.screens.automod import AutomodPane
from aegis.tui.screens.cases import CasesPane
from aegis.tui.screens.health import HealthPane
from aegis.tui.screens.ratelimits import RateLimitsView
from aegis.tui.screens.schedules import SchedulesPane
from aegis.tui.screens.statistics import StatisticsPane
from aegis.tui.widgets.live_pane import LivePane

PANES = (
    ("cases", "Cases", CasesPane),
    ("audit", "Audit", AuditPane),
    ("ratelimits", "Rate limits", RateLimitsView),
    ("schedules", "Schedules", SchedulesPane),
    ("automod", "Automod", AutomodPane),
    ("health", "Health", HealthPane),
    ("statistics", "Statistics", StatisticsPane),
)


@dataclass
class ActionDone(Message):
    label: str
    ok: bool
    error: str | None = None


class AegisConsole(App):
    CSS_PATH = "aegis.tcss"
    TITLE = "Aegis console"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Theme"),
        *(Binding(str(n), f"show_tab('{tab}')", label, show=False) for n, (tab, label, _) in enumerate(PANES, 1)),
    ]

    def __init__(self, sources: Sources, *, initial: str = "cases", poll_interval: float | None = None, extra_panes=()):
        super().__init__()
        self.sources = sources
        self.panes = (*PANES, *extra_panes)  # extra: (tab, label, pane factory), e.g. `aegis demo`'s panel
        for n, (tab, _, _) in enumerate(extra_panes, len(PANES) + 1):
            self.bind(str(n), f"show_tab('{tab}')", show=False)
        self.initial = initial
        self.poll_interval = poll_interval  # None: each screen's own pace
        self.sub_title = "UTC"

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self.initial):
            for n, (tab, label, pane) in enumerate(self.panes, 1):
                with TabPane(f"{n} {label}", id=tab):
                    yield pane(self.sources, interval=self.poll_interval, id=f"{tab}-pane")
        yield Footer()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tables = [table for table in event.pane.query(DataTable) if table.display]
        # Focus must leave the pane that was hidden, or the tabs would follow it back there.
        (tables[0] if tables else event.tabbed_content.query_one(Tabs)).focus()

    def pane(self, tab: str) -> Widget:
        """A tab's content: its LivePane, or for Rate limits the view holding two (both have `loaded`)."""
        return self.query_one(f"#{tab}-pane")

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for n, (tab, label, _) in enumerate(PANES, 1):
            yield SystemCommand(
                f"Go to {label}", f"Show the {label} screen (key {n})", lambda tab=tab: self.action_show_tab(tab)
            )
        yield SystemCommand(
            "Raid mode on", "Switch a guild into raid mode (key o on Rate limits)", lambda: self._raid_switch("on")
        )
        yield SystemCommand(
            "Raid mode off",
            "Switch the selected guild out of raid mode (key f on Rate limits)",
            lambda: self._raid_switch("off"),
        )
        yield SystemCommand("Toggle light/dark", "Switch between the light and dark theme", self.action_toggle_theme)

    def _raid_switch(self, to: str) -> None:
        self.action_show_tab("ratelimits")
        view = self.query_one(RateLimitsView)
        view.action_raid_on() if to == "on" else view.action_raid_off()

    # --- operator actions: the one place their outcome becomes words on screen ---

    def run_operator_action(self, label: str, act: Callable[[], bool]) -> None:
        self._operator_action(label, act)

    @work(thread=True, group="operator")
    def _operator_action(self, label: str, act: Callable[[], bool]) -> None:
        try:
            ok = self.sources.run(act)
        except AegisError as exc:
            self.post_message(ActionDone(label, False, str(exc)))
        except Exception as exc:
            self.post_message(ActionDone(label, False, f"{type(exc).__name__}: {exc}"))
        else:
            self.post_message(ActionDone(label, ok, None if ok else "it changed meanwhile; nothing was done"))

    def on_action_done(self, message: ActionDone) -> None:
        if message.ok:
            self.notify(f"{message.label}: done (audit-logged as operator)")
        else:
            self.notify(f"{message.label} failed: {message.error}", severity="error", timeout=8)
        for pane in {*self.screen.query(LivePane), *self.query(LivePane)}:
            pane.poll()
