import click

from aegis import __version__
from aegis.cli.config_cmd import config_command
from aegis.cli.data_cmd import cases_group, data
from aegis.cli.db import db
from aegis.cli.demo_cmd import demo
from aegis.cli.errors import AegisGroup
from aegis.cli.run_cmd import run
from aegis.cli.setup.doctor import doctor
from aegis.cli.setup.init_cmd import init
from aegis.cli.tui_cmd import tui


@click.group(name="aegis", cls=AegisGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="AEGIS_CONFIG",
    type=click.Path(dir_okay=False),
    help="Configuration file (default ./aegis.toml; env AEGIS_CONFIG).",
)
@click.version_option(__version__, prog_name="aegis")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Aegis: a self-hosted Discord moderation bot, run and administered from this terminal.

    \b
    Examples, to get going:
      aegis init                 write aegis.toml and create the database
      aegis db status            see the schema is up to date
      aegis config               see the settings Aegis will use
      aegis doctor               see what is wrong, and how to fix it
      aegis run                  start the bot
    """
    ctx.obj = {"config_path": config_path}


main.add_command(init)
main.add_command(db)
main.add_command(config_command)
main.add_command(run)
main.add_command(demo)
main.add_command(tui)
main.add_command(data)
main.add_command(cases_group)
main.add_command(doctor)
