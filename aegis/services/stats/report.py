"""A guild's (or every guild's) last N days, for /stats and the console's Statistics screen."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from aegis import clock
from aegis.domain.actors import Actor
from aegis.domain.records import DayStats
from aegis.domain.refusals import Refusal
from aegis.services.dbcall import db_call
from aegis.services.moderation.checks import check_privilege
from aegis.services.moderation.records import MODERATE_MEMBERS
from aegis.services.wording import stats as words
from aegis.storage.records import stats

MAX_DAYS = 90  # what the counters keep by default ([retention] counters_days)


@dataclass(frozen=True, slots=True)
class Report:
    guild_id: int | None  # None: every guild
    days: tuple[DayStats, ...]  # oldest first, one per day of the span, quiet days included

    def series(self, name: str) -> list[int]:
        """A per-day series: messages, joins, leaves, cases, detections or pardons."""
        return [_value(day, name) for day in self.days]

    def total(self, name: str) -> int:
        return sum(self.series(name))

    def by(self, name: str) -> Counter:
        """Cases by type, or detections by rule, over the whole span."""
        found: Counter = Counter()
        for day in self.days:
            found.update(getattr(day, name))
        return found


def _value(day: DayStats, name: str) -> int:
    value = getattr(day, name)
    return sum(value.values()) if isinstance(value, dict) else value


def report_sync(guild_id: int | None, days: int) -> Report:
    today = clock.now().date()
    since = today - timedelta(days=days - 1)
    found = {d.day: d for d in stats.daily(since, guild_id)}
    span = [since + timedelta(days=n) for n in range(days)]
    return Report(guild_id, tuple(found.get(day) or DayStats(day) for day in span))


async def report(guild_id: int | None, days: int, *, actor: Actor | None = None) -> Report | Refusal:
    """`actor` None: a reader with no Discord permissions to check (the console)."""
    if actor is not None and (refusal := check_privilege(actor, MODERATE_MEMBERS, words.READING)):
        return refusal
    if not 1 <= days <= MAX_DAYS:
        return Refusal("days", words.too_many_days(days, MAX_DAYS))
    return await db_call(report_sync, guild_id, days)
