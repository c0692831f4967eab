"""`aegis demo`: the local Discord double with a seeded community, the real bot, the console, and scenes.

The one production entry point allowed to import aegis.double (see the import-linter contracts).
"""
