"""One burst, one case: remembers which (guild, member, rule) is already being acted on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class _Incident:
    active_until: float
    reported: set[int] = field(default_factory=set)


class IncidentTracker:
    """A burst is one incident until `cooldown_s` pass without the rule tripping again.

    The first trip opens the incident (the caller opens a case); later trips within it are
    follow-ups that only delete the messages not yet handed out.
    """

    MAX_REPORTED = 1000  # a longer burst may repeat an id in a delete: harmless, bounded

    def __init__(self, sweep_every: int = 1024) -> None:
        self._open: dict[tuple[int, int, str], _Incident] = {}
        self._sweep_every = sweep_every
        self._since_sweep = 0

    def record(
        self, key: tuple[int, int, str], now: float, cooldown_s: float, message_ids: tuple[int, ...]
    ) -> tuple[bool, tuple[int, ...]]:
        """Returns (new_incident, message ids not returned before within this incident)."""
        self._since_sweep += 1
        if self._since_sweep >= self._sweep_every:
            self._sweep(now)
        incident = self._open.get(key)
        new = incident is None or now >= incident.active_until
        if new:
            incident = self._open[key] = _Incident(now + cooldown_s)
        else:
            incident.active_until = now + cooldown_s
        fresh = tuple(mid for mid in message_ids if mid not in incident.reported)
        if len(incident.reported) > self.MAX_REPORTED:
            incident.reported.clear()
        incident.reported.update(fresh)
        return new, fresh

    def _sweep(self, now: float) -> None:
        self._since_sweep = 0
        for key in [k for k, inc in self._open.items() if inc.active_until <= now]:
            del self._open[key]

    def __len__(self) -> int:
        return len(self._open)
