"""Statistics: the last 30 days of messages, joins and leaves, cases and automod detections, charted — over
every guild, or one (`g` steps through the guilds that have counters)."""

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual_plotext import PlotextPlot

from aegis.services.stats.report import Report, guilds_counted, report_sync
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

DAYS = 30
SERIES = {
    "messages": "messages",
    "joins": "joins",
    "leaves": "leaves",
    "cases": "cases",
    "detections": "automod detections",
    "pardons": "pardons",
}
COLUMNS = (("series", "series"), (f"last {DAYS} days", "total"), ("busiest day", "peak"), ("today", "today"))


@dataclass(frozen=True)
class Statistics:
    report: Report
    guilds: list[tuple[int, str]]  # every guild with counters, for `g`


class StatisticsPane(LivePane):
    interval = 10.0
    BINDINGS = [Binding("g", "next_guild", "Guild")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guild: tuple[int, str] | None = None  # None: every guild added up
        self.guilds: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="statistics-scope", classes="section-title")
        yield PlotextPlot(id="activity-plot")
        yield PlotextPlot(id="moderation-plot")
        yield LiveTable(*COLUMNS, id="statistics-table")
        yield SourceStatus("statistics")

    def fetch(self) -> Statistics:
        guild_id = self.guild[0] if self.guild else None
        return self.sources.run(lambda: Statistics(report_sync(guild_id, DAYS), guilds_counted(DAYS)))

    def show(self, data: Statistics) -> None:
        self.guilds = data.guilds
        found = data.report
        scope = f"{self.guild[1] or 'guild'} ({self.guild[0]})" if self.guild else "every guild"
        self.query_one("#statistics-scope", Static).update(
            f"{scope} · last {DAYS} days to {found.days[-1].day:%d %b} (UTC) · g: next guild"
        )
        days = [d.day.strftime("%d/%m") for d in found.days]
        self._chart("#activity-plot", "members", days, found, ("messages", "joins", "leaves"))
        self._chart("#moderation-plot", "moderation", days, found, ("cases", "detections", "pardons"))
        rows = []
        for name, label in SERIES.items():
            values = found.series(name)
            peak = max(range(len(values)), key=values.__getitem__)
            busiest = f"{values[peak]:,} on {found.days[peak].day:%d %b}" if values[peak] else "-"
            rows.append((name, [label, f"{sum(values):,}", busiest, f"{values[-1]:,}"]))
        self.query_one("#statistics-table", LiveTable).show(rows)

    def _chart(self, selector: str, title: str, days: list[str], found: Report, names: tuple[str, ...]) -> None:
        widget = self.query_one(selector, PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        x = list(range(len(days)))
        for name in names:
            plt.plot(x, found.series(name), label=name, marker="braille")
        step = max(1, len(days) // 6)
        plt.xticks(x[::step], days[::step])
        widget.refresh()

    def action_next_guild(self) -> None:
        """Every guild → the first guild → … → the last → every guild again."""
        if not self.guilds:
            self.guild = None
        elif self.guild not in self.guilds:
            self.guild = self.guilds[0]
        else:
            at = self.guilds.index(self.guild)
            self.guild = self.guilds[at + 1] if at + 1 < len(self.guilds) else None
        self.reload()
