"""Every automod rule, in the order the engine runs them (cheap checks first)."""

from aegis.services.automod.rules.base import Hit, JoinRule, MessageRule, RuleSettings
from aegis.services.automod.rules.bursts.duplicates import DuplicatesRule, DuplicatesSettings
from aegis.services.automod.rules.bursts.message_rate import MessageRateRule, MessageRateSettings
from aegis.services.automod.rules.content.attachments import AttachmentsRule, AttachmentsSettings
from aegis.services.automod.rules.content.caps import CapsRule, CapsSettings
from aegis.services.automod.rules.content.emoji import EmojiRule, EmojiSettings
from aegis.services.automod.rules.content.invites import InvitesRule, InvitesSettings
from aegis.services.automod.rules.content.links import LinksRule, LinksSettings
from aegis.services.automod.rules.content.mentions import MentionsRule, MentionsSettings
from aegis.services.automod.rules.content.words import WordsRule, WordsSettings
from aegis.services.automod.rules.content.zalgo import ZalgoRule, ZalgoSettings
from aegis.services.automod.rules.joins import JoinRateRule, JoinRateSettings, NewAccountRule, NewAccountSettings

MESSAGE_RULES: tuple[type[MessageRule], ...] = (
    MessageRateRule,
    DuplicatesRule,
    MentionsRule,
    AttachmentsRule,
    InvitesRule,
    WordsRule,
    LinksRule,
    CapsRule,
    EmojiRule,
    ZalgoRule,
)
JOIN_RULES: tuple[type[JoinRule], ...] = (NewAccountRule, JoinRateRule)
SETTINGS_TYPES: dict[str, type[RuleSettings]] = {r.name: r.settings_type for r in (*MESSAGE_RULES, *JOIN_RULES)}

__all__ = [
    "JOIN_RULES",
    "MESSAGE_RULES",
    "SETTINGS_TYPES",
    "AttachmentsRule",
    "AttachmentsSettings",
    "CapsRule",
    "CapsSettings",
    "DuplicatesRule",
    "DuplicatesSettings",
    "EmojiRule",
    "EmojiSettings",
    "Hit",
    "InvitesRule",
    "InvitesSettings",
    "JoinRateRule",
    "JoinRateSettings",
    "JoinRule",
    "LinksRule",
    "LinksSettings",
    "MentionsRule",
    "MentionsSettings",
    "MessageRateRule",
    "MessageRateSettings",
    "MessageRule",
    "NewAccountRule",
    "NewAccountSettings",
    "RuleSettings",
    "WordsRule",
    "WordsSettings",
    "ZalgoRule",
    "ZalgoSettings",
]
