from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from aegis.tui.filters import AUDIT_KEYS, CASE_KEYS

HELP = f"""\
# Aegis console

| key | does |
|---|---|
| `1`–`6` | Cases · Audit · Rate limits · Schedules · Automod · Health |
| `/` | filter the current list (Enter applies, Esc goes back to the list) |
| `Enter` | open the selected case (Cases) |
| `p` | pardon the selected warning (Cases, case details) |
| `c` / `r` | cancel / change the due time of the selected expiry (Schedules) |
| `o` / `f` | raid mode on for a guild you pick / off for the selected guild (Rate limits) |
| `n` | load older rows |
| `Home` | show the new entries waiting above (Audit) |
| `Ctrl+P` | command palette |
| `Ctrl+T` | light / dark theme |
| `?` | this help |
| `q` | quit |

**Cases filter:** {CASE_KEYS}. Free text cannot use an index: it searches the newest rows only,
and the status line says how many.

**Audit filter:** {AUDIT_KEYS}.

Every operator action asks for confirmation and is written to the audit log as `operator`.
Times are UTC.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
