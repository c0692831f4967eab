import click

from aegis.cli.context import config_of, database_of


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
    AegisConsole(Sources(database_of(ctx), config.redis.url, config.redis.rate_limit_prefix), initial=screen).run()
