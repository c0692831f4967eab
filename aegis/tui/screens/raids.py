"""Raid mode on the Rate limits screen: which guilds are in it, whether the bot has taken each switch up,
and the operator's switch (on for a guild, off for a raid), each confirmed and audit-logged as the operator."""

from datetime import timedelta

from textual.app import ComposeResult
from textual.widgets import Static

from aegis import clock
from aegis.domain.actors import OPERATOR
from aegis.domain.durations import describe
from aegis.domain.raids import Raid, RaidAction
from aegis.services.console import raid_mode
from aegis.services.console.raid_mode import GuildChoice, GuildRaid, RaidMode, RaidPlan
from aegis.tui import format as fmt
from aegis.tui.dialogs.confirm import ConfirmScreen
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus, hms

COLUMNS = (
    ("guild", "guild"),
    ("state", "state"),
    ("bot", "bot"),
    ("since", "since"),
    ("trigger", "trigger"),
    ("action", "action"),
    ("cohort", "cohort"),
    ("last join", "last_join"),
)


def guild_label(guild_id: int, name: str) -> str:
    return f"{fmt.clip(name, 24)} ({guild_id})" if name else str(guild_id)


def bot_state(raid: Raid, bots_alive: int) -> str:
    """Whether a bot has carried out the raid's latest change (its start, or once ended, its end)."""
    seen = raid.start_seen_at if raid.active else raid.end_seen_at
    if seen is not None:
        return f"bot took it up at {hms(seen)}"
    return "waiting for the bot…" if bots_alive else "waiting for the bot… (none is running)"


def raid_row(item: GuildRaid, bots_alive: int) -> tuple[str, list[str]]:
    raid, now = item.raid, clock.now()
    state = "ON" if raid.active else f"ended {fmt.moment(raid.ended_at, now)}"
    cells = [
        guild_label(raid.guild_id, item.guild_name),
        state,
        bot_state(raid, bots_alive),
        fmt.moment(raid.started_at, now),
        raid.trigger.value,
        raid.action.value,
        str(raid.joins),
        fmt.moment(raid.last_join_at, now) or "none yet",
    ]
    return str(raid.id), cells


def plan_text(plan: RaidPlan) -> str:
    """What the bot will do to each member who joins, in the operator's words."""
    held = f"given the hold role {plan.hold_role_id}" if plan.hold_role_id else "held (no hold role is set)"
    does = {
        RaidAction.ALERT: "recorded in the cohort and the moderators alerted; nothing is done to them",
        RaidAction.TIMEOUT: f"timed out for {describe(timedelta(seconds=plan.timeout_seconds))}",
        RaidAction.KICK: "kicked",
        RaidAction.HOLD: held,
    }[plan.action]
    text = f"Each member who joins while it is on is {does} (automod join_rate.raid_action: {plan.action.value})."
    if plan.problems:
        text += "\nThe guild's settings have problems: " + "; ".join(plan.problems)
    return text


class RaidsPane(LivePane):
    def __init__(self, sources, **kwargs):
        super().__init__(sources, **kwargs)
        self.mode = RaidMode([], 0)

    def compose(self) -> ComposeResult:
        yield Static("Raid mode: guilds in it, and the latest ended", classes="section-title")
        yield LiveTable(*COLUMNS, id="raids-table")
        yield SourceStatus("database")

    def fetch(self) -> RaidMode:
        return self.sources.raid_mode()

    def show(self, mode: RaidMode) -> None:
        self.mode = mode
        self.query_one(LiveTable).show([raid_row(item, mode.bots_alive) for item in mode.raids])

    def status_note(self) -> str:
        on = sum(item.raid.active for item in self.mode.raids)
        return f"{on} guild{'s' if on != 1 else ''} in raid mode"

    def selected(self) -> GuildRaid | None:
        key = self.query_one(LiveTable).selected_key
        return next((item for item in self.mode.raids if str(item.raid.id) == key), None)

    def ask_raid_on(self) -> None:
        from aegis.tui.dialogs.guild_picker import GuildPickerScreen

        def picked(choice: GuildChoice | None) -> None:
            if choice is not None:
                self._confirm_on(choice)

        self.app.push_screen(GuildPickerScreen(self.sources), picked)

    def _confirm_on(self, choice: GuildChoice) -> None:
        label = guild_label(choice.guild_id, choice.name)
        action = choice.plan.action

        def done(reason: str | None) -> None:
            if reason:
                self.app.run_operator_action(
                    f"raid mode on in {label}",
                    lambda: raid_mode.switch_on(choice.guild_id, action, OPERATOR, reason),
                )

        body = f"Switch raid mode on in {label}?\n{plan_text(choice.plan)}\nThe running bot carries it out."
        self.app.push_screen(ConfirmScreen("Raid mode on", body), done)

    def ask_raid_off(self) -> None:
        item = self.selected()
        if item is None:
            self.app.notify("no guild is in raid mode", severity="warning")
            return
        raid, label = item.raid, guild_label(item.raid.guild_id, item.guild_name)
        if not raid.active:
            self.app.notify(
                f"raid mode in {label} ended at {fmt.when(raid.ended_at)}; pick a guild that is ON", severity="warning"
            )
            return

        def done(reason: str | None) -> None:
            if reason:
                self.app.run_operator_action(
                    f"raid mode off in {label}", lambda: raid_mode.switch_off(raid.id, OPERATOR, reason)
                )

        body = (
            f"Switch raid mode off in {label}? On since {fmt.when(raid.started_at)} UTC ({raid.trigger.value}), "
            f"{raid.joins} in its cohort, which stays recorded. Raid mode stops acting on members who join."
        )
        self.app.push_screen(ConfirmScreen("Raid mode off", body), done)
