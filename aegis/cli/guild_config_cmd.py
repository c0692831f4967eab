"""`aegis config history|diff|rollback|export|import`: a guild's settings as versioned, diffable data."""

import click

from aegis.cli.context import database_of
from aegis.domain.actors import OPERATOR
from aegis.domain.refusals import Refusal
from aegis.services.settings import history as settings_history

GUILD = click.argument("guild_id", type=int, metavar="GUILD")


def _done(outcome):
    if isinstance(outcome, Refusal):
        raise click.ClickException(outcome.reason)
    return outcome


@click.command("history")
@GUILD
@click.pass_context
def history(ctx: click.Context, guild_id: int) -> None:
    """List every saved version of a guild's settings: when, by whom, what changed.

    \\b
    Example:
      aegis config history 1049862734591127552
    """
    database_of(ctx)
    entries = settings_history.history(guild_id)
    if not entries:
        click.echo(f"guild {guild_id} has no saved settings yet (it runs on the defaults)")
        return
    for entry in entries:
        r = entry.revision
        who = r.actor.kind.value + (f" {r.actor.id}" if r.actor.id else "")
        changed = ", ".join(entry.changed) or "nothing"
        click.echo(f"v{r.version:<4} {r.created_at:%Y-%m-%d %H:%M} UTC  {r.action:<18} {who:<28} {changed}")


@click.command("diff")
@GUILD
@click.argument("old", type=int)
@click.argument("new", type=int, required=False)
@click.pass_context
def diff(ctx: click.Context, guild_id: int, old: int, new: int | None) -> None:
    """Show how version OLD differs from version NEW (or, without NEW, from the settings in force now).

    \\b
    Examples:
      aegis config diff 1049862734591127552 3
      aegis config diff 1049862734591127552 3 5
    """
    database_of(ctx)
    text = _done(settings_history.diff(guild_id, old, new))
    click.echo(text or "no difference", nl=not text)


@click.command("rollback")
@GUILD
@click.argument("version", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def rollback(ctx: click.Context, guild_id: int, version: int, yes: bool) -> None:
    """Put a guild's settings back as they were at VERSION (saved as a new version, so it can be undone too).

    \\b
    Example:
      aegis config rollback 1049862734591127552 3
    """
    database_of(ctx)
    changes = _done(settings_history.diff(guild_id, version))
    if not changes:
        click.echo(f"the settings in force already match version {version}; nothing changed")
        return
    click.echo(changes, nl=False)
    if not yes:
        click.confirm(f"Roll guild {guild_id}'s settings back to version {version}?", abort=True)
    saved = _done(settings_history.rollback(guild_id, version, OPERATOR))
    click.echo(f"rolled back to version {version}: now version {saved.version}")


@click.command("export")
@GUILD
@click.option("--version", "version", type=int, help="A saved version instead of the settings in force.")
@click.pass_context
def export(ctx: click.Context, guild_id: int, version: int | None) -> None:
    """Write a guild's settings as TOML to standard output, to keep in git or copy to another server.

    \\b
    Example:
      aegis config export 1049862734591127552 > server.toml
    """
    database_of(ctx)
    data = _done(settings_history.settings_at(guild_id, version))
    click.echo(settings_history.to_toml(guild_id, data, version=version), nl=False)


@click.command("import")
@GUILD
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def import_(ctx: click.Context, guild_id: int, file: str, yes: bool) -> None:
    """Replace a guild's settings with a TOML file's: validated whole, shown as a diff, applied in one
    transaction. Settings the file leaves out go back to their defaults (ids: unset).

    \\b
    Examples:
      aegis config import 1049862734591127552 server.toml
      aegis config export 111 | aegis config import 222 - --yes
    """
    database_of(ctx)
    with click.open_file(file) as stream:
        text = stream.read()
    checked = _done(settings_history.read_import(guild_id, text))
    if not checked.diff:
        click.echo("the file matches the settings in force; nothing changed")
        return
    click.echo(checked.diff, nl=False)
    if not yes:
        if file == "-":
            raise click.ClickException("the file came on standard input, so I cannot ask: pass --yes to apply it")
        click.confirm(f"Apply these settings to guild {guild_id}?", abort=True)
    saved = settings_history.apply_import(guild_id, checked, OPERATOR)
    click.echo(f"imported: guild {guild_id}'s settings are now version {saved.version}")


COMMANDS = (history, diff, rollback, export, import_)
