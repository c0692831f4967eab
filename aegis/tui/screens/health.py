from textual.app import ComposeResult
from textual.widgets import Static

from aegis import clock
from aegis.domain.records import BotHeartbeat
from aegis.tui import format as fmt
from aegis.tui.data import ALIVE_WITHIN_S, Health, Probe, alive
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

CHECK_COLUMNS = (("check", "check"), ("state", "state"), ("detail", "detail"))
BOT_COLUMNS = (
    ("instance", "instance"),
    ("state", "state"),
    ("host:pid", "host"),
    ("shards", "shards"),
    ("latency", "latency"),
    ("last beat", "beat"),
    ("up since (UTC)", "started"),
    ("version", "version"),
)


def check_row(name: str, probe: Probe | None) -> tuple[str, list[str]]:
    if probe is None:
        return name, [name, "not configured", "in-process cache and rate limiter (no AEGIS_REDIS_URL)"]
    timing = f" in {probe.took_ms:.1f} ms" if probe.took_ms is not None else ""
    return name, [name, "ok" if probe.ok else "DOWN" if name != "migrations" else "ATTENTION", probe.detail + timing]


def state(bot: BotHeartbeat) -> str:
    """alive; stopped (cleanly, at a time); SILENT: it neither beats nor said it stopped, so it may have died."""
    if bot.stopped_at is not None:
        return f"stopped {fmt.moment(bot.stopped_at, clock.now())}"
    return "alive" if alive(bot) else "SILENT"


def bot_row(bot: BotHeartbeat) -> tuple[str, list[str]]:
    ago = (clock.now() - bot.heartbeat_at).total_seconds()
    shards = ",".join(map(str, bot.shard_ids)) + (f" of {bot.shard_count}" if bot.shard_count else "") or "-"
    latency = f"{bot.latency_ms:.0f} ms" if bot.latency_ms is not None else ""
    cells = [
        bot.instance_id,
        state(bot),
        f"{bot.hostname}:{bot.pid}",
        shards,
        latency,
        f"{ago:.0f}s ago",
        fmt.when(bot.started_at),
        bot.version,
    ]
    return bot.instance_id, cells


def invalid_requests_line(bots: list[BotHeartbeat]) -> str:
    """Discord bans an IP at 10,000 answers of 401/403/429 in 10 minutes; each bot counts its own."""
    parts = []
    for bot in bots:
        counted = bot.invalid_requests
        state = (
            "PAUSED: raid resolve, purge and expiry retries wait"
            if counted.paused
            else f"pauses at {counted.pause_at:,}"
        )
        parts.append(f"{bot.instance_id} {counted.count:,} ({state})")
    return "Invalid requests (401/403/429) in the last 10 min: " + " · ".join(parts) + "; Discord bans at 10,000"


class HealthPane(LivePane):
    interval = 5.0

    def compose(self) -> ComposeResult:
        yield LiveTable(*CHECK_COLUMNS, id="checks-table")
        yield Static(f"Bot processes (alive: a heartbeat within {ALIVE_WITHIN_S} s)", classes="section-title")
        yield LiveTable(*BOT_COLUMNS, id="bots-table")
        invalid = Static(id="invalid-requests")
        invalid.display = False  # until a bot reports its count
        yield invalid
        yield SourceStatus("health")

    def fetch(self) -> Health:
        return self.sources.health()

    def show(self, health: Health) -> None:
        checks = [
            check_row("database", health.database),
            check_row("redis", health.redis),
            check_row("migrations", health.migrations),
        ]
        self.query_one("#checks-table", LiveTable).show(checks)
        self.query_one("#bots-table", LiveTable).show([bot_row(b) for b in health.bots])
        counted = [b for b in health.bots if b.invalid_requests is not None]
        line = self.query_one("#invalid-requests", Static)
        line.display = bool(counted)
        line.update(invalid_requests_line(counted) if counted else "")
