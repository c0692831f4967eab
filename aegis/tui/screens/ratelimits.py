from textual.app import ComposeResult
from textual.widgets import Static

from aegis.ratelimit import BucketState
from aegis.tui.data import RAID_MODE_SOURCE
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

MIN_FILL = 0.5
COLUMNS = (("bucket", "bucket"), ("key (guild:user)", "key"), ("used", "used"), ("fill", "fill"),
           ("refused", "denied"), ("empty in", "reset"))
EMBEDDED = (
    "No Redis is configured (AEGIS_REDIS_URL), so rate limits are kept by the embedded limiter inside the bot "
    "process, which this console cannot see. The bot publishes no rate-limit state to the database yet. "
    "Set AEGIS_REDIS_URL for the bot and the console to see every bucket here."
)
NO_RAID_SOURCE = "no raid-mode data source: raid mode is not built yet, so no guild can be in it."


def bucket_row(state: BucketState) -> tuple[str, list[str]]:
    cells = [state.bucket, state.key, f"{state.count}/{state.limit}", f"{state.fill:.0%}", str(state.denied),
             f"{state.reset_after:.1f}s"]
    return f"{state.bucket}:{state.key}", cells


class RateLimitsPane(LivePane):
    source_name = "redis"
    interval = 1.0

    def compose(self) -> ComposeResult:
        yield Static(f"Keys at {MIN_FILL:.0%} of their limit or more", classes="section-title")
        if self.sources.redis_url:
            yield LiveTable(*COLUMNS, id="buckets-table")
            yield SourceStatus("redis")
        else:
            yield Static(EMBEDDED, id="embedded-note", classes="note")
        yield Static("Raid mode", classes="section-title")
        yield Static(NO_RAID_SOURCE if RAID_MODE_SOURCE is None else "", id="raid-mode", classes="note")

    @property
    def polls(self) -> bool:
        return bool(self.sources.redis_url)

    def fetch(self) -> list[BucketState]:
        return self.sources.rate_limits(MIN_FILL)

    def show(self, states: list[BucketState]) -> None:
        self.query_one(LiveTable).show([bucket_row(s) for s in states])

    def status_note(self) -> str:
        return f"{self.query_one(LiveTable).row_count} keys near or over their limit"
