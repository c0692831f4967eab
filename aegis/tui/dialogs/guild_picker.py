from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from aegis.services.console import raid_mode
from aegis.services.console.raid_mode import GuildChoice
from aegis.tui import format as fmt
from aegis.tui.data import Sources, _first_line

SHOWN = 50


@dataclass
class Choices(Message):
    text: str
    choices: list[GuildChoice] | None
    error: str | None = None


def option_text(choice: GuildChoice) -> str:
    name = fmt.clip(choice.name, 30) if choice.name else "(name not known yet)"
    state = f"in raid mode since {fmt.when(choice.active.started_at)}" if choice.active else choice.plan.action.value
    return f"{choice.guild_id}  {name}  ·  {state}"


class GuildPickerScreen(ModalScreen[GuildChoice | None]):
    """Which guild to switch into raid mode: the guilds the bot is in, narrowed by name or id as you type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("down", "to_list", "List", show=False)]

    def __init__(self, sources: Sources):
        super().__init__()
        self.sources = sources
        self.choices: list[GuildChoice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Raid mode on: which guild?", id="dialog-title")
            yield Input(placeholder="guild name or id", id="dialog-input")
            yield OptionList(id="guild-options")
            yield Static("", id="dialog-error")
            yield Static("Enter picks · ↓ to the list · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self._load("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._load(event.value)

    @work(thread=True, exclusive=True, group="guild-choices")
    def _load(self, text: str) -> None:
        try:
            found = self.sources.run(lambda: raid_mode.guild_choices(text, limit=SHOWN))
        except Exception as exc:
            self.post_message(Choices(text, None, _first_line(exc)))
        else:
            self.post_message(Choices(text, found))

    def on_choices(self, message: Choices) -> None:
        if message.text != self.query_one(Input).value:
            return  # typed on since; a newer load is coming
        error = self.query_one("#dialog-error", Static)
        if message.choices is None:
            error.update(f"cannot read the guilds: {message.error}")
            return
        self.choices = message.choices
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(option_text(c), id=str(c.guild_id)) for c in self.choices])
        if not self.choices:
            error.update(
                "no guild matches"
                if message.text.strip()
                else "no guilds known yet: the bot records each guild as it meets it"
            )
            return
        options.highlighted = 0
        error.update(f"the first {SHOWN} shown: type to narrow" if len(self.choices) == SHOWN else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is None or index >= len(self.choices):
            return
        choice = self.choices[index]
        if choice.active is not None:
            self.query_one("#dialog-error", Static).update(
                f"guild {choice.guild_id} is in raid mode already (since {fmt.when(choice.active.started_at)} UTC)"
            )
            return
        self.dismiss(choice)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
