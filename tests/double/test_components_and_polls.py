"""What the community toolkit needs of the double: a message with buttons and a poll, answered as Discord's
description says, and a press on a button delivered as Discord delivers it (a type 3 interaction)."""

import aiohttp
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.double.test_openapi import SPEC_URI, response_validator, spec  # noqa: F401 - spec is a fixture

pytestmark = pytest.mark.asyncio
BUTTON = {"type": 2, "style": 2, "label": "Red", "custom_id": "aegis:role:1:50"}
MENU = {
    "type": 3,
    "custom_id": "colours",
    "options": [{"label": "Red", "value": "50"}, {"label": "Blue", "value": "51"}],
}


async def post(world, body) -> dict:
    headers = {"Authorization": "Bot aegis-test-token"}
    async with aiohttp.ClientSession(headers=headers) as session:
        url = f"{world.double.api_url}/channels/{world.general.id}/messages"
        async with session.post(url, json=body) as response:
            assert response.status == 200, await response.text()
            return await response.json()


async def test_a_message_with_buttons_and_a_poll_is_answered_as_discord_describes(spec, world):  # noqa: F811
    body = {
        "content": "Pick",
        "components": [{"type": 1, "components": [BUTTON]}],
        "poll": {"question": {"text": "Lunch?"}, "answers": [{"poll_media": {"text": "Pizza"}}], "duration": 2},
    }
    answered = await post(world, body)
    assert answered["poll"]["answers"] == [{"answer_id": 1, "poll_media": {"text": "Pizza"}}]
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    validator = response_validator(spec, registry, "/channels/{channel_id}/messages", "POST", 200)
    assert [e.message for e in validator.iter_errors(answered)] == []


async def test_a_poll_with_too_many_answers_is_refused_as_discord_does(world):
    headers = {"Authorization": "Bot aegis-test-token"}
    answers = [{"poll_media": {"text": str(n)}} for n in range(11)]
    async with aiohttp.ClientSession(headers=headers) as session:
        url = f"{world.double.api_url}/channels/{world.general.id}/messages"
        async with session.post(url, json={"poll": {"question": {"text": "Q"}, "answers": answers}}) as response:
            assert response.status == 400 and (await response.json())["code"] == 50035


async def test_a_press_is_a_type_3_interaction_with_the_custom_id_and_the_message(world):
    await post(
        world,
        {"content": "Pick", "components": [{"type": 1, "components": [BUTTON]}, {"type": 1, "components": [MENU]}]},
    )
    message = world.double.messages(world.general)[-1]
    handle = world.double.click(message, world.alice, "aegis:role:1:50")
    payload = handle.payload
    assert (payload["type"], payload["data"]) == (3, {"custom_id": "aegis:role:1:50", "component_type": 2})
    assert payload["message"]["id"] == str(message.id) and payload["member"]["user"]["id"] == str(world.alice.id)
    picked = world.double.click(message, world.alice, "colours", ["51"]).payload["data"]
    assert picked == {"custom_id": "colours", "component_type": 3, "values": ["51"]}
    with pytest.raises(ValueError, match="no component"):
        world.double.click(message, world.alice, "nothing")
