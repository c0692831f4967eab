import json
from datetime import UTC, datetime

import peewee


class UTCDateTimeField(peewee.DateTimeField):
    """Aware UTC datetimes in Python; naive UTC in the database, which both SQLite and Postgres sort right."""

    def db_value(self, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        value = super().python_value(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class JSONField(peewee.TextField):
    """JSON kept as text so that backups and both backends see the same bytes."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)
