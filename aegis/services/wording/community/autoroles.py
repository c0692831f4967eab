"""What /autorole says."""

from datetime import timedelta

from aegis.domain.durations import describe

CHANGING = "change the roles new members get"
READING = "see the roles new members get"
NOT_ONE = "That role is not one of the autoroles; /autorole list shows them."
NONE_YET = "ℹ️ New members get no roles from Aegis; /autorole add gives one."
AUDIT_REASON = "Autorole"
DESCRIBE_ROLE = "The role new members get."
DESCRIBE_AFTER = "Wait this long after they join before giving it, e.g. 10m or 1h (at most 28 days)."
DESCRIBE_SCREENING = "Only once they passed the server's membership screening (rules)."


def full(most: int) -> str:
    return f"A server can have {most} autoroles; remove one first."


def role_gone(role_id: int) -> str:
    return f"the role {role_id} no longer exists"


def rule_line(rule: dict) -> str:
    when = f"after {describe_seconds(rule['delay_s'])}" if rule["delay_s"] else "at once"
    screening = ", once they passed screening" if rule["after_screening"] else ""
    return f"<@&{rule['role_id']}> {when}{screening}"


def describe_seconds(seconds: int) -> str:
    return describe(timedelta(seconds=seconds))


def listing(rules: tuple[dict, ...]) -> str:
    if not rules:
        return NONE_YET
    return "**Autoroles**\n" + "\n".join(f"• {rule_line(rule)}" for rule in rules)


def saved(rules: tuple[dict, ...]) -> str:
    return "✅ Saved.\n" + listing(rules)
