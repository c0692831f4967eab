"""The record of moderation: cases, the audit log, scheduled actions, the action journal, and what Discord did on its own."""
