from datetime import UTC, datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.domain.durations import parse_duration
from aegis.domain.members import Names
from aegis.domain.moderation.schedule import ScheduledAction, ScheduleState
from aegis.services.console import actions, queries
from aegis.services.console.queries import Schedules
from aegis.tui import format as fmt
from aegis.tui.dialogs.confirm import ConfirmScreen
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

PENDING_COLUMNS = (
    ("id", "id"),
    ("due in", "due_in"),
    ("due (UTC)", "due"),
    ("kind", "kind"),
    ("state", "state"),
    ("target", "target"),
    ("case", "case"),
    ("guild", "guild"),
    ("last error", "error"),
)
FAILED_COLUMNS = (
    ("id", "id"),
    ("due (UTC)", "due"),
    ("kind", "kind"),
    ("tries", "tries"),
    ("target", "target"),
    ("case", "case"),
    ("guild", "guild"),
    ("last error", "error"),
)


def parse_due(text: str, now: datetime) -> datetime:
    """`+30m`, `2h`, `1d` from now, or an absolute UTC time like `2025-06-01 18:00`."""
    text = text.strip()
    delay = parse_duration(text.removeprefix("+"))
    if isinstance(delay, timedelta):
        return now + delay
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("write a delay like 30m, 2h, 1d, or a UTC time like 2025-06-01 18:00") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def due_check(text: str) -> str | None:
    try:
        due = parse_due(text, clock.now())
    except ValueError as exc:
        return str(exc)
    return "that time has passed" if due <= clock.now() else None


def case_label(action: ScheduledAction, numbers: dict[int, int]) -> str:
    """The case number moderators know; the internal id only if the case is gone."""
    if action.case_id is None:
        return ""
    number = numbers.get(action.case_id)
    return f"#{number}" if number is not None else f"(case id {action.case_id})"


def pending_row(action: ScheduledAction, numbers: dict[int, int], names: Names) -> tuple[str, list[str]]:
    cells = [
        str(action.id),
        fmt.countdown((action.due_at - clock.now()).total_seconds()),
        fmt.when(action.due_at),
        action.kind.value,
        action.state.value,
        fmt.named(names.user(action.target_id), action.target_id),
        case_label(action, numbers),
        fmt.named(names.guild(action.guild_id), action.guild_id),
        " ".join((action.last_error or "").split()),
    ]
    return str(action.id), cells


def failed_row(action: ScheduledAction, numbers: dict[int, int], names: Names) -> tuple[str, list[str]]:
    cells = [
        str(action.id),
        fmt.when(action.due_at),
        action.kind.value,
        str(action.attempts),
        fmt.named(names.user(action.target_id), action.target_id),
        case_label(action, numbers),
        fmt.named(names.guild(action.guild_id), action.guild_id),
        " ".join((action.last_error or "").split()),
    ]
    return str(action.id), cells


class SchedulesPane(LivePane):
    BINDINGS = [Binding("c", "cancel", "Cancel expiry"), Binding("r", "reschedule", "Change due time")]

    def __init__(self, sources, **kwargs):
        super().__init__(sources, **kwargs)
        self.pending: list[ScheduledAction] = []
        self.names = Names()

    def compose(self) -> ComposeResult:
        yield Static("Pending expiries", classes="section-title")
        yield LiveTable(*PENDING_COLUMNS, flex="error", wrap=("target", "guild"), id="pending-table")
        yield Static("Failed", classes="section-title")
        yield LiveTable(*FAILED_COLUMNS, flex="error", wrap=("target", "guild"), id="failed-table")
        yield SourceStatus("database")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def fetch(self) -> Schedules:
        return self.sources.run(queries.schedules)

    def show(self, data: Schedules) -> None:
        self.pending, self.names = data.pending, data.names
        numbers, names = data.case_numbers, data.names
        self.query_one("#pending-table", LiveTable).show([pending_row(a, numbers, names) for a in data.pending])
        self.query_one("#failed-table", LiveTable).show([failed_row(a, numbers, names) for a in data.failed])

    def status_note(self) -> str:
        return f"{len(self.pending)} pending"

    def _tick(self) -> None:
        """The countdown moves every second from what is on screen; the database is read on the poll."""
        table = self.query_one("#pending-table", LiveTable)
        for action in self.pending:
            table.update_cell(str(action.id), "due_in", fmt.countdown((action.due_at - clock.now()).total_seconds()))

    def selected(self) -> ScheduledAction | None:
        key = self.query_one("#pending-table", LiveTable).selected_key
        return next((a for a in self.pending if str(a.id) == key), None)

    def action_cancel(self) -> None:
        action = self._selected_pending()
        if action is None:
            return

        def done(reason: str | None) -> None:
            if reason:
                self.app.run_operator_action(
                    f"cancel {action.kind.value} #{action.id}",
                    lambda: actions.cancel_schedule(action.id, OPERATOR, reason),
                )

        body = (
            f"Cancel the {action.kind.value} of {self._member(action)} in guild "
            f"{fmt.named(self.names.guild(action.guild_id), action.guild_id)}, "
            f"due {fmt.when(action.due_at)} UTC? It will not run."
        )
        self.app.push_screen(ConfirmScreen("Cancel expiry", body), done)

    def action_reschedule(self) -> None:
        action = self._selected_pending()
        if action is None:
            return

        def done(text: str | None) -> None:
            if text:
                due = parse_due(text, clock.now())
                self.app.run_operator_action(
                    f"move {action.kind.value} #{action.id} to {fmt.when(due)} UTC",
                    lambda: actions.reschedule(action.id, due, OPERATOR),
                )

        body = (
            f"New due time for the {action.kind.value} of {self._member(action)} (now {fmt.when(action.due_at)} UTC)."
        )
        self.app.push_screen(
            ConfirmScreen("Change due time", body, prompt="30m, 2h, 1d or 2025-06-01 18:00", check=due_check), done
        )

    def _member(self, action: ScheduledAction) -> str:
        return fmt.named(self.names.user(action.target_id), action.target_id)

    def _selected_pending(self) -> ScheduledAction | None:
        action = self.selected()
        if action is None:
            self.app.notify("no pending expiry selected", severity="warning")
        elif action.state is not ScheduleState.PENDING:
            self.app.notify(f"#{action.id} is {action.state.value}; only pending ones can change", severity="warning")
            return None
        return action
