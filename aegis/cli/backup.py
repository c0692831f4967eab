"""`aegis db backup | verify | restore`: parse, call aegis.services.backup, say what happened."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from aegis.cli.context import config_of, database_of, ledger_of
from aegis.services.backup.reader import verify as verify_archive
from aegis.services.backup.restore import restore as restore_archive
from aegis.services.backup.signing import NotOurs, Provenance, check, load_key, load_or_create_key
from aegis.services.backup.writer import backup_into, take_backup
from aegis.services.data.forget import reapply
from aegis.storage.database import redact_url

NOT_OURS_EXIT = 3  # sound, but not made by this deployment (1: damaged or refused)


@contextmanager
def progress_bar(what: str) -> Iterator:
    """A rich progress bar on stderr when it is a terminal; otherwise a callback that does nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn(f"{what} [bold]{{task.fields[table]}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None, table="")

        def update(table: str, rows: int, total: int) -> None:
            bar.update(task, completed=rows, total=max(total, rows) or None, table=table)

        yield update


def _size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024
    return f"{size} B"


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write exactly this file.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write aegis-<UTC time>.aegisbak here (default [backup] dir).",
)
@click.option("--keep", type=click.IntRange(min=1), help="With --dir: keep the newest N (default [backup] keep).")
@click.pass_context
def backup(ctx: click.Context, output: Path | None, directory: Path | None, keep: int | None) -> None:
    """Write one checksummed archive of everything Aegis stores, from one consistent snapshot.

    \b
    Examples:
      aegis db backup                               into [backup] dir, keeping [backup] keep
      aegis db backup --dir /srv/backups --keep 14
      aegis db backup --output before-upgrade.aegisbak
    """
    if output and (directory or keep):
        raise click.UsageError("--output names one file; --dir and --keep are for timestamped backups")
    config = config_of(ctx)
    url = config.database.url
    key = load_or_create_key(config.backup_key_path)
    with progress_bar("backing up") as on_progress:
        if output:
            result = take_backup(url, output, key=key, on_progress=on_progress)
        else:
            result = backup_into(
                url, directory or Path(config.backup.dir), keep or config.backup.keep, key=key, on_progress=on_progress
            )
    manifest = result.manifest
    click.echo(
        f"wrote {result.path} ({_size(result.size)}): {manifest.total_rows:,} rows in "
        f"{len(manifest.tables)} tables from {redact_url(url)} in {result.seconds:.1f} s"
    )
    for path in result.pruned:
        click.echo(f"deleted old backup {path}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--trust-any", is_flag=True, help="Accept a sound archive this deployment did not sign.")
@click.pass_context
def verify(ctx: click.Context, file: Path, trust_any: bool) -> None:
    """Check an archive completely (every checksum and row count, to the last byte, and its signature); no
    database needed.

    Exits 0 when the archive is sound and this deployment made it (or --trust-any); 1 when it is damaged or
    over a limit; 3 when it is sound but not signed with this deployment's backup key (aegis-backup.key
    beside aegis.toml): made elsewhere, or altered with its checksums fixed.

    \b
    Examples:
      aegis db verify backups/aegis-20261122T180000Z.aegisbak
      aegis db verify --trust-any from-the-old-server.aegisbak
    """
    key = load_key(config_of(ctx).backup_key_path)
    with progress_bar("verifying") as on_progress:
        verified = verify_archive(file, key=key, on_progress=_rows_progress(on_progress))
    try:
        check(str(file), verified.provenance, key, trust_any=trust_any)
    except NotOurs as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(NOT_OURS_EXIT)
    manifest = verified.manifest
    who = verified.provenance.value
    if verified.provenance is not Provenance.OURS:
        who += ", accepted with --trust-any"
    click.echo(
        f"{file}: sound, {who}. "
        f"Aegis {manifest.aegis_version} backup of a {manifest.source_backend} database "
        f"taken {manifest.created_at:%Y-%m-%d %H:%M:%S} UTC; schema {', '.join(manifest.migrations) or '(none)'}; "
        f"{manifest.total_rows:,} rows in {len(manifest.tables)} tables"
    )


def _rows_progress(on_progress):
    """verify knows the row total only at the end, so its bar counts rows without one."""
    return None if on_progress is None else (lambda table, rows: on_progress(table, rows, 0))


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (after a safety backup of it).")
@click.option("--trust-any", is_flag=True, help="Restore a sound archive this deployment did not sign.")
@click.option("--even-if-running", is_flag=True, help="Restore although a bot's heartbeat on the database is fresh.")
@click.pass_context
def restore(ctx: click.Context, file: Path, force: bool, trust_any: bool, even_if_running: bool) -> None:
    """Replace the database's contents with an archive's, in one transaction.

    The archive is verified first, signature included: one this deployment did not sign is refused
    unless --trust-any. A database a bot is running on (a heartbeat in the last 30 s) is refused unless
    --even-if-running. An archive from an older Aegis is brought up to date with the migrations; one from
    a newer Aegis is refused.

    \b
    Examples:
      aegis db restore backups/aegis-20261122T180000Z.aegisbak
      AEGIS_DATABASE_URL=postgresql://aegis@db/aegis aegis db restore old.aegisbak --force
      aegis db restore --trust-any --force from-the-old-server.aegisbak
    """
    config = config_of(ctx)
    with progress_bar("restoring") as on_progress:
        result = restore_archive(
            config.database.url,
            file,
            key=load_or_create_key(config.backup_key_path) if force else load_key(config.backup_key_path),
            trust_any=trust_any,
            force=force,
            even_if_running=even_if_running,
            safety_dir=Path(config.backup.dir),
            on_progress=on_progress,
        )
    if result.safety_backup:
        click.echo(f"safety backup of the data that was replaced: {result.safety_backup}")
    manifest = result.manifest
    click.echo(
        f"restored {manifest.total_rows:,} rows in {len(manifest.tables)} tables from {file} "
        f"(taken {manifest.created_at:%Y-%m-%d %H:%M:%S} UTC) into {redact_url(config.database.url)} "
        f"in {result.seconds:.1f} s"
    )
    for name in result.migrated:
        click.echo(f"applied {name}")
    database_of(ctx)
    reapplied = reapply(ledger_of(ctx))
    click.echo(f"re-applied {reapplied} deletion(s) from the ledger: users forgotten since stay forgotten")
