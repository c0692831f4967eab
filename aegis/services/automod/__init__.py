"""Automod: pure rules over plain message and join snapshots. No Discord in here."""

from aegis.services.automod.context import Attachment, JoinContext, JoinWindow, MessageContext, Standing
from aegis.services.automod.engine import AutomodEngine, SettingsProvider
from aegis.services.automod.settings import (
    AutomodSettings,
    ParsedSettings,
    SettingsCache,
    default_settings,
    parse_settings,
)
from aegis.services.automod.verdict import Action, Verdict

__all__ = [
    "Action",
    "Attachment",
    "AutomodEngine",
    "AutomodSettings",
    "JoinContext",
    "JoinWindow",
    "MessageContext",
    "ParsedSettings",
    "SettingsCache",
    "SettingsProvider",
    "Standing",
    "Verdict",
    "default_settings",
    "parse_settings",
]
