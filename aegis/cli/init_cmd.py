from pathlib import Path

import click

from aegis import files
from aegis.config import DEFAULT_CONFIG_FILE, load_config
from aegis.errors import AegisError
from aegis.resources import project_file
from aegis.storage import migrations
from aegis.storage.database import connect, redact_url


@click.command()
@click.option(
    "--path",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for aegis.toml and the embedded database.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing aegis.toml (the database is kept).")
def init(directory: Path, force: bool) -> None:
    """Write a commented aegis.toml, create the embedded database next to it, and apply all migrations.

    \b
    Example:
      aegis init --path /srv/aegis
    """
    target = directory / DEFAULT_CONFIG_FILE
    if target.exists() and not force:
        raise AegisError(f"{target} already exists; pass --force to overwrite it (the database is kept)")
    files.private_dir(directory)
    files.write_private(target, project_file("aegis.toml.example").read_text(encoding="utf-8"))  # 0600: a token
    click.echo(f"wrote {target}")
    config = load_config(target)
    db = connect(config.database.url)
    try:
        applied = migrations.apply(db)
    finally:
        db.close()
    click.echo(
        f"database {redact_url(config.database.url)}: "
        + (f"applied {len(applied)} migration(s)" if applied else "already up to date")
    )
    click.echo(
        "\nNext:\n"
        "  1. Create a bot at https://discord.com/developers/applications and copy its token.\n"
        "  2. export AEGIS_DISCORD_TOKEN=<token>   (or set [discord] token in aegis.toml)\n"
        f"  3. aegis --config {target} db status    to check, then start the bot (see README)."
    )
