"""Setting values as moderators type them → the JSON values the settings' checks expect.

Text that does not convert is passed on as it was typed, so the check's own sentence reports it
("message_rate.limit must be a whole number from 1 to 100, got 'ten'").
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from aegis.domain.durations import BadDuration, parse_duration
from aegis.services.automod.fields import FieldInfo

TRUE = frozenset({"true", "on", "yes", "y", "1", "enable", "enabled"})
FALSE = frozenset({"false", "off", "no", "n", "0", "disable", "disabled"})
EMPTY = frozenset({"none", "empty", "clear"})  # a whole list set to nothing
_MENTION = re.compile(r"^<(?:@&|@!?|#)(\d+)>$")  # a role, user or channel as Discord writes it


def is_duration_setting(name: str) -> bool:
    return name.endswith(("_s", "_seconds"))


def value_from_text(info: FieldInfo, text: str) -> Any:
    cleaned = text.strip()
    if info.kind == "flag":
        return flag_from_text(cleaned)
    if info.kind in ("whole", "number"):
        return number_from_text(cleaned, duration=is_duration_setting(info.name))
    if info.kind == "choice":
        return cleaned.lower()
    if info.is_list:
        return [] if cleaned.lower() in EMPTY else items_from_text(info, cleaned)
    return cleaned


def flag_from_text(text: str) -> bool | str:
    low = text.strip().lower()
    return True if low in TRUE else False if low in FALSE else text


def number_from_text(text: str, *, duration: bool = False) -> int | float | str:
    """'3' → 3, '0.5' → 0.5, '<@&123>' → 123; with `duration`, '10m' → 600 too."""
    cleaned = text.strip()
    if mention := _MENTION.match(cleaned):
        return int(mention.group(1))
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        pass
    else:
        return number if math.isfinite(number) else text
    if duration:
        parsed = parse_duration(cleaned)
        if not isinstance(parsed, BadDuration):
            return int(parsed.total_seconds())
    return text


def items_from_text(info: FieldInfo, text: str) -> list[Any]:
    """Comma-separated entries (IDs may also be separated by spaces); a JSON list when an entry holds a comma."""
    cleaned = text.strip()
    if cleaned.startswith("["):
        try:
            parsed = json.loads(cleaned)
        except ValueError:
            return [cleaned]
        items = parsed if isinstance(parsed, list) else [parsed]
    elif info.kind == "ids":
        items = cleaned.replace(",", " ").split()
    else:
        items = [part.strip() for part in cleaned.split(",")]
    items = [item for item in items if item != ""]
    return [_id(item) for item in items] if info.kind == "ids" else items


def _id(item: Any) -> Any:
    if isinstance(item, str):
        mention = _MENTION.match(item.strip())
        if mention:
            return int(mention.group(1))
        if item.strip().isdigit():
            return int(item.strip())
    return item
