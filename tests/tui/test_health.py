"""The Health screen tells a bot that stopped cleanly from one that went silent, and forgets old ones."""

from dataclasses import replace
from datetime import timedelta

from aegis.domain.records import BotHeartbeat
from aegis.services.ratelimit.publisher import LimiterPublisher
from aegis.storage.records import activity
from tests.tui.tui_helpers import NOW, rows, until


def bot(instance: str, beat_ago: timedelta) -> BotHeartbeat:
    return BotHeartbeat(instance, "host", 7, (0,), 1, "0.1.0", NOW - timedelta(days=1), NOW - beat_ago, 40.0)


async def test_a_cleanly_stopped_bot_shows_stopped_a_silent_one_silent_and_old_ones_age_out(seeded, make_app, frozen):
    activity.beat(bot("stopped-bot", timedelta(minutes=10)))
    frozen["at"] = NOW - timedelta(minutes=10)
    LimiterPublisher(None, "stopped-bot").stopped()  # what the bot's close() writes
    frozen["at"] = NOW
    activity.beat(bot("crashed-bot", timedelta(minutes=10)))
    activity.beat(bot("last-week", timedelta(days=7)))
    activity.beat(replace(bot("gone-yesterday", timedelta(days=1)), stopped_at=NOW - timedelta(days=1)))

    app = make_app(initial="health")
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.pane("health").loaded)
        states = {r[0]: r[1] for r in rows(app.query_one("#bots-table"))}
        assert states == {"shard-0": "alive", "stopped-bot": "stopped 11:50:00", "crashed-bot": "SILENT"}


def test_a_beat_that_lands_after_the_clean_stop_does_not_undo_it(db, frozen):
    activity.beat(bot("b", timedelta(seconds=1)))
    LimiterPublisher(None, "b").stopped()
    activity.beat(bot("b", timedelta(0)))  # a heartbeat write already under way when close() ran
    assert activity.heartbeats(NOW - timedelta(minutes=1))[0].stopped_at == NOW
