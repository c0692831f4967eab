"""Every sentence /settings and /automod's changes answer with: the server's moderation settings at a glance, and
what a change of automod settings cannot be (the settings themselves are shown by wording.automod)."""

from datetime import timedelta

from aegis.domain.durations import describe
from aegis.domain.guilds import GuildSettings
from aegis.domain.moderation.ladder import describe_ladder

CHANGING = "change this server's moderation settings"
READING = "see this server's moderation settings"
AUTOMOD_CHANGING = "change this server's automod settings"
AUTOMOD_READING = "see this server's automod settings"


def summary(settings: GuildSettings) -> str:
    lifetime = describe(timedelta(seconds=settings.warning_lifetime_s)) if settings.warning_lifetime_s else "never"
    return "\n".join(
        [
            "**Moderation settings**",
            f"Mod log: {f'<#{settings.mod_log_channel_id}>' if settings.mod_log_channel_id else 'not set'}",
            f"Mute role: {f'<@&{settings.mute_role_id}>' if settings.mute_role_id else 'not set (/mute is off)'}",
            f"DM members about actions: {'on' if settings.dm_on_action else 'off'}",
            f"Warnings expire after: {lifetime}",
            f"Escalation ladder: {describe_ladder(settings.escalation)}",
        ]
    )


def saved(settings: GuildSettings) -> str:
    return f"✅ Saved.\n{summary(settings)}"


def bad_lifetime(problem: str) -> str:
    return f"{problem}; or write never."


# ---- /automod: what a change cannot be ----

NO_LIMIT_OR_WINDOW = "Give a limit, a window or both, e.g. limit 5 and window 10s."


def _did_you_mean(closest: str | None) -> str:
    return f" (did you mean {closest}?)" if closest else ""


def unknown_rule(text: str, closest: str | None, rules: list[str], whole_server: str) -> str:
    return (
        f"There is no automod rule {text!r}{_did_you_mean(closest)}. Rules: {', '.join(rules)}; or {whole_server} "
        "for the whole server."
    )


def unknown_setting(rule: str | None, text: str, closest: str | None, known) -> str:
    """`rule` None: the server-wide settings."""
    owner = "Automod has no server-wide setting" if rule is None else f"{rule} has no setting"
    return f"{owner} {text!r}{_did_you_mean(closest)}. Its settings: {', '.join(known)}."


def unknown_bucket(text: str, closest: str | None, buckets) -> str:
    return f"There is no rate-limit bucket {text!r}{_did_you_mean(closest)}. Buckets: {', '.join(buckets)}."


def not_listed(path: str, items) -> str:
    return f"{path} does not hold {', '.join(str(i) for i in items)}; nothing was removed."


def invalid(problems: list[str]) -> str:
    return "; ".join(problems) + ". Nothing was changed."


def not_a_list(path: str) -> str:
    return f"{path} is one value, not a list: set it instead."
