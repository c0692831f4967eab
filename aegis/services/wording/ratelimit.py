"""What Aegis says in Discord when Discord's invalid-request count makes it pause the work that can wait."""

from aegis.domain.records import InvalidRequests
from aegis.services.ratelimit.invalid_requests import DISCORD_BANS_AT


def _count(spent: InvalidRequests) -> str:
    minutes = round(spent.window_s / 60)
    return (
        f"Discord has refused {spent.count:,} of Aegis's requests (401/403/429) in the last {minutes} minutes; "
        f"at {DISCORD_BANS_AT:,} Discord bans this bot's address for an hour"
    )


def mass_work_paused(spent: InvalidRequests, what: str) -> str:
    return (
        f"⏸️ {what} is paused: {_count(spent)}. It goes on by itself once the count is back under "
        f"{spent.pause_at:,}. Until then, check the bot's permissions: most refusals are a missing permission."
    )


def purge_paused(spent: InvalidRequests) -> str:
    return (
        f"Purging is paused: {_count(spent)}. Try again in a few minutes, once the count is back under "
        f"{spent.pause_at:,}; nothing was deleted."
    )
