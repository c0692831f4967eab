"""A guild's settings changed from any front end, and every process told."""
