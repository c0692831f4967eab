import sys
from pathlib import Path

import click

from aegis.cli.context import config_of, database_of
from aegis.storage import migrations
from aegis.storage.database import backend_of, redact_url, sqlite_path


@click.command()
@click.option(
    "--screen",
    type=click.Choice(["cases", "audit", "ratelimits", "schedules", "automod", "health"]),
    default="cases",
    show_default=True,
    help="The screen to start on.",
)
@click.pass_context
def tui(ctx: click.Context, screen: str) -> None:
    """Open the operator console: cases, audit log, rate limits, schedules, automod and health, live.

    \b
    Example:
      AEGIS_DATABASE_URL=postgresql://aegis@127.0.0.1/aegis AEGIS_REDIS_URL=redis://127.0.0.1 aegis tui
    """
    from aegis.tui.app import AegisConsole
    from aegis.tui.data import Sources

    config = config_of(ctx)
    url = config.database.url
    if backend_of(url) == "sqlite" and sqlite_path(url) != ":memory:" and not Path(sqlite_path(url)).exists():
        # Opening it would create an empty file, and the console would then read "no such table".
        raise click.ClickException(
            f"there is no database at {sqlite_path(url)}: run `aegis init` to make one, "
            "or set AEGIS_DATABASE_URL (or [database] url in aegis.toml) to the bot's database."
        )
    db = database_of(ctx)
    _ensure_migrated(db, redact_url(url))
    AegisConsole(Sources(db, config.redis.url, config.redis.rate_limit_prefix), initial=screen).run()


def _ensure_migrated(db, shown_url: str) -> None:
    """The console reads the schema this Aegis knows: offer to migrate a database that is behind."""
    status = migrations.status(db)
    if not status.pending:
        return
    what = "was never migrated" if not status.applied else f"is {len(status.pending)} migration(s) behind"
    message = f"the database at {shown_url} {what} (pending: {', '.join(status.pending)})"
    if not on_terminal() or not click.confirm(f"{message}. Run `aegis db migrate` now?", default=False):
        raise click.ClickException(f"{message}: run `aegis db migrate`, then `aegis tui` again.")
    for name in migrations.apply(db):
        click.echo(f"applied {name}")


def on_terminal() -> bool:
    return sys.stdin.isatty()
