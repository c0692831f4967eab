import click


@click.command()
@click.option("--headless", is_flag=True, help="No console: play the scenes, print what happened, exit (for CI).")
@click.option(
    "--duration",
    type=click.FloatRange(min=10, max=3600),
    help="Seconds the scenes take in all (default 60 headless, 120 in the console).",
)
def demo(headless: bool, duration: float | None) -> None:
    """Watch Aegis work, with no token and no services: a local Discord with a seeded server, the real bot on a
    throw-away database, and the console, while scenes play (chat, spam, a raid, warnings, a tempban).

    In the console's Demo tab, post as any member and run slash commands as a moderator.
    Everything it started is stopped and deleted on exit or Ctrl-C.

    \b
    Examples:
      aegis demo
      aegis demo --headless --duration 30      (prints the cases, deletions and timeouts; exit 1 if a scene failed)
    """
    from aegis.demo.run import CONSOLE_DURATION_S, HEADLESS_DURATION_S, run_console, run_headless

    try:
        if headless:
            code = run_headless(duration or HEADLESS_DURATION_S, out=lambda line: click.echo(line))
        else:
            code = run_console(duration or CONSOLE_DURATION_S, out=lambda line: click.echo(line))
    except KeyboardInterrupt:
        click.echo("aegis demo: stopped; everything it started is gone", err=True)
        code = 130
    raise SystemExit(code)
