"""`AEGIS_LOG_LEVEL=DEBUG`: every query on the "peewee" logger with the milliseconds it took (peewee's query hooks
measure it; its own debug line, written before the query runs, cannot say)."""

import logging

import peewee as pw

log = logging.getLogger("peewee")


def log_query_times(db: pw.Database) -> None:
    hooks = getattr(db, "query_hooks", None)  # peewee 4's; an older peewee logs queries untimed
    if hooks is None or not log.isEnabledFor(logging.DEBUG) or _timed in hooks:
        return
    hooks.append(_timed)


def _timed(event) -> None:
    fields = {"ms": round(event.duration * 1000, 3), "sql": event.sql, "params": list(event.params or ())}
    if event.exception is not None:
        fields["failed"] = f"{type(event.exception).__name__}: {event.exception}"
    log.debug("query", extra={"fields": fields})
