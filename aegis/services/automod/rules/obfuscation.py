"""Undo the tricks people use to slip links past filters, before looking for links.

Runs on every message that holds a hint, so it must stay linear in the message: each pattern here has a bounded
width (no `*` or `+`), so trying it at one position costs the same whatever the message holds. The whitespace a
spelled-out dot swallows ("example [.] com") is stripped from the pieces around it rather than matched: a leading
`\\s*` made the engine rescan a run of spaces from each of its positions, quadratic in the run.
"""

from __future__ import annotations

import re

# hxxp://, h**p://; "[.]", "(.)", "{.}", " dot " and an ideographic full stop as dots;
# "[:]" as a colon; a backslash as a slash (clients accept discord.gg\code).
SCHEME = re.compile(r"\bh(?:xx|\*\*|tt)p(s?)(?:\[:\]|:)//", re.IGNORECASE)
SPELLED_DOT = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)", re.IGNORECASE)
_FULL_STOPS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_HINTS = ("xx", "**", "[", "(", "{", "。", "．", "｡", "\\")


def deobfuscate(text: str) -> str:
    if not any(h in text for h in _HINTS):
        return text
    text = SCHEME.sub(r"http\1://", text)
    text = _spelled_dots(text)
    return text.translate(_FULL_STOPS).replace("\\", "/")


def _spelled_dots(text: str) -> str:
    """Each spelled-out dot, with the whitespace either side of it, becomes one '.'."""
    pieces = SPELLED_DOT.split(text)
    if len(pieces) == 1:
        return text
    inner = (piece.strip() for piece in pieces[1:-1])
    return ".".join((pieces[0].rstrip(), *inner, pieces[-1].lstrip()))
