import click

from aegis.cli.context import config_of
from aegis.config import SETTINGS
from aegis.redact import redact


@click.command("config")
@click.pass_context
def config_command(ctx: click.Context) -> None:
    """Show the settings Aegis will use, after aegis.toml and the environment. Secrets show as ***.

    \b
    Example:
      AEGIS_LOG_LEVEL=debug aegis config
    """
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
