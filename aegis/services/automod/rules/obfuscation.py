"""Undo the tricks people use to slip links past filters, before looking for links."""

from __future__ import annotations

import re

# hxxp://, h**p://; "[.]", "(.)", "{.}", " dot " and an ideographic full stop as dots;
# "[:]" as a colon; a backslash as a slash (clients accept discord.gg\code).
_SCHEME = re.compile(r"\bh(?:xx|\*\*|tt)p(s?)(?:\[:\]|:)//", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))\s*|[。．｡]", re.IGNORECASE)
_HINTS = ("xx", "**", "[", "(", "{", "。", "．", "｡", "\\")


def deobfuscate(text: str) -> str:
    if not any(h in text for h in _HINTS):
        return text
    text = _SCHEME.sub(r"http\1://", text)
    text = _DOT.sub(".", text)
    return text.replace("\\", "/")
