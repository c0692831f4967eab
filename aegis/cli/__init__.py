"""The `aegis` command. Front end only: parses, calls the core, and turns its errors into words."""

from aegis.cli.main import main

__all__ = ["main"]
