"""Factories for automod tests: messages, joins and engines from plain settings dicts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from aegis.services.automod import AutomodEngine, JoinContext, JoinWindow, MessageContext, parse_settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def msg():
    ids = itertools.count(1000)

    def make(content: str = "hello", at: float = 0.0, **fields) -> MessageContext:
        defaults = {"guild_id": 1, "channel_id": 10, "author_id": 100, "message_id": next(ids)}
        return MessageContext(content=content, created_at=T0 + timedelta(seconds=at), **{**defaults, **fields})

    return make


@pytest.fixture
def join():
    def make(
        user_id: int, at: float = 0.0, age_days: float = 365.0, guild_id: int = 1, window: JoinWindow | None = None
    ) -> JoinContext:
        joined = T0 + timedelta(seconds=at)
        return JoinContext(
            guild_id=guild_id,
            user_id=user_id,
            account_created_at=joined - timedelta(days=age_days),
            joined_at=joined,
            window=window,
        )

    return make


@pytest.fixture
def engine():
    def make(rules: dict | None = None, only: set[str] | None = None, **top) -> AutomodEngine:
        """An engine for one settings dict; `only` switches every other rule off."""
        rules = {name: dict(values) for name, values in (rules or {}).items()}
        if only is not None:
            from aegis.services.automod.rules import SETTINGS_TYPES

            for name in SETTINGS_TYPES:
                rules.setdefault(name, {})["enabled"] = name in only
        parsed = parse_settings({**top, "rules": rules})
        assert parsed.ok, parsed.errors
        return AutomodEngine(lambda guild_id: parsed.settings)

    return make
