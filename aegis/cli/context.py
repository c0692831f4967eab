import click
import peewee as pw

from aegis.config import Config, load_config
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
