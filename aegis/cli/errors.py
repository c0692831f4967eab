import click

from aegis.errors import AegisError


class AegisGroup(click.Group):
    """The one place where an expected failure from the core becomes a CLI error (exit code 1, no traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AegisError as exc:
            raise click.ClickException(str(exc)) from None
