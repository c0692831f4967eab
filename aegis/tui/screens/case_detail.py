from dataclasses import dataclass

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from aegis import clock
from aegis.domain.members import Names
from aegis.domain.moderation.audit import AuditEntry
from aegis.domain.moderation.cases import Case, UnreadableCase
from aegis.domain.wording import plural
from aegis.services.console import queries
from aegis.services.console.queries import AnyCase
from aegis.tui import format as fmt
from aegis.tui.data import Sources
from aegis.tui.screens.cases import ask_pardon
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

TRAIL_COLUMNS = (("when (UTC)", "when"), ("actor", "actor"), ("action", "action"), ("reason", "reason"))


@dataclass(frozen=True)
class CaseView:
    case: AnyCase
    trail: list[AuditEntry]


def details(case: AnyCase, names: Names) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows = unreadable_rows(case, names) if isinstance(case, UnreadableCase) else case_rows(case, names)
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def case_rows(case: Case, names: Names) -> list[tuple[str, str]]:
    status = queries.status_of(case, clock.now()).value
    guild = fmt.named(names.guild(case.guild_id), case.guild_id, 40)
    rows = [
        ("case", f"#{case.number} in guild {guild} ({case.type.value}, {status})"),
        ("member", f"{case.target_kind.value} {fmt.named(names.user(case.target_id), case.target_id, 40)}"),
        ("by", fmt.actor(case.actor_kind, case.moderator_id, names.user(case.moderator_id))),
        ("created", fmt.when(case.created_at)),
        ("expires", fmt.when(case.expires_at) or "never"),
        ("reason", case.reason or ""),
        ("discord", case.discord_state.value + (f": {case.discord_error}" if case.discord_error else "")),
    ]
    if case.ended_at:
        rows.append(("ended", fmt.when(case.ended_at)))
    if case.pardoned:
        by = fmt.named(names.user(case.pardoned_by), case.pardoned_by) or "operator"
        rows.append(("pardoned", f"{fmt.when(case.pardoned_at)} by {by}: {case.pardon_reason or ''}"))
    if case.reason_edited_at:
        edited_by = fmt.named(names.user(case.reason_edited_by), case.reason_edited_by)
        rows.append(("edited", f"{fmt.when(case.reason_edited_at)} by {edited_by}"))
    return rows + automod_rows(case.metadata)


def automod_rows(metadata: dict) -> list[tuple[str, str]]:
    """Automod's explanation, kept in the case: the rule, what matched, the counts that tripped it, the burst."""
    if "rule" not in metadata:
        return []
    counts = ", ".join(f"{name} {value}" for name, value in (metadata.get("counts") or {}).items())
    rows = [("automod rule", str(metadata["rule"])), ("matched", str(metadata.get("matched") or "(nothing quoted)"))]
    if counts:
        rows.append(("counts", counts))
    if metadata.get("reason"):
        rows.append(("explanation", str(metadata["reason"])))
    burst = len(metadata.get("message_ids") or [])
    if burst:
        rows.append(("burst", plural(burst, "message")))
    if "deleted" in metadata:
        rows.append(("deleted", plural(int(metadata["deleted"]), "message")))
    return rows


def unreadable_rows(case: UnreadableCase, names: Names) -> list[tuple[str, str]]:
    guild = fmt.named(names.guild(case.guild_id), case.guild_id, 40)
    return [
        ("case", f"#{case.number} in guild {guild} (type {case.type!r}, which this Aegis does not know)"),
        ("member", fmt.named(names.user(case.target_id), case.target_id, 40)),
        ("by", f"{case.actor_kind}:{fmt.ident(case.moderator_id)}" if case.moderator_id else case.actor_kind),
        ("created", fmt.when(case.created_at)),
        ("reason", case.reason or ""),
        ("metadata", "readable" if case.metadata_readable else "unreadable"),
        ("cannot read", case.error),
    ]


class CaseTrail(LivePane):
    def __init__(self, sources: Sources, case: AnyCase, names: Names, **kwargs):
        super().__init__(sources, **kwargs)
        self.case, self.names = case, names

    def compose(self) -> ComposeResult:
        yield Static(details(self.case, self.names), id="case-details")
        yield Static("Audit trail", classes="section-title")
        yield LiveTable(*TRAIL_COLUMNS, flex="reason", id="trail-table")
        yield SourceStatus("database")

    def fetch(self) -> CaseView:
        case_id = self.case.id
        return self.sources.run(lambda: CaseView(queries.case(case_id) or self.case, queries.case_trail(case_id)))

    def show(self, view: CaseView) -> None:
        self.case = view.case
        self.query_one("#case-details", Static).update(details(view.case, self.names))
        self.query_one(LiveTable).show(
            [
                (
                    str(e.id),
                    [
                        fmt.when(e.created_at),
                        fmt.actor(e.actor_kind, e.actor_id, self.names.user(e.actor_id)),
                        e.action,
                        " ".join((e.reason or "").split()),
                    ],
                )
                for e in view.trail
            ]
        )


class CaseScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("p", "pardon", "Pardon")]

    def __init__(self, sources: Sources, case: AnyCase, names: Names | None = None):
        super().__init__()
        self.sources, self.case, self.names = sources, case, names or Names()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield CaseTrail(self.sources, self.case, self.names, interval=self.app.poll_interval)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LiveTable).focus()

    def action_pardon(self) -> None:
        ask_pardon(self.app, self.query_one(CaseTrail).case, self.names)
