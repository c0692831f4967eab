import peewee as pw

from aegis.storage import models


def database() -> pw.Database:
    """The database the models are bound to (storage.database.bind at start-up)."""
    db = models.Guild._meta.database
    if db is None:
        raise RuntimeError("storage is not bound to a database; call aegis.storage.database.connect first")
    return db
