"""Rules that judge one message on its own: what it says and what it carries."""
