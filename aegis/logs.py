"""Aegis's log: one line per event on stderr (for journald or a log shipper), logfmt by default or JSON.

A line's fields: `ts`, `level`, `logger`, `msg`, then whatever the call passed as `extra={"fields": {...}}`
(the moderation lines: guild, case, actor, …), then `error` with the exception, if any. URL passwords are masked
in every line, tracebacks included: a library may log the URL it was given.
"""

import json
import logging
import re
import sys
from datetime import UTC, datetime

from aegis.redact import redact

FORMATS = ("logfmt", "json")
BASE_KEYS = frozenset({"ts", "level", "logger", "msg", "error"})
_TRAILING_PAIRS = re.compile(r"^(?P<text>[^=]*?)(?P<pairs>(?:\s+[\w.]+=\S*)+)$")
# discord.py warns at every start that voice cannot work without PyNaCl and davey; Aegis never joins voice.
VOICE_WARNING = "voice will NOT be supported"


def fields(**values) -> dict:
    """`log.info("…", extra=fields(guild=1, case=2))`: structured fields for the line."""
    return {"fields": values}


def _base(record: logging.LogRecord) -> dict:
    given = getattr(record, "fields", None) or {}
    text, pairs = split_message(record.getMessage(), reserved=given)
    line = {
        "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "msg": text,
    }
    line.update(pairs)
    line.update(given)
    return line


def split_message(message: str, reserved=()) -> tuple[str, dict[str, str]]:
    """Aegis's older lines put their fields in the message ("ready user=… guilds=3"): a message that ends in
    key=value pairs gives them as fields (unless a key is taken), the words before them as msg."""
    found = _TRAILING_PAIRS.match(message)
    if not found:
        return message, {}
    pairs = dict(pair.split("=", 1) for pair in found["pairs"].split())
    if BASE_KEYS.intersection(pairs) or set(reserved).intersection(pairs):
        return message, {}
    return found["text"], pairs


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = _base(record)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return redact(" ".join(f"{key}={_logfmt_value(value)}" for key, value in line.items() if value is not None))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = _base(record)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(line, default=str, ensure_ascii=False))


def _logfmt_value(value) -> str:
    text = (
        value if isinstance(value, str) else json.dumps(value, default=str) if isinstance(value, dict) else str(value)
    )
    # Quoted only where a parser would misread it: a space, a quote, a backslash or a line break ("=" inside a value
    # is read as part of it, as go-logfmt and Loki read it).
    if text and not any(c in text for c in ' "\\\n\t'):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


class _NotVoice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return VOICE_WARNING not in record.getMessage()


def setup_logging(level: str, format: str = "logfmt") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if format == "json" else LogfmtFormatter())
    handler.addFilter(_NotVoice())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
    peewee_log = logging.getLogger("peewee")
    peewee_log.filters[:] = [_not_peewee_own]


def _not_peewee_own(record: logging.LogRecord) -> bool:
    """peewee's own query line (a bare (sql, params) tuple, before the query runs) gives way to the timed one that
    aegis.storage.querylog writes after it."""
    return not isinstance(record.msg, tuple)
