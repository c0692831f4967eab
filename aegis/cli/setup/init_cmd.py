import sys
from pathlib import Path

import click

from aegis import files
from aegis.cli.setup import init_wizard
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
@click.option("--no-input", is_flag=True, help="Ask nothing: write the defaults (the same happens without a terminal).")
def init(directory: Path, force: bool, no_input: bool) -> None:
    """Write a commented aegis.toml, create the database, and apply all migrations.

    On a terminal it first asks for the bot token, the database (a SQLite file, or a Postgres URL it tries)
    and Redis (optional, tried with PING), and writes the answers into aegis.toml.

    \b
    Examples:
      aegis init                          asks, then writes ./aegis.toml
      aegis init --path /srv/aegis --no-input
    """
    target = directory / DEFAULT_CONFIG_FILE
    if target.exists() and not force:
        raise AegisError(f"{target} already exists; pass --force to overwrite it (the database is kept)")
    text = project_file("aegis.toml.example").read_text(encoding="utf-8")
    answers = None if no_input or not stdin_is_terminal() else init_wizard.ask()
    if answers:
        text = init_wizard.fill_in(text, answers)
    files.private_dir(directory)
    files.write_private(target, text)  # 0600 from its first byte: it may hold the token
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
        + ("" if config.discord.token else _TOKEN_STEPS)
        + f"  aegis --config {target} run    starts the bot and prints the URL that invites it to a server."
    )


_TOKEN_STEPS = (
    "  Create a bot at https://discord.com/developers/applications and copy its token, then\n"
    "  export AEGIS_DISCORD_TOKEN=<token>   (or set [discord] token in aegis.toml)\n"
)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()
