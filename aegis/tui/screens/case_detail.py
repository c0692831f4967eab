from dataclasses import dataclass

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from aegis import clock
from aegis.domain.audit import AuditEntry
from aegis.domain.cases import Case
from aegis.storage import console
from aegis.storage.moderation import cases as case_store
from aegis.tui import format as fmt
from aegis.tui.data import Sources
from aegis.tui.screens.cases import ask_pardon
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

TRAIL_COLUMNS = (("when (UTC)", "when"), ("actor", "actor"), ("action", "action"), ("reason", "reason"))


@dataclass(frozen=True)
class CaseView:
    case: Case
    trail: list[AuditEntry]


def details(case: Case) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    status = console.status_of(case, clock.now()).value
    rows = [
        ("case", f"#{case.number} in guild {case.guild_id} ({case.type.value}, {status})"),
        ("member", f"{case.target_kind.value} {case.target_id}"),
        ("by", fmt.actor(case.actor_kind, case.moderator_id)),
        ("created", fmt.when(case.created_at)),
        ("expires", fmt.when(case.expires_at) or "never"),
        ("reason", case.reason or ""),
        ("discord", case.discord_state.value + (f": {case.discord_error}" if case.discord_error else "")),
    ]
    if case.ended_at:
        rows.append(("ended", fmt.when(case.ended_at)))
    if case.pardoned:
        rows.append(
            (
                "pardoned",
                f"{fmt.when(case.pardoned_at)} by {fmt.ident(case.pardoned_by) or 'operator'}: "
                f"{case.pardon_reason or ''}",
            )
        )
    if case.reason_edited_at:
        rows.append(("edited", f"{fmt.when(case.reason_edited_at)} by {fmt.ident(case.reason_edited_by)}"))
    for label, value in rows:
        grid.add_row(label, value)
    return grid


class CaseTrail(LivePane):
    def __init__(self, sources: Sources, case: Case, **kwargs):
        super().__init__(sources, **kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(details(self.case), id="case-details")
        yield Static("Audit trail", classes="section-title")
        yield LiveTable(*TRAIL_COLUMNS, id="trail-table")
        yield SourceStatus("database")

    def fetch(self) -> CaseView:
        case_id = self.case.id
        return self.sources.run(
            lambda: CaseView(case_store.get_by_id(case_id) or self.case, console.case_trail(case_id))
        )

    def show(self, view: CaseView) -> None:
        self.case = view.case
        self.query_one("#case-details", Static).update(details(view.case))
        self.query_one(LiveTable).show(
            [
                (str(e.id), [fmt.when(e.created_at), fmt.actor(e.actor_kind, e.actor_id), e.action, fmt.clip(e.reason)])
                for e in view.trail
            ]
        )


class CaseScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("p", "pardon", "Pardon")]

    def __init__(self, sources: Sources, case: Case):
        super().__init__()
        self.sources, self.case = sources, case

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield CaseTrail(self.sources, self.case, interval=self.app.poll_interval)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LiveTable).focus()

    def action_pardon(self) -> None:
        ask_pardon(self.app, self.query_one(CaseTrail).case)
