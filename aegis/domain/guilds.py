from dataclasses import dataclass, field
from typing import Any

from aegis.domain.cases import CaseType

ESCALATION_ACTIONS = (CaseType.TIMEOUT, CaseType.KICK, CaseType.BAN, CaseType.TEMPBAN)


@dataclass(frozen=True, slots=True)
class EscalationRung:
    """When a member reaches `warnings` active warnings, Aegis applies `action` (for `duration_s` if timed)."""

    warnings: int
    action: CaseType
    duration_s: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"warnings": self.warnings, "action": self.action.value, "duration_s": self.duration_s}


DEFAULT_ESCALATION = (
    EscalationRung(3, CaseType.TIMEOUT, 3600),
    EscalationRung(5, CaseType.KICK),
    EscalationRung(7, CaseType.BAN),
)


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    mod_log_channel_id: int | None = None
    mute_role_id: int | None = None
    dm_on_action: bool = True
    warning_lifetime_s: int | None = 30 * 24 * 3600  # None: warnings never expire
    escalation: tuple[EscalationRung, ...] = DEFAULT_ESCALATION
    automod: dict[str, Any] = field(default_factory=dict)  # validated by aegis.services.automod.settings
    exempt_role_ids: frozenset[int] = frozenset()
    exempt_channel_ids: frozenset[int] = frozenset()
    locale: str = "en-US"
    rate_limits: dict[str, Any] = field(default_factory=dict)  # bucket overrides, validated by aegis.services.ratelimit
    version: int = 0  # bumped on every change so caches in other processes know theirs is stale
