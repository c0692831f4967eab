"""/announce: now, later (a scheduled action), repeating; @everyone only when asked and allowed."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from aegis.domain.actors import OPERATOR, Actor
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.schedule import ScheduleKind, ScheduleState
from aegis.domain.refusals import Refusal
from aegis.services.community.announcements import Announcer, when_from
from aegis.services.community.gave_up import tell_mod_log
from aegis.services.moderation.expiries import Failed
from aegis.storage import guilds
from aegis.storage.moderation import audit, schedule
from tests.community.fake_community import FakeCommunityGateway

GUILD, CHANNEL = 111, 555
MOD = Actor.moderator(1, frozenset({"manage_messages"}))
LOUD = Actor.moderator(2, frozenset({"manage_messages", "mention_everyone"}))
MEMBER = Actor.moderator(3, frozenset())
NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)


class AnnounceGateway(FakeCommunityGateway):
    def __init__(self):
        super().__init__()
        self.announced: list[tuple[int, str, bool]] = []

    async def announce(self, channel_id, text, everyone):
        self._maybe_fail("announce")
        self.announced.append((channel_id, text, everyone))


def test_times_are_durations_from_now_or_utc_dates_to_come():
    assert when_from("2h", NOW) == when_from("in 2h", NOW) == NOW + timedelta(hours=2)
    assert when_from("2026-06-11 08:30", NOW) == datetime(2026, 6, 11, 8, 30, tzinfo=UTC)
    assert "has passed" in when_from("2026-06-01 08:30", NOW).reason
    assert "not a time I can read" in when_from("tomorrow", NOW).reason
    assert "more than a year away" in when_from("2027-07-01 00:00", NOW).reason


async def test_everyone_pings_only_when_asked_by_someone_with_mention_everyone(db):
    gateway = AnnounceGateway()
    announcer = Announcer(gateway)
    refused = await announcer.announce(GUILD, MOD, CHANNEL, "@everyone hello", everyone=True)
    assert isinstance(refused, Refusal) and "Mention Everyone" in refused.reason
    assert "Manage Messages" in (await announcer.announce(GUILD, MEMBER, CHANNEL, "hi")).reason
    await announcer.announce(GUILD, MOD, CHANNEL, "@everyone quiet")
    await announcer.announce(GUILD, LOUD, CHANNEL, "@everyone loud", everyone=True)
    assert gateway.announced == [(CHANNEL, "@everyone quiet", False), (CHANNEL, "@everyone loud", True)]
    posts = audit.page(audit.AuditFilter(guild_id=GUILD, action="announce.post"))
    assert [(e.actor_id, e.metadata["everyone"]) for e in reversed(posts)] == [(1, False), (2, True)]


async def test_a_later_announcement_waits_as_a_scheduled_action_and_posts_when_run(db):
    gateway = AnnounceGateway()
    announcer = Announcer(gateway)
    with freeze_time(NOW):
        action = await announcer.announce(GUILD, MOD, CHANNEL, "Event tonight", at="6h")
    assert (action.kind, action.due_at, gateway.announced) == (ScheduleKind.ANNOUNCE, NOW + timedelta(hours=6), [])
    with freeze_time(NOW + timedelta(hours=6)):
        assert await announcer.run(action) is None
    assert gateway.announced == [(CHANNEL, "Event tonight", False)]
    assert [a.id for a in schedule.pending()] == [action.id]  # no next one; the scheduler marks this one done


async def test_a_repeating_announcement_schedules_its_next_skipping_the_missed_ones(db):
    gateway = AnnounceGateway()
    announcer = Announcer(gateway)
    with freeze_time(NOW):
        first = await announcer.announce(GUILD, MOD, CHANNEL, "Daily", at="1h", repeat="1d")
    with freeze_time(NOW + timedelta(days=3, hours=2)):  # the bot was down for three days
        await announcer.run(first)
    [following] = [a for a in schedule.pending() if a.id != first.id]
    assert following.due_at == NOW + timedelta(days=4, hours=1)
    assert len(gateway.announced) == 1
    assert "at most once an hour" in (await announcer.announce(GUILD, MOD, CHANNEL, "x", repeat="10m")).reason


async def test_cancel_stops_a_waiting_announcement(db):
    announcer = Announcer(AnnounceGateway())
    action = await announcer.announce(GUILD, MOD, CHANNEL, "Later", at="1h")
    assert [a.id for a in await announcer.pending(GUILD, MOD)] == [action.id]
    assert (await announcer.cancel(GUILD, MOD, action.id)).id == action.id
    assert schedule.get(action.id).state is ScheduleState.CANCELLED
    assert "not waiting any more" in (await announcer.cancel(GUILD, MOD, action.id)).reason
    assert "no announcement #999" in (await announcer.cancel(GUILD, MOD, 999)).reason


async def test_an_announcement_discord_refuses_fails_and_the_mod_log_is_told(db):
    gateway = AnnounceGateway()
    announcer = Announcer(gateway)
    guilds.save_settings(GuildSettings(GUILD, mod_log_channel_id=999), OPERATOR)
    action = await announcer.announce(GUILD, MOD, CHANNEL, "Later", at="1h")
    gateway.fail_next("announce", 403)
    failed = await announcer.run(action)
    assert isinstance(failed, Failed) and "403" in failed.error
    await tell_mod_log(gateway, action, failed.error)
    assert gateway.state.posts == [(999, f"⚠️ Announcement #{action.id} was not posted in <#{CHANNEL}>: {failed.error}")]
