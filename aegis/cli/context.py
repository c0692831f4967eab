import click
import peewee as pw

from aegis.config import Config, load_config
from aegis.services.data.ledger import DeletionLedger
from aegis.services.logs.cipher import ContentCipher
from aegis.storage.database import connect


def config_of(ctx: click.Context) -> Config:
    root = ctx.find_root()
    if "config" not in root.obj:
        root.obj["config"] = load_config(root.obj.get("config_path"))
    return root.obj["config"]


def database_of(ctx: click.Context) -> pw.Database:
    root = ctx.find_root()
    if "database" not in root.obj:
        root.obj["database"] = connect(config_of(ctx).database.url)
        ctx.call_on_close(root.obj["database"].close)
    return root.obj["database"]


def ledger_of(ctx: click.Context) -> DeletionLedger:
    """Beside the config file (or in the working directory without one), never inside the database."""
    return DeletionLedger(config_of(ctx).home)


def cipher_of(ctx: click.Context) -> ContentCipher:
    """The key that seals logged message content: a 0600 file beside the config, made on first use."""
    return ContentCipher.beside(config_of(ctx).home)
