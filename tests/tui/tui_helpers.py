"""Seeding and waiting helpers shared by the console tests."""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.cases import CaseType, NewCase
from aegis.domain.guilds import GuildSettings
from aegis.domain.records import AutomodEvent, BotHeartbeat
from aegis.domain.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.storage import activity, cases, guilds, schedule

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
GUILD_A, GUILD_B = 111, 222
MOD_1, MOD_2 = 9001, 9002


@dataclass
class Seeded:
    warn_a: int  # case ids
    ban_b: int
    expiry_id: int


def seed(db) -> Seeded:
    """Eight cases over two guilds, two members and two moderators; expiries; detections; a heartbeat."""
    specs = [
        (GUILD_A, CaseType.WARN, 501, MOD_1, "spamming invite links"),
        (GUILD_A, CaseType.WARN, 502, MOD_2, "rude to staff"),
        (GUILD_A, CaseType.TIMEOUT, 501, MOD_1, "flooding the channel"),
        (GUILD_B, CaseType.BAN, 502, MOD_2, "raid account"),
        (GUILD_B, CaseType.WARN, 501, MOD_1, "caps lock abuse"),
        (GUILD_A, CaseType.NOTE, 502, MOD_2, "watch this one"),
        (GUILD_A, CaseType.WARN, 501, MOD_2, "posted a phishing link"),
        (GUILD_B, CaseType.TIMEOUT, 501, MOD_1, "spamming emoji"),
    ]
    ids = []
    for n, (guild, kind, member, mod, reason) in enumerate(specs):
        expires = NOW + timedelta(hours=n + 1) if kind is CaseType.TIMEOUT else None
        if kind is CaseType.WARN and n == 4:
            expires = NOW - timedelta(days=1)  # an expired warning
        case = cases.create(NewCase(guild, kind, member, ActorKind.MODERATOR, mod, reason, expires_at=expires))
        ids.append(case.id)
    cases.edit_reason(GUILD_A, 1, Actor.moderator(MOD_1), "spamming invite links in #general")
    cases.pardon(GUILD_A, 2, Actor.moderator(MOD_2), "apologised")
    expiry = schedule.add(NewScheduledAction(GUILD_A, ScheduleKind.UNTIMEOUT, NOW + timedelta(hours=3), 501, ids[2]))
    schedule.add(NewScheduledAction(GUILD_B, ScheduleKind.UNTIMEOUT, NOW + timedelta(hours=8), 501, ids[7]))
    failed = schedule.add(NewScheduledAction(GUILD_B, ScheduleKind.UNBAN, NOW - timedelta(hours=1), 502))
    schedule.finish(failed.id, ScheduleState.FAILED, "403 Forbidden: Missing Permissions (50013)")
    activity.add_automod_event(AutomodEvent(GUILD_A, "message_rate", "timeout", "timeout", "9 messages in 5 s",
                                            matched="buy cheap nitro", user_id=501))
    activity.add_automod_event(AutomodEvent(GUILD_B, "links", "delete", "none", "blocked domain",
                                            matched="evil.example", user_id=502, dry_run=True))
    guilds.save_settings(GuildSettings(GUILD_B, automod={"rules": {"links": {"dry_run": True}}}), Actor(ActorKind.SYSTEM))
    activity.beat(BotHeartbeat("shard-0", "bot-host", 4242, (0,), 1, "0.1.0", NOW - timedelta(hours=2),
                               NOW - timedelta(seconds=5), 41.5))
    return Seeded(warn_a=ids[0], ban_b=ids[3], expiry_id=expiry.id)


async def until(pilot, predicate, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def rows(table) -> list[list[str]]:
    return [list(map(str, table.get_row(row.key))) for row in table.ordered_rows]
