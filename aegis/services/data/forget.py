"""Forgetting a user, with Red-DiscordBot's distinction made explicit.

- A member's own request removes their personal data but keeps the fact of moderation cases against them in
  every guild whose policy says so (`forget_keeps_cases`, on by default): the case, its number, dates and
  reason stay, the evidence in it goes, and their name and memberships go.
- An operator's request, or Discord saying the account was deleted, removes everything.

Either way the user's hashed id goes into the deletion ledger, so restoring an older backup cannot bring them
back, and one audit entry says what was removed, with no personal data in it."""

from dataclasses import dataclass
from enum import StrEnum

from aegis.domain.actors import OPERATOR
from aegis.domain.moderation.audit import NewAuditEntry
from aegis.domain.refusals import Refusal
from aegis.services.data.ledger import DeletionLedger
from aegis.storage import guilds
from aegis.storage.moderation import audit
from aegis.storage.records import userdata
from aegis.storage.records.userdata import Removal
from aegis.storage.session import database


class Request(StrEnum):
    MEMBER = "member"  # the member asked: cases against them stay where the guild's policy keeps them
    OPERATOR = "operator"  # the operator decided: everything goes
    ACCOUNT_DELETED = "account_deleted"  # Discord says the account is gone: everything goes


@dataclass(frozen=True, slots=True)
class Forgotten:
    request: Request
    removal: Removal
    kept_in: frozenset[int]  # guilds whose policy kept the cases against them


def forget_user(user_id: int, reason: str, request: Request, ledger: DeletionLedger) -> Forgotten | Refusal:
    if not reason.strip():
        return Refusal("reason", "Say why (e.g. --reason 'member asked by DM'); the audit log keeps the reason.")
    if str(user_id) in reason:
        return Refusal(
            "reason", "The reason names the user's id; the audit entry must hold no personal data, so leave it out."
        )
    with database().atomic():
        kept_in = _guilds_that_keep(user_id) if request is Request.MEMBER else frozenset()
        removal = userdata.forget(user_id, kept_in)
        metadata = {
            "request": request.value,
            "removed": removal.removed,
            "anonymised": removal.anonymised,
            "kept_cases": removal.kept_cases,
        }
        audit.record(NewAuditEntry(OPERATOR, "data.forget", reason=reason, metadata=metadata))
        ledger.add(user_id, request.value)
    return Forgotten(request, removal, kept_in)


def reapply(ledger: DeletionLedger) -> int:
    """Forget again every ledgered user the database holds (after a restore brought an older copy back)."""
    count = 0
    for user_id, request in ledger.present(userdata.user_ids()):
        kind = Request(request)
        with database().atomic():
            kept_in = _guilds_that_keep(user_id) if kind is Request.MEMBER else frozenset()
            removal = userdata.forget(user_id, kept_in)
            metadata = {"request": kind.value, "removed": removal.removed, "anonymised": removal.anonymised}
            audit.record(NewAuditEntry(OPERATOR, "data.forget_reapplied", metadata=metadata))
        count += 1
    return count


def _guilds_that_keep(user_id: int) -> frozenset[int]:
    return frozenset(g for g in userdata.guilds_naming(user_id) if guilds.get_settings(g).forget_keeps_cases)
