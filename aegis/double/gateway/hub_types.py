"""The dispatch signature actions need, without importing the gateway machinery."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Dispatch(Protocol):
    def __call__(
        self,
        event: str,
        data: dict[str, Any],
        *,
        guild_id: int | None = None,
        user_ids: tuple[int, ...] = (),
        application_id: int | None = None,
        content_visible_to: frozenset[int] = frozenset(),
        bots_allowed: Callable[[int], bool] | None = None,
    ) -> int: ...
