"""Seeding and waiting helpers shared by the console tests."""

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aegis.domain.actors import AUTOMOD, OPERATOR, Actor, ActorKind
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.domain.moderation.schedule import NewScheduledAction, ScheduleKind, ScheduleState
from aegis.domain.raids import RaidAction, RaidTrigger
from aegis.domain.records import AutomodEvent, BotHeartbeat, LimiterSnapshot
from aegis.services.ratelimit import BucketState
from aegis.storage import guilds, raids
from aegis.storage.moderation import cases, schedule
from aegis.storage.records import activity, members

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
GUILD_A, GUILD_B, GUILD_C = 111, 222, 333
MOD_1, MOD_2 = 9001, 9002


@dataclass
class Seeded:
    warn_a: int  # case ids
    ban_b: int
    expiry_id: int


# What the seeded bot's embedded limiter published 2 s before NOW: a member refused commands, a busy guild.
PUBLISHED = LimiterSnapshot(
    NOW - timedelta(seconds=2),
    "memory",
    0.5,
    2,
    (
        BucketState("commands", f"{GUILD_A}:501", count=5, limit=5, window_s=10.0, reset_after=4.0, denied=2),
        BucketState("automod_actions", str(GUILD_A), count=16, limit=20, window_s=60.0, reset_after=48.0, denied=0),
    ),
)


def seed(db) -> Seeded:
    """Eight cases over two guilds, two members and two moderators; expiries; detections; a heartbeat.
    The bot has told Aegis the guilds' names and three users' names; member 502's name it never saw."""
    guilds.ensure_guild(GUILD_A, "Alpha")
    guilds.ensure_guild(GUILD_B, "Bravo")
    for user_id, name in ((501, "ana"), (MOD_1, "mod_max"), (MOD_2, "mod_mia")):
        members.upsert_user(user_id, name, False, NOW - timedelta(days=400))
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
    activity.add_automod_event(
        AutomodEvent(
            GUILD_A, "message_rate", "timeout", "timeout", "9 messages in 5 s", matched="buy cheap nitro", user_id=501
        )
    )
    activity.add_automod_event(
        AutomodEvent(
            GUILD_B, "links", "delete", "none", "blocked domain", matched="evil.example", user_id=502, dry_run=True
        )
    )
    guilds.save_settings(
        GuildSettings(GUILD_B, automod={"rules": {"links": {"dry_run": True}}}), Actor(ActorKind.SYSTEM)
    )
    activity.beat(
        BotHeartbeat(
            "shard-0",
            "bot-host",
            4242,
            (0,),
            1,
            "0.1.0",
            NOW - timedelta(hours=2),
            NOW - timedelta(seconds=5),
            41.5,
            PUBLISHED,
        )
    )
    return Seeded(warn_a=ids[0], ban_b=ids[3], expiry_id=expiry.id)


@dataclass
class SeededRaids:
    spike: int  # raid ids: in GUILD_A since a join spike, taken up by the bot, three joiners so far
    console: int  # in GUILD_B, switched on from the console; no bot has taken it up yet
    ended: int  # in GUILD_C, over


def seed_raids() -> SeededRaids:
    guilds.ensure_guild(GUILD_A, "Alpha")
    guilds.ensure_guild(GUILD_B, "Bravo")
    guilds.ensure_guild(GUILD_C, "Charlie")
    guilds.save_settings(
        GuildSettings(GUILD_C, automod={"rules": {"join_rate": {"raid_action": "kick"}}}), Actor(ActorKind.SYSTEM)
    )
    spike, _ = raids.start(
        GUILD_A, RaidTrigger.SPIKE, RaidAction.TIMEOUT, AUTOMOD, "11 joins in 30 s", at=NOW - timedelta(minutes=3)
    )
    raids.mark_seen(spike.id, at=NOW - timedelta(minutes=3) + timedelta(seconds=1))
    for n in range(3):
        raids.add_member(spike.id, 700 + n, NOW - timedelta(seconds=90 - n * 30), handled="timeout")
    console, _ = raids.start(
        GUILD_B, RaidTrigger.CONSOLE, RaidAction.ALERT, OPERATOR, "suspicious joins", at=NOW - timedelta(seconds=30)
    )
    ended, _ = raids.start(
        GUILD_C, RaidTrigger.MODERATOR, RaidAction.KICK, Actor.moderator(MOD_1), at=NOW - timedelta(hours=2)
    )
    raids.mark_seen(ended.id, at=NOW - timedelta(hours=2))
    raids.end(ended.id, Actor.moderator(MOD_1), "over", at=NOW - timedelta(hours=1, minutes=50))
    raids.mark_seen(ended.id, at=NOW - timedelta(hours=1, minutes=50) + timedelta(seconds=2))
    return SeededRaids(spike.id, console.id, ended.id)


async def until(pilot, predicate, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def rows(table) -> list[list[str]]:
    return [[str(cell).strip() for cell in table.get_row(row.key)] for row in table.ordered_rows]


def static_text(widget) -> str:
    """What a Static holding a rich renderable (a grid of details) reads as, in plain text."""
    from rich.console import Console

    console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


def id_of(cell: str) -> str:
    """`Alpha (111)` -> `111`: the id a named cell shows beside the name."""
    return cell.rsplit("(", 1)[-1].rstrip(")") if cell.endswith(")") else cell
