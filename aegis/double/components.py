"""Component interactions (type 3): a member presses a button or picks from a select menu on a message the bot
sent, and Discord tells the bot which one by its custom_id."""

from __future__ import annotations

from typing import Any

from aegis.double.events import payloads
from aegis.double.events.interactions import interaction_payload
from aegis.double.world.models import Application, Channel, Guild, Member, Message
from aegis.double.world.state import DoubleState

BUTTON, STRING_SELECT = 2, 3


def numbered(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The components as Discord keeps them: each with an `id`, numbered from 1 in reading order where the sender
    gave none."""
    counter = iter(range(1, 1000))

    def number(component: dict[str, Any]) -> dict[str, Any]:
        out = {**component, "id": component.get("id") or next(counter)}
        if "components" in component:
            out["components"] = [number(child) for child in component["components"]]
        return out

    return [number(component) for component in components]


def find_component(message: Message, custom_id: str) -> dict[str, Any]:
    for row in message.components:
        for component in row.get("components", ()):
            if component.get("custom_id") == custom_id:
                return component
    raise ValueError(f"message {message.id} has no component {custom_id!r}")


def component_payload(
    state: DoubleState,
    application: Application,
    guild: Guild,
    member: Member,
    message: Message,
    custom_id: str,
    values: list[str] | None = None,
) -> tuple[int, str, dict[str, Any]]:
    component = find_component(message, custom_id)
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component.get("type", BUTTON)}
    if data["component_type"] == STRING_SELECT:
        data["values"] = list(values or ())
    channel: Channel = state.channels[message.channel_id]
    interaction_id, token, payload = interaction_payload(state, application, guild, channel, member, data)
    payload["type"] = 3
    payload["message"] = payloads.message(state, message)
    return interaction_id, token, payload
