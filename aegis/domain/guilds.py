from dataclasses import dataclass, field
from typing import Any

from aegis.domain.moderation.cases import CaseType

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
    forget_keeps_cases: bool = True  # a member's own deletion request keeps the cases against them
    retention: dict[str, int] = field(default_factory=dict)  # days per kind, over the deployment's [retention]
    logs: dict[str, int] = field(default_factory=dict)  # event-log type → channel id (aegis.services.logs.kinds)
    tag_creators: str = "moderators"  # who may /tag create: "moderators" (Manage Messages) or "everyone"
    welcome_channel_id: int | None = None
    welcome_message: str | None = None  # None: the default greeting
    welcome_dm: bool = False  # the greeting also goes to the newcomer's DMs
    goodbye_channel_id: int | None = None
    goodbye_message: str | None = None
    autoroles: tuple[dict[str, Any], ...] = ()  # {"role_id", "delay_s", "after_screening"}, as /autorole add saved
    version: int = 0  # bumped on every change so caches in other processes know theirs is stale

    def to_data(self) -> dict[str, Any]:
        """The settings as plain JSON values: what is stored, versioned, exported and diffed."""
        return {
            "mod_log_channel_id": self.mod_log_channel_id,
            "mute_role_id": self.mute_role_id,
            "dm_on_action": self.dm_on_action,
            "warning_lifetime_s": self.warning_lifetime_s,
            "escalation": [rung.to_dict() for rung in self.escalation],
            "automod": self.automod,
            "exempt_role_ids": sorted(self.exempt_role_ids),
            "exempt_channel_ids": sorted(self.exempt_channel_ids),
            "locale": self.locale,
            "rate_limits": self.rate_limits,
            "forget_keeps_cases": self.forget_keeps_cases,
            "retention": self.retention,
            "logs": self.logs,
            "tag_creators": self.tag_creators,
            "welcome_channel_id": self.welcome_channel_id,
            "welcome_message": self.welcome_message,
            "welcome_dm": self.welcome_dm,
            "goodbye_channel_id": self.goodbye_channel_id,
            "goodbye_message": self.goodbye_message,
            "autoroles": [dict(rule) for rule in self.autoroles],
        }

    @classmethod
    def from_data(cls, guild_id: int, data: dict[str, Any], version: int = 0) -> "GuildSettings":
        """The inverse of to_data, for values already checked (stored ones, or validated by the settings service)."""
        return cls(
            guild_id=guild_id,
            mod_log_channel_id=data.get("mod_log_channel_id"),
            mute_role_id=data.get("mute_role_id"),
            dm_on_action=bool(data.get("dm_on_action", True)),
            warning_lifetime_s=data.get("warning_lifetime_s"),
            escalation=tuple(
                EscalationRung(r["warnings"], CaseType(r["action"]), r.get("duration_s"))
                for r in data.get("escalation", ())
            ),
            automod=data.get("automod") or {},
            exempt_role_ids=frozenset(data.get("exempt_role_ids") or ()),
            exempt_channel_ids=frozenset(data.get("exempt_channel_ids") or ()),
            locale=data.get("locale", "en-US"),
            rate_limits=data.get("rate_limits") or {},
            forget_keeps_cases=bool(data.get("forget_keeps_cases", True)),
            retention=data.get("retention") or {},
            logs=data.get("logs") or {},
            tag_creators=data.get("tag_creators", "moderators"),
            welcome_channel_id=data.get("welcome_channel_id"),
            welcome_message=data.get("welcome_message"),
            welcome_dm=bool(data.get("welcome_dm", False)),
            goodbye_channel_id=data.get("goodbye_channel_id"),
            goodbye_message=data.get("goodbye_message"),
            autoroles=tuple(dict(rule) for rule in data.get("autoroles") or ()),
            version=version,
        )
