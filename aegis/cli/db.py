import click

from aegis import clock
from aegis.cli.backup import backup, restore, verify
from aegis.cli.context import config_of, database_of
from aegis.services.data import retention
from aegis.storage import migrations
from aegis.storage.database import redact_url

KIND_NAMES = {
    "audit_days": "audit entries",
    "automod_days": "automod detections",
    "counters_days": "daily counters",
    "message_content_hours": "logged messages",
}


@click.group()
def db() -> None:
    """Look after the database: migrations, retention and backups.

    \b
    Examples:
      aegis db status
      aegis db migrate
      aegis db rollback --steps 1
      aegis db backup --dir backups --keep 7
      aegis db verify backups/aegis-20261122T180000Z.aegisbak
      aegis db restore backups/aegis-20261122T180000Z.aegisbak --force
    """


@db.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Apply every pending migration, oldest first.

    \b
    Example:
      AEGIS_DATABASE_URL=postgresql://aegis@127.0.0.1/aegis aegis db migrate
    """
    applied = migrations.apply(database_of(ctx))
    for name in applied:
        click.echo(f"applied {name}")
    click.echo(f"{len(applied)} migration(s) applied" if applied else "already up to date")


@db.command()
@click.option("--check", is_flag=True, help="Exit with status 1 when migrations are pending.")
@click.pass_context
def status(ctx: click.Context, check: bool) -> None:
    """List applied and pending migrations.

    \b
    Example:
      aegis db status --check && aegis run
    """
    current = migrations.status(database_of(ctx))
    click.echo(f"database: {redact_url(config_of(ctx).database.url)}")
    for name in current.applied:
        click.echo(f"  applied  {name}")
    for name in current.pending:
        click.echo(f"  pending  {name}")
    for name in current.unknown:
        click.echo(f"  unknown  {name}  (from a newer Aegis)")
    if current.clean:
        click.echo(f"up to date: {len(current.applied)} applied, none pending")
    else:
        click.echo(
            f"{len(current.pending)} pending: run `aegis db migrate`"
            if current.pending
            else "the database is newer than this Aegis: upgrade Aegis"
        )
        if check:
            ctx.exit(1)


@db.command()
@click.option("--steps", default=1, show_default=True, type=click.IntRange(min=1), help="How many to undo.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def rollback(ctx: click.Context, steps: int, yes: bool) -> None:
    """Undo the newest migrations. Undoing 001_initial drops every table Aegis has: take a backup first.

    \b
    Example:
      aegis db rollback --steps 1 --yes
    """
    database = database_of(ctx)
    applied = migrations.status(database).applied
    doomed = list(reversed(applied))[:steps]
    if not yes:
        click.confirm(
            f"Roll back {', '.join(doomed) or 'nothing'}? Data in the tables they created is lost", abort=True
        )
    for name in migrations.rollback(database, steps):
        click.echo(f"rolled back {name}")


@db.command()
@click.pass_context
def prune(ctx: click.Context) -> None:
    """Delete audit entries, automod detections, daily counters and logged messages older than their retention: [retention]
    in aegis.toml, or a guild's own `retention` setting where it has one. Cases are never pruned.

    \b
    Example:
      aegis db prune
    """
    defaults = config_of(ctx).retention.days()
    database_of(ctx)
    deleted = retention.prune(clock.now(), defaults)
    for kind, n in deleted.items():
        if kind == "message_content_hours":
            span = f"{defaults[kind]} hours"
        else:
            span = f"{defaults[kind] or '∞'} days"
        click.echo(f"deleted {n:>7} {KIND_NAMES[kind]} (older than {span}, or the guild's own retention)")


db.add_command(backup)
db.add_command(verify)
db.add_command(restore)
