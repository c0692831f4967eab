"""Per-day statistics for one guild or all: the daily counters, and what the case and automod records say."""

from collections import Counter, defaultdict
from datetime import date

from aegis.domain.records import DayStats
from aegis.storage import models as m

SCALARS = ("messages", "joins", "leaves")


def daily(since: date, guild_id: int | None = None) -> list[DayStats]:
    """Every day from `since` to the newest day anything was counted, oldest first (quiet days included)."""
    scalars: defaultdict[date, Counter] = defaultdict(Counter)
    cases: defaultdict[date, Counter] = defaultdict(Counter)
    rules: defaultdict[date, Counter] = defaultdict(Counter)
    pardons: Counter = Counter()
    D, C, E = m.DailyCounter, m.Case, m.AutomodEvent
    for row in _in(D.select().where(D.day >= since), D.guild, guild_id):
        scalars[row.day].update({name: getattr(row, name) for name in SCALARS})
    for created, kind in _in(C.select(C.created_at, C.type).where(C.created_at >= since), C.guild, guild_id).tuples():
        cases[_day(created)][kind] += 1
    pardoned = C.select(C.pardoned_at).where(C.pardoned_at >= since)
    for (when,) in _in(pardoned, C.guild, guild_id).tuples():
        pardons[_day(when)] += 1
    detected = E.select(E.created_at, E.rule).where((E.created_at >= since) & (E.dry_run == False))  # noqa: E712
    for created, rule in _in(detected, E.guild, guild_id).tuples():
        rules[_day(created)][rule] += 1
    days = set(scalars) | set(cases) | set(rules) | set(pardons)
    if not days:
        return []
    last = max(days)
    span = [date.fromordinal(n) for n in range(since.toordinal(), last.toordinal() + 1)]
    return [
        DayStats(
            day,
            **{k: scalars[day][k] for k in SCALARS},
            cases=dict(cases[day]),
            detections=dict(rules[day]),
            pardons=pardons[day],
        )
        for day in span
    ]


def _in(query, column, guild_id: int | None):
    return query if guild_id is None else query.where(column == guild_id)


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else date.fromisoformat(str(value)[:10])
