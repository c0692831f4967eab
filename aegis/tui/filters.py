"""The one-line filter syntax of the Cases and Audit screens: `key:value` words, the rest is free text."""

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import CaseType
from aegis.errors import AegisError
from aegis.services.console.queries import AuditQuery, CaseFilter, CaseStatus

CASE_KEYS = "guild:ID member:ID mod:ID type:warn|ban|… status:active|expired|pardoned, other words search reasons"
AUDIT_KEYS = "guild:ID target:ID actor:moderator[:ID]|automod|operator|system action:case.pardon"


class FilterError(AegisError):
    pass


def _split(text: str) -> tuple[dict[str, str], list[str]]:
    keyed, words = {}, []
    for word in text.split():
        key, sep, value = word.partition(":")
        if sep and value and key.isalpha():
            keyed[key.lower()] = value
        else:
            words.append(word)
    return keyed, words


def _snowflake(key: str, value: str) -> int:
    if not value.isdigit():
        raise FilterError(f"{key}: wants a Discord id (digits), got {value!r}")
    return int(value)


def _choice(key: str, value: str, enum):
    try:
        return enum(value.lower())
    except ValueError:
        raise FilterError(f"{key}: one of {', '.join(e.value for e in enum)}; got {value!r}") from None


def parse_case_filter(text: str) -> CaseFilter:
    keyed, words = _split(text)
    fields = {}
    for key, value in keyed.items():
        if key == "guild":
            fields["guild_id"] = _snowflake(key, value)
        elif key in ("member", "user", "target"):
            fields["target_id"] = _snowflake(key, value)
        elif key in ("mod", "moderator"):
            fields["moderator_id"] = _snowflake(key, value)
        elif key == "type":
            fields["type"] = _choice(key, value, CaseType)
        elif key == "status":
            fields["status"] = _choice(key, value, CaseStatus)
        else:
            raise FilterError(f"unknown filter {key}:, known: {CASE_KEYS}")
    return CaseFilter(**fields, text=" ".join(words))


def parse_audit_query(text: str) -> AuditQuery:
    keyed, words = _split(text)
    if words:
        raise FilterError(f"the audit log has no free-text search (no index for it); use {AUDIT_KEYS}")
    fields = {}
    for key, value in keyed.items():
        if key == "guild":
            fields["guild_id"] = _snowflake(key, value)
        elif key == "target":
            fields["target_id"] = _snowflake(key, value)
        elif key == "action":
            fields["action"] = value
        elif key == "actor":
            kind, _, actor_id = value.partition(":")
            fields["actor_kind"] = _choice(key, kind, ActorKind)
            if actor_id:
                fields["actor_id"] = _snowflake(key, actor_id)
        else:
            raise FilterError(f"unknown filter {key}:, known: {AUDIT_KEYS}")
    return AuditQuery(**fields)
