import click

from aegis.cli import guild_config_cmd
from aegis.cli.context import config_of
from aegis.config import SETTINGS
from aegis.redact import redact


@click.group("config", invoke_without_command=True)
@click.pass_context
def config_command(ctx: click.Context) -> None:
    """Show the settings Aegis will use, after aegis.toml and the environment (secrets show as ***); with a
    subcommand, look after one guild's settings as versioned data.

    \b
    Examples:
      AEGIS_LOG_LEVEL=debug aegis config
      aegis config history 1049862734591127552
      aegis config export 1049862734591127552 > server.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    config = config_of(ctx)
    click.echo(f"# from {config.source or 'built-in defaults (no aegis.toml found)'} and the environment")
    section = None
    for setting in SETTINGS:
        if setting.section != section:
            section = setting.section
            click.echo(f"\n[{section}]")
        value = getattr(getattr(config, section), setting.key)
        shown = str(value) if setting.key == "token" else ("" if value is None else value)
        if isinstance(shown, str):
            shown = redact(shown)
        suffix = f"   # env {setting.env}" if setting.env else ""
        click.echo(
            f'{setting.key} = "{shown}"{suffix}' if isinstance(shown, str) else f"{setting.key} = {shown}{suffix}"
        )


for _command in guild_config_cmd.COMMANDS:
    config_command.add_command(_command)
