"""What every rule shares: common settings, the Hit it returns, the rule classes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from aegis.domain.durations import TIMEOUT_LIMIT
from aegis.services.automod.context import JoinContext, MessageContext
from aegis.services.automod.fields import action_choice, flag, ids, number, whole
from aegis.services.automod.verdict import Action

MAX_TIMEOUT_S = int(TIMEOUT_LIMIT.total_seconds())  # Discord's ceiling for a member timeout


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool = flag(True, "run this rule")
    dry_run: bool = flag(False, "log what the rule would do, act on nothing")
    action: Action = action_choice(Action.DELETE, "what happens to the member")
    delete_message: bool = flag(True, "also delete the offending message(s)")
    timeout_seconds: int = whole(600, 1, MAX_TIMEOUT_S, "length of a timeout action")
    cooldown_s: float = number(30.0, 0, 3600, "quiet time that ends a burst; until then one case")
    exempt_role_ids: frozenset[int] = ids("members with any of these roles are skipped")
    exempt_channel_ids: frozenset[int] = ids("messages in these channels are skipped")

    def prepare(self) -> list[str]:
        """Compile whatever the rule needs once per settings version; return problems."""
        return []


@dataclass(frozen=True, slots=True)
class Hit:
    reason: str
    matched: str = ""
    counts: Mapping[str, float] = field(default_factory=dict)
    message_ids: tuple[int, ...] = ()  # the burst, this message included
    user_ids: tuple[int, ...] = ()


S = TypeVar("S", bound=RuleSettings)


class MessageRule(ABC, Generic[S]):
    name: ClassVar[str]
    settings_type: ClassVar[type[RuleSettings]]
    # Counting rules skip edits: an edited message is not another message.
    checks_edits: ClassVar[bool] = True

    @abstractmethod
    def check(self, ctx: MessageContext, settings: S) -> Hit | None: ...


class JoinRule(ABC, Generic[S]):
    name: ClassVar[str]
    settings_type: ClassVar[type[RuleSettings]]

    @abstractmethod
    def check(self, ctx: JoinContext, settings: S) -> Hit | None: ...


def over_limit_reason(count: int, noun: str, window_s: float, limit: int) -> str:
    return f"{count} {noun} in {window_s:g}s (limit {limit})"
