"""`aegis data export|forget` and `aegis cases export`: members' data out, or gone, and cases in bulk."""

import json
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click

from aegis import files
from aegis.cli.context import cipher_of, database_of, ledger_of
from aegis.domain.refusals import Refusal
from aegis.services.data import cases_export
from aegis.services.data.export import export_user
from aegis.services.data.forget import Request, forget_user
from aegis.services.logs.keys import rotate_key
from aegis.services.logs.store import opener
from aegis.storage.moderation import cases


@contextmanager
def _output(path: Path | None):
    """Standard output, or a file only its owner can read (it holds a member's data)."""
    if path is None:
        yield sys.stdout
        return
    with files.open_private(path, "w", encoding="utf-8") as out:
        yield out


@click.group()
def data() -> None:
    """One member's data: everything Aegis holds about them, or none of it.

    \b
    Examples:
      aegis data export 1049862734591127552 --output member.json
      aegis data forget 1049862734591127552 --reason "asked by DM on 2026-12-01" --keep-moderation
      aegis data rotate-key
    """


@data.command("export")
@click.argument("user_id", type=int)
@click.option("--guild", "guild_id", type=int, help="Only what this guild holds.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (mode 0600).")
@click.pass_context
def export(ctx: click.Context, user_id: int, guild_id: int | None, output: Path | None) -> None:
    """Write one JSON document with everything Aegis holds about a user, and nothing about anyone else.

    \b
    Example:
      aegis data export 1049862734591127552 --guild 81384788765712384 --output member.json
    """
    database_of(ctx)
    document = export_user(user_id, guild_id, opener(cipher_of(ctx)))
    with _output(output) as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    if output:
        total = sum(len(rows) for rows in document["sections"].values())
        click.echo(f"wrote {output}: {total} record(s) about user {user_id}", err=True)


@data.command("forget")
@click.argument("user_id", type=int)
@click.option("--reason", required=True, help="Why (kept in the audit log: do not name the member).")
@click.option(
    "--keep-moderation",
    is_flag=True,
    help="The member asked: keep the cases against them where the guild's policy says so (forget_keeps_cases).",
)
@click.option("--account-deleted", is_flag=True, help="Discord says the account was deleted: remove everything.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def forget(ctx: click.Context, user_id: int, reason: str, keep_moderation: bool, account_deleted: bool, yes: bool):
    """Remove a user from everything Aegis stores, and keep them removed across backup restores.

    Without --keep-moderation (an operator's decision) everything that names them goes.

    \b
    Examples:
      aegis data forget 1049862734591127552 --reason "member request, ticket 41" --keep-moderation
      aegis data forget 1049862734591127552 --reason "account deleted" --account-deleted --yes
    """
    if keep_moderation and account_deleted:
        raise click.UsageError("--keep-moderation is for a member's own request; a deleted account loses everything")
    request = Request.MEMBER if keep_moderation else Request.ACCOUNT_DELETED if account_deleted else Request.OPERATOR
    database_of(ctx)
    if not yes:
        click.confirm(f"Forget user {user_id} ({request.value} request)? This cannot be undone", abort=True)
    outcome = forget_user(user_id, reason, request, ledger_of(ctx))
    if isinstance(outcome, Refusal):
        raise click.ClickException(outcome.reason)
    removal = outcome.removal
    for table, n in sorted(removal.removed.items()):
        click.echo(f"removed     {n:>6}  {table}")
    for table, n in sorted(removal.anonymised.items()):
        click.echo(f"anonymised  {n:>6}  {table}")
    if removal.kept_cases:
        click.echo(
            f"kept {removal.kept_cases} case(s) against them in {len(outcome.kept_in)} guild(s) whose policy keeps them"
        )
    if not removal.removed and not removal.anonymised:
        click.echo(f"Aegis held nothing about user {user_id}")
    click.echo("recorded in the deletion ledger: a restore of an older backup will forget them again")


@data.command("rotate-key")
@click.pass_context
def rotate_key_cmd(ctx: click.Context) -> None:
    """Seal every logged message under a new key, then drop the old one.

    The key file (aegis-content.key, beside the config) keeps the old key until every row is re-sealed, so a
    rotation cut short loses nothing: run it again. Running bots pick the new key up within seconds.

    \b
    Example:
      aegis data rotate-key
    """
    database_of(ctx)
    cipher = cipher_of(ctx)
    done = rotate_key(cipher)
    click.echo(f"re-sealed {done} logged message(s) under a new key; {cipher.path} holds only the new key")


@click.group("cases")
def cases_group() -> None:
    """Cases in bulk.

    \b
    Example:
      aegis cases export --guild 81384788765712384 --format csv > cases.csv
    """


@cases_group.command("export")
@click.option("--guild", "guild_id", type=int, help="Only this guild's cases.")
@click.option("--moderator", "moderator_id", type=int, help="Only cases this moderator made.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), help="Only cases from then (UTC).")
@click.option("--format", "fmt", type=click.Choice(cases_export.FORMATS), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (mode 0600).")
@click.pass_context
def export_cases(ctx, guild_id, moderator_id, since: datetime | None, fmt: str, output: Path | None) -> None:
    """Stream cases oldest first as CSV, a JSON array or NDJSON (one case a line).

    \b
    Examples:
      aegis cases export --format ndjson --since 2026-11-01 > november.ndjson
      aegis cases export --guild 81384788765712384 --moderator 1049862734591127552 --output mod.csv
    """
    database_of(ctx)
    rows = cases.stream(guild_id, moderator_id, since.replace(tzinfo=UTC) if since else None)
    with _output(output) as out:
        for chunk in cases_export.render(rows, fmt):
            out.write(chunk)
