import click

from aegis.errors import AegisError
from aegis.redact import redact


class AegisGroup(click.Group):
    """The one place where an expected failure from the core becomes a CLI error (exit code 1, no traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AegisError as exc:
            raise click.ClickException(redact(str(exc))) from None  # a message may quote a URL it was given
