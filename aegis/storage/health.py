"""What the health endpoint and the metrics ask the database: does it answer, and how much work is waiting."""

from datetime import datetime

from aegis.storage import models as m
from aegis.storage.session import database

S = m.ScheduledAction


def ping() -> None:
    """One round trip; raises whatever the driver raises when the database does not answer. A failed ping closes
    its connection, so the next one connects afresh and sees the database come back."""
    db = database()
    try:
        db.execute_sql("SELECT 1").fetchone()
    except Exception:
        db.close()
        raise


def schedule_backlog(overdue_before: datetime) -> tuple[int, int]:
    """(pending, pending and due before `overdue_before`), across every guild of the deployment."""
    pending = S.select().where(S.state == "pending")
    return pending.count(), pending.where(S.due_at < overdue_before).count()
