"""What Aegis posts to the mod log about moderation done outside it (Discord's UI, another bot)."""

from aegis.domain.moderation.cases import Case
from aegis.services.wording.moderation import mod_log_entry

SEEN_IN = {
    "audit_log": "Done in Discord, not with Aegis; recorded from the server's audit log.",
    "gateway": "Done in Discord, not with Aegis. Who did it is unknown: give me View Audit Log to see that.",
}


def external_entry(case: Case) -> str:
    return f"{mod_log_entry(case)}\n{SEEN_IN[case.metadata['via']]}"
