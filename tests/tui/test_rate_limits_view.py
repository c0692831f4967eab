"""The Rate limits screen's keys: from Redis, or, without it, what each running bot published."""

from dataclasses import replace
from datetime import timedelta

from aegis.domain.records import BotHeartbeat, LimiterSnapshot
from aegis.services.ratelimit import BucketState, RedisRateLimiter
from aegis.storage.records import activity
from aegis.tui.widgets.live_table import LiveTable
from tests.tui.tui_helpers import GUILD_B, NOW, PUBLISHED, rows, until

SIZE = (120, 34)
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def status(app) -> str:
    return str(app.query_one("#buckets-pane").status.render())


def other_bot(snapshot: LimiterSnapshot | None, instance_id: str = "shard-1") -> BotHeartbeat:
    return BotHeartbeat(
        instance_id,
        "other-host",
        77,
        (1,),
        2,
        "0.1.0",
        NOW - timedelta(hours=1),
        NOW - timedelta(seconds=1),
        30.0,
        snapshot,
    )


async def test_without_redis_each_bot_s_published_buckets_show_with_their_age(seeded, make_app, frozen):
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.pane("ratelimits").loaded)
        table = app.query_one("#published-table", LiveTable)
        # refusing first; the time to empty counts down from the moment it was published, 2 s before now
        assert rows(table) == [
            ["commands", "111:501", "5/5", "100%", "2", "2.0s", "shard-0", "2s ago"],
            ["automod_actions", "111", "16/20", "80%", "0", "46.0s", "shard-0", "2s ago"],
        ]
        assert status(app).endswith("2 keys · published by 1 bot 2s ago")

        frozen["at"] = NOW + timedelta(seconds=3)
        await until(pilot, lambda: rows(table)[0][5:] == ["0.0s", "shard-0", "5s ago"], what="the data aging")
        assert rows(table)[1][5] == "43.0s" and "published by 1 bot 5s ago" in status(app)

        busy = LimiterSnapshot(
            NOW + timedelta(seconds=2),
            "memory",
            0.5,
            80,
            (BucketState("commands", f"{GUILD_B}:9", count=3, limit=3, window_s=10.0, reset_after=9.0, denied=7),),
        )
        activity.beat(other_bot(busy))
        await until(pilot, lambda: table.row_count == 3, what="the second bot's bucket")
        assert rows(table)[0] == ["commands", "222:9", "3/3", "100%", "7", "8.0s", "shard-1", "1s ago"]
        assert status(app).endswith("3 keys · published by 2 of 2 bots 1–5s ago · 1 sent only their busiest 1")


async def test_what_the_screen_says_when_no_bot_publishes(seeded, make_app, frozen):
    frozen["at"] = NOW + timedelta(minutes=5)  # the seeded bot's heartbeat is too old: it is not running
    app = make_app(initial="ratelimits")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.pane("ratelimits").loaded)
        assert app.query_one("#published-table", LiveTable).row_count == 0
        assert "no bot is running: the limits live inside the bot process, and none is publishing them" in status(app)

        activity.beat(
            replace(
                other_bot(LimiterSnapshot(NOW + timedelta(minutes=5), "redis", 0.5, 0, ())),
                heartbeat_at=NOW + timedelta(minutes=5),
            )
        )
        activity.beat(replace(other_bot(None, "old-bot"), heartbeat_at=NOW + timedelta(minutes=5)))
        await until(pilot, lambda: "keep theirs" in status(app), what="the bot that uses Redis")
        assert status(app).endswith(
            "0 keys · 1 keep theirs in Redis: set AEGIS_REDIS_URL for the console too · 1 publish nothing (an older Aegis?)"
        )


async def test_while_redis_is_down_the_bots_in_process_copies_show_in_red(seeded, make_app, frozen):
    activity.beat(other_bot(replace(PUBLISHED, source="fallback")))
    activity.publish_rate_limits("shard-0", LimiterSnapshot(NOW, "redis", 0.5, 0, ()))  # has not noticed yet
    app = make_app(initial="ratelimits", redis_url=UNREACHABLE_REDIS)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.pane("ratelimits").loaded)
        assert not app.query_one("#buckets-table").display and app.query_one("#published-table").display
        assert [r[6] for r in rows(app.query_one("#published-table", LiveTable))] == ["shard-1", "shard-1"]
        text = status(app)
        assert text.startswith("redis down since 12:00:00 · showing what the bots limit in-process meanwhile (2 keys ·")
        assert "1 have not noticed yet" in text and "Connection refused" in text
        assert app.query_one("#buckets-pane SourceStatus").has_class("down")


async def test_with_redis_the_shared_keys_are_listed(seeded, make_app, redis_url):
    limiter = RedisRateLimiter.from_url(redis_url)
    for _ in range(4):
        limiter.hit("commands", f"{GUILD_B}:42", 5, 60.0)
    app = make_app(initial="ratelimits", redis_url=redis_url)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.pane("ratelimits").loaded)
        table = app.query_one("#buckets-table", LiveTable)
        await until(pilot, lambda: table.row_count == 1, what="the Redis key")
        assert rows(table)[0][:5] == ["commands", "222:42", "4/5", "80%", "0"]
        assert not app.query_one("#published-table").display
        assert status(app).endswith("1 key near or over its limit")
