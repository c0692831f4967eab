import logging

import click

from aegis import files
from aegis.cli.context import config_of
from aegis.logs import setup_logging
from aegis.services.doctor.local import private_files

log = logging.getLogger("aegis.files")

AUTO = "auto"  # the shard count Discord recommends (GET /gateway/bot), every shard in this process


def _shard_ids(ctx, param, value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(part) for part in value.split(",")]
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a comma-separated list of shard numbers, e.g. 0,1") from None


def _shard_count(ctx, param, value: str | None) -> int | str | None:
    if value is None or value == AUTO:
        return value
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter(
        f"{value!r} is neither a number of shards (1 or more) nor 'auto' (Discord's recommendation)"
    )


@click.command()
@click.option("--migrate", is_flag=True, help="Apply pending migrations before starting (otherwise refuse to start).")
@click.option("--shard-ids", callback=_shard_ids, help="Shards this process runs, e.g. 0,1 (needs --shard-count).")
@click.option(
    "--shard-count",
    callback=_shard_count,
    help="Total shards across all processes, or 'auto' for the count Discord recommends (all in this process).",
)
@click.pass_context
def run(ctx: click.Context, migrate: bool, shard_ids: list[int] | None, shard_count: int | str | None) -> None:
    """Start the bot: connect to Discord, sync slash commands, and carry out expiries until stopped.

    SIGTERM or Ctrl-C stops it cleanly: no new work, running expiries finish, pending ones stay stored.

    \b
    Examples:
      AEGIS_DISCORD_TOKEN=... aegis run
      aegis run --shard-ids 0,1 --shard-count 4     (this process runs shards 0 and 1 of 4)
      aegis run --shard-count auto                  (as many shards as Discord recommends, all here)
    """
    from aegis.bot.runner import run as run_bot  # discord.py loads only for the command that needs it

    if shard_ids and shard_count == AUTO:
        raise click.UsageError(
            "--shard-count auto runs every shard Discord recommends in this one process; "
            "with --shard-ids give the total as a number, e.g. --shard-count 4"
        )
    if shard_ids and not shard_count:
        raise click.UsageError("--shard-ids needs --shard-count (the total across all processes)")
    if shard_ids and isinstance(shard_count, int) and max(shard_ids) >= shard_count:
        raise click.UsageError(f"shard ids must be below --shard-count {shard_count}, got {max(shard_ids)}")
    config = config_of(ctx)
    setup_logging(config.logging.level, config.logging.format)
    for warning in files.exposure_warnings(private_files(config)):
        log.warning(warning)
    run_bot(config, migrate=migrate, shard_ids=shard_ids, shard_count=shard_count)
