"""Moderation actions: checks, the action path, escalation, expiries, and the read side for moderators."""
