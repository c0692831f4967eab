from textual.app import ComposeResult
from textual.widgets import Static

from aegis.domain.members import Names
from aegis.domain.records import AutomodEvent
from aegis.services.console import queries
from aegis.services.console.queries import AutomodView
from aegis.tui import format as fmt
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

EVENT_COLUMNS = (
    ("when (UTC)", "when"),
    ("rule", "rule"),
    ("matched", "matched"),
    ("action taken", "action"),
    ("member", "member"),
    ("guild", "guild"),
    ("reason", "reason"),
)
DRY_RUN_COLUMNS = (("guild", "guild"), ("rules in dry run", "rules"))


def event_row(event: AutomodEvent, names: Names) -> tuple[str, list[str]]:
    if event.dry_run:
        action = f"dry run: {event.verdict}"  # what it would have done
    else:
        action = (
            event.action_taken if event.action_taken == event.verdict else f"{event.verdict} → {event.action_taken}"
        )
    cells = [
        fmt.when(event.created_at),
        event.rule,
        fmt.clip(event.matched, 30),
        action,
        fmt.named(names.user(event.user_id), event.user_id),
        fmt.named(names.guild(event.guild_id), event.guild_id),
        " ".join(event.reason.split()),
    ]
    return str(event.id), cells


class AutomodPane(LivePane):
    def compose(self) -> ComposeResult:
        yield Static("Recent detections", classes="section-title")
        yield LiveTable(*EVENT_COLUMNS, flex="reason", wrap=("member", "guild"), id="events-table")
        yield Static("Dry run (from guild settings)", classes="section-title")
        yield LiveTable(*DRY_RUN_COLUMNS, id="dry-run-table")
        yield SourceStatus("database")

    def fetch(self) -> AutomodView:
        return self.sources.run(queries.automod)

    def show(self, view: AutomodView) -> None:
        self.query_one("#events-table", LiveTable).show([event_row(e, view.names) for e in view.events])
        rows = [
            (
                str(d.guild_id),
                [fmt.named(d.guild_name, d.guild_id), "all rules" if d.rules == ("*",) else ", ".join(d.rules)],
            )
            for d in view.dry_runs
        ]
        self.query_one("#dry-run-table", LiveTable).show(rows)

    def status_note(self) -> str:
        return f"{self.query_one('#events-table', LiveTable).row_count} recent detections"
