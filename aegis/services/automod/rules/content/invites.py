"""Discord invites to other servers, unless the code is on the guild's allow-list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aegis.services.automod.context import MessageContext
from aegis.services.automod.fields import texts
from aegis.services.automod.rules.base import Hit, MessageRule, RuleSettings
from aegis.services.automod.rules.obfuscation import deobfuscate

# discord.gg/x, discord.com/invite/x, discordapp.com/invite/x, with or without a scheme,
# and with spaces around the punctuation ("discord . gg / x").
INVITE = re.compile(
    r"(?:discord(?:app)?\s*\.\s*com\s*/\s*invite|discord\s*\.\s*gg)\s*/\s*([a-z0-9-]{2,32})",
    re.IGNORECASE,
)


def find_invite_codes(text: str) -> list[str]:
    lowered = text.lower()
    if "discord" not in lowered:
        return []
    return INVITE.findall(deobfuscate(text))


@dataclass(frozen=True)
class InvitesSettings(RuleSettings):
    allowed_codes: tuple[str, ...] = texts((), max_len=64, doc="invite codes that may be posted (this guild's own)")


class InvitesRule(MessageRule[InvitesSettings]):
    name = "invites"
    settings_type = InvitesSettings

    def check(self, ctx: MessageContext, settings: InvitesSettings) -> Hit | None:
        codes = find_invite_codes(ctx.content)
        if not codes:
            return None
        # Invite codes are case-sensitive; vanity URLs are not, so compare both ways.
        allowed = {c.lower() for c in settings.allowed_codes}
        foreign = [c for c in codes if c.lower() not in allowed]
        if not foreign:
            return None
        return Hit(
            reason=f"invite to another server: discord.gg/{foreign[0]}"
            + (f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""),
            matched=", ".join(foreign),
            counts={"invites": len(foreign)},
            message_ids=(ctx.message_id,),
        )
