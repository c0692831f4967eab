"""The Rate limits screen: the busiest rate-limit keys on top, raid mode below (screens/raids.py).

With Redis the keys come from the shared limiter in Redis. Without it the limits live inside each bot
process, and each running bot publishes its busiest buckets to the database (services/limiter_publisher);
the same happens while Redis does not answer, when every bot decides on its own in-process copy.
"""

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from aegis import clock
from aegis.domain.records import BotHeartbeat
from aegis.services.ratelimit import BucketState
from aegis.services.ratelimit.publisher import PUBLISH_MIN_FILL
from aegis.tui import format as fmt
from aegis.tui.data import _first_line
from aegis.tui.screens.raids import RaidsPane
from aegis.tui.widgets.live_pane import LivePane
from aegis.tui.widgets.live_table import LiveTable
from aegis.tui.widgets.source_status import SourceStatus

MIN_FILL = PUBLISH_MIN_FILL  # the same keys whether read from Redis or published by the bots
REDIS_COLUMNS = (
    ("bucket", "bucket"),
    ("key (guild:user)", "key"),
    ("used", "used"),
    ("fill", "fill"),
    ("refused", "denied"),
    ("empty in", "reset"),
)
BOT_COLUMNS = (*REDIS_COLUMNS, ("bot", "bot"), ("as of", "age"))


@dataclass(frozen=True)
class BucketView:
    redis: list[BucketState] | None  # None: not read from Redis (none configured, or it did not answer)
    bots: list[BotHeartbeat]  # the running bots, with what their in-process limiters published
    redis_error: str | None = None


def bucket_row(state: BucketState) -> tuple[str, list[str]]:
    cells = [
        state.bucket,
        state.key,
        f"{state.count}/{state.limit}",
        f"{state.fill:.0%}",
        str(state.denied),
        f"{state.reset_after:.1f}s",
    ]
    return f"{state.bucket}:{state.key}", cells


def published_rows(bots: list[BotHeartbeat]) -> list[tuple[str, list[str]]]:
    """Every bot's published buckets, worst first. The time to empty counts down from when it was published."""
    found = []
    for bot in bots:
        if bot.rate_limits is None:
            continue
        age = max(0.0, (clock.now() - bot.rate_limits.at).total_seconds())
        for s in bot.rate_limits.buckets:
            cells = [
                s.bucket,
                s.key,
                f"{s.count}/{s.limit}",
                f"{s.fill:.0%}",
                str(s.denied),
                f"{max(0.0, s.reset_after - age):.1f}s",
                fmt.clip(bot.instance_id, 24),
                f"{age:.0f}s ago",
            ]
            worst_first = (-s.denied, -s.fill, s.bucket, s.key, bot.instance_id)
            found.append((worst_first, (f"{bot.instance_id}|{s.bucket}:{s.key}", cells)))
    return [row for _, row in sorted(found)]


def published_note(bots: list[BotHeartbeat], keys: int, console_has_redis: bool = False) -> str:
    if not bots:
        return "no bot is running: the limits live inside the bot process, and none is publishing them"
    local = [b for b in bots if b.rate_limits is not None and b.rate_limits.source != "redis"]
    parts = ["1 key" if keys == 1 else f"{keys} keys"]
    if local:
        ages = sorted((clock.now() - b.rate_limits.at).total_seconds() for b in local)
        span = f"{ages[0]:.0f}s" if round(ages[0]) == round(ages[-1]) else f"{ages[0]:.0f}–{ages[-1]:.0f}s"
        bots_text = f"{len(local)} bot" if len(local) == len(bots) == 1 else f"{len(local)} of {len(bots)} bots"
        parts.append(f"published by {bots_text} {span} ago")
        cut = [b for b in local if b.rate_limits.total > len(b.rate_limits.buckets)]
        if cut:
            parts.append(f"{len(cut)} sent only their busiest {len(cut[0].rate_limits.buckets)}")
    in_redis = sum(b.rate_limits is not None and b.rate_limits.source == "redis" for b in bots)
    if in_redis and console_has_redis:
        parts.append(f"{in_redis} have not noticed yet")
    elif in_redis:
        parts.append(f"{in_redis} keep theirs in Redis: set AEGIS_REDIS_URL for the console too")
    silent = sum(b.rate_limits is None for b in bots)
    if silent:
        parts.append(f"{silent} publish nothing (an older Aegis?)")
    return " · ".join(parts)


class RateLimitsPane(LivePane):
    interval = 1.0

    def __init__(self, sources, **kwargs):
        super().__init__(sources, **kwargs)
        self.source_name = "redis" if sources.redis_url else "database"
        self.view = BucketView(None, [])

    def compose(self) -> ComposeResult:
        if self.sources.redis_url:
            yield Static(f"Keys at {MIN_FILL:.0%} of their limit or more (Redis)", classes="section-title")
            yield LiveTable(*REDIS_COLUMNS, id="buckets-table")
        else:
            yield Static(
                f"Keys at {MIN_FILL:.0%} of their limit or more, published by each running bot (no Redis)",
                classes="section-title",
            )
        yield LiveTable(*BOT_COLUMNS, id="published-table")
        yield SourceStatus(self.source_name)

    def on_mount(self) -> None:
        if self.sources.redis_url:
            self.query_one("#published-table").display = False  # shown only while Redis is down

    def fetch(self) -> BucketView:
        if not self.sources.redis_url:
            return BucketView(None, self.sources.published_rate_limits())
        try:
            return BucketView(self.sources.rate_limits(MIN_FILL), [])
        except Exception as exc:
            return BucketView(None, self.sources.published_rate_limits(), _first_line(exc))

    def show(self, view: BucketView) -> None:
        self.view = view
        published = self.query_one("#published-table", LiveTable)
        if view.redis is not None:
            self.query_one("#buckets-table", LiveTable).show([bucket_row(s) for s in view.redis])
        else:
            published.show(published_rows(view.bots))
        if self.sources.redis_url:
            published.display = view.redis is None
            self.query_one("#buckets-table").display = view.redis is not None

    def report(self) -> None:
        if self.view.redis_error is None:
            return super().report()
        keys = self.query_one("#published-table", LiveTable).row_count
        showing = f"showing what the bots limit in-process meanwhile ({published_note(self.view.bots, keys, True)})"
        self.status.down(self.view.redis_error, showing)

    def status_note(self) -> str:
        if self.view.redis is not None:
            n = len(self.view.redis)
            return f"{n} key near or over its limit" if n == 1 else f"{n} keys near or over their limit"
        return published_note(self.view.bots, self.query_one("#published-table", LiveTable).row_count)


class RateLimitsView(Vertical):
    """The tab: both panes, and the raid-mode keys wherever the focus is in it."""

    BINDINGS = [Binding("o", "raid_on", "Raid mode on"), Binding("f", "raid_off", "Raid mode off")]

    def __init__(self, sources, interval: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.sources, self.interval = sources, interval

    def compose(self) -> ComposeResult:
        yield RateLimitsPane(self.sources, interval=self.interval, id="buckets-pane")
        yield RaidsPane(self.sources, interval=self.interval, id="raids-pane")

    @property
    def loaded(self) -> bool:
        return all(pane.loaded for pane in self.query(LivePane))

    @property
    def painted(self) -> bool:
        return all(pane.painted for pane in self.query(LivePane))

    def action_raid_on(self) -> None:
        self.query_one(RaidsPane).ask_raid_on()

    def action_raid_off(self) -> None:
        self.query_one(RaidsPane).ask_raid_off()
