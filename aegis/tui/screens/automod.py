from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Static

from aegis.domain.records import AutomodEvent
from aegis.storage import console
from aegis.storage.console import DryRun
from aegis.tui import format as fmt
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

EVENT_COLUMNS = (
    ("when (UTC)", "when"),
    ("rule", "rule"),
    ("matched", "matched"),
    ("verdict", "verdict"),
    ("action taken", "action"),
    ("member", "member"),
    ("guild", "guild"),
    ("reason", "reason"),
)
DRY_RUN_COLUMNS = (("guild", "guild"), ("name", "name"), ("rules in dry run", "rules"))


@dataclass(frozen=True)
class AutomodView:
    events: list[AutomodEvent]
    dry_runs: list[DryRun]


def event_row(event: AutomodEvent) -> tuple[str, list[str]]:
    action = event.action_taken + (" (dry run)" if event.dry_run else "")
    cells = [
        fmt.when(event.created_at),
        event.rule,
        fmt.clip(event.matched, 30),
        event.verdict,
        action,
        fmt.ident(event.user_id),
        str(event.guild_id),
        fmt.clip(event.reason, 50),
    ]
    return str(event.id), cells


class AutomodPane(LivePane):
    def compose(self) -> ComposeResult:
        yield Static("Recent detections", classes="section-title")
        yield LiveTable(*EVENT_COLUMNS, id="events-table")
        yield Static("Dry run (from guild settings)", classes="section-title")
        yield LiveTable(*DRY_RUN_COLUMNS, id="dry-run-table")
        yield SourceStatus("database")

    def fetch(self) -> AutomodView:
        return self.sources.run(lambda: AutomodView(console.automod_events(), console.dry_runs()))

    def show(self, view: AutomodView) -> None:
        self.query_one("#events-table", LiveTable).show([event_row(e) for e in view.events])
        rows = [
            (str(d.guild_id), [str(d.guild_id), d.guild_name, "all rules" if d.rules == ("*",) else ", ".join(d.rules)])
            for d in view.dry_runs
        ]
        self.query_one("#dry-run-table", LiveTable).show(rows)

    def status_note(self) -> str:
        return f"{self.query_one('#events-table', LiveTable).row_count} recent detections"
