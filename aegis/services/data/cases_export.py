"""Cases out in bulk, as CSV, a JSON array or NDJSON, written as they are read (a million cases never sit in
memory at once)."""

import csv
import json
from collections.abc import Iterable, Iterator
from io import StringIO

from aegis.domain.moderation.cases import Case

FORMATS = ("csv", "json", "ndjson")
COLUMNS = (
    "guild_id",
    "number",
    "type",
    "target_id",
    "target_kind",
    "actor_kind",
    "moderator_id",
    "reason",
    "created_at",
    "expires_at",
    "ended_at",
    "active",
    "pardoned_at",
    "pardon_reason",
    "discord_state",
)


def record(case: Case) -> dict:
    """One case as flat values: ids as strings (exact in any spreadsheet or JavaScript), instants in ISO 8601."""
    out = {}
    for column in COLUMNS:
        value = getattr(case, column)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif column.endswith("_id") and value is not None:
            value = str(value)
        elif hasattr(value, "value"):
            value = value.value
        out[column] = value
    return out


def render(cases: Iterable[Case], fmt: str) -> Iterator[str]:
    """Chunks of text to write one after another."""
    if fmt == "csv":
        yield from _csv(cases)
    elif fmt == "ndjson":
        for case in cases:
            yield json.dumps(record(case), ensure_ascii=False) + "\n"
    else:
        first = True
        yield "["
        for case in cases:
            yield ("\n" if first else ",\n") + json.dumps(record(case), ensure_ascii=False)
            first = False
        yield "\n]\n" if not first else "]\n"


def _csv(cases: Iterable[Case]) -> Iterator[str]:
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for case in cases:
        writer.writerow(record(case))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
