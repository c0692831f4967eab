from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ConfirmScreen(ModalScreen[str | None]):
    """Asks before an operator action. Dismisses with the text typed (reason, time), or None if cancelled.

    `check` turns the text into an error message, or None when it is acceptable.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        body: str,
        *,
        prompt: str = "Reason",
        value: str = "",
        check: Callable[[str], str | None] | None = None,
    ):
        super().__init__()
        self.title_text, self.body, self.prompt, self.value = title, body, prompt, value
        self.check = check or (lambda text: None if text.strip() else f"{prompt} is required")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Static(self.body, id="dialog-body")
            yield Input(value=self.value, placeholder=self.prompt, id="dialog-input")
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Confirm", variant="error", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm":
            self._confirm()
        else:
            self.dismiss(None)

    def _confirm(self) -> None:
        text = self.query_one(Input).value.strip()
        error = self.check(text)
        if error:
            self.query_one("#dialog-error", Static).update(error)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
