"""Test support for Aegis: fakes that keep real state."""
