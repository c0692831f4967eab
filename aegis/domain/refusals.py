from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Refusal:
    """An expected reason not to act, written for the moderator: which check failed, and why."""

    check: str  # a stable name for tests and the audit log: "hierarchy", "bot_permission", …
    reason: str

    def __str__(self) -> str:
        return self.reason
