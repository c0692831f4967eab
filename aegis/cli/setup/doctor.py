"""`aegis doctor`: run every check, print each finding with its fix, exit 1 if any is a problem."""

import click

from aegis.cli.context import config_of
from aegis.config import ConfigError
from aegis.services.doctor.diagnose import diagnose
from aegis.services.doctor.findings import Finding, Status, problem


@click.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check this deployment and say how to fix what is wrong: the configuration, file modes, the database and
    its migrations, Redis, the bot token, the privileged intents, and in every server the bot's permissions
    and its role position. Exits 1 when there is a problem.

    \b
    Examples:
      aegis doctor
      AEGIS_DISCORD_TOKEN=... aegis --config /srv/aegis/aegis.toml doctor
    """
    try:
        findings = diagnose(config_of(ctx))
    except ConfigError as exc:
        findings = [problem("config", str(exc), "correct the setting it names (aegis.toml.example shows each one)")]
    for finding in findings:
        _show(finding)
    problems = sum(f.problem for f in findings)
    click.echo(f"\n{problems} problem(s) found" if problems else "\nno problems found")
    ctx.exit(1 if problems else 0)


def _show(finding: Finding) -> None:
    colour = {Status.OK: "green", Status.NOTE: "yellow", Status.PROBLEM: "red"}[finding.status]
    click.echo(f"{click.style(f'{finding.status.value:<5}', fg=colour)} {finding.check:<12} {finding.detail}")
    if finding.fix:
        click.echo(f"{'':<5} {'':<12} fix: {finding.fix}")
