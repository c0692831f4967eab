"""Moderation's plain data: cases, their audit entries, scheduled actions, the action journal, the escalation ladder."""
