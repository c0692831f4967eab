"""Aegis: a self-hosted Discord moderation bot run and administered from a terminal."""

__version__ = "0.1.0"
