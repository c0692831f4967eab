"""The gateway events the event logs hear, as the double sends them, against Discord's OpenAPI schemas where the
description has one for the object they carry (channels, roles, voice states, members, messages with
attachments, the inviter). Deletes carry only ids, which no schema describes."""

from __future__ import annotations

import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from aegis.double.events.guild_events import GuildEvents
from aegis.double.world.models import ChannelType
from tests.double.test_openapi import SPEC_URI, schema_validator, spec  # noqa: F401 (spec is a fixture)

pytestmark = pytest.mark.asyncio


def problems(registry, name: str, payload) -> list[str]:
    validator = schema_validator(registry, name)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in validator.iter_errors(payload)]


async def test_log_event_payloads_match_discords_schemas(spec, world):  # noqa: F811
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    sent: list[tuple[str, dict]] = []
    events = GuildEvents(world.double.state, lambda event, data, **where: sent.append((event, data)) or 0)
    guild, alice = world.guild, world.alice
    voice = events.create_channel(guild, "voice", ChannelType.GUILD_VOICE)
    events.create_channel(guild, "text")
    events.delete_channel(guild, voice)
    role = events.create_role(guild, "artists")
    events.delete_role(guild, role)
    lounge = events.create_channel(guild, "lounge", ChannelType.GUILD_VOICE)
    events.set_voice(guild, alice, lounge)
    events.set_voice(guild, alice, None)
    events.create_invite(world.general, alice, max_uses=3)
    events.rename_user(alice, "alice2")
    by_event: dict[str, list[dict]] = {}
    for event, data in sent:
        by_event.setdefault(event, []).append(data)

    for data in by_event["CHANNEL_CREATE"] + by_event["CHANNEL_DELETE"]:
        assert not problems(registry, "GuildChannelResponse", data), data
    assert not problems(registry, "GuildRoleResponse", by_event["GUILD_ROLE_CREATE"][0]["role"])
    assert by_event["GUILD_ROLE_DELETE"] == [{"guild_id": str(guild.id), "role_id": str(role.id)}]
    for data in by_event["VOICE_STATE_UPDATE"]:
        assert not problems(registry, "VoiceStateResponse", data), problems(registry, "VoiceStateResponse", data)
    (invite,) = by_event["INVITE_CREATE"]
    assert not problems(registry, "UserResponse", invite["inviter"])
    assert invite["max_uses"] == 3 and invite["channel_id"] == str(world.general.id)
    for data in by_event["GUILD_MEMBER_UPDATE"]:
        member = {k: v for k, v in data.items() if k != "guild_id"}
        assert not problems(registry, "GuildMemberResponse", member)
        assert data["user"]["username"] == "alice2"


async def test_a_message_with_an_attachment_matches_and_its_bytes_are_served(spec, world):  # noqa: F811
    import aiohttp

    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    message = world.double.post_message(
        world.general,
        world.alice,
        "see",
        attachments=[{"filename": "a.txt", "data": b"hello", "content_type": "text/plain"}],
    )
    from aegis.double.events import payloads

    payload = payloads.message(world.double.state, message)
    assert not problems(registry, "MessageResponse", payload)
    (attachment,) = payload["attachments"]
    assert attachment["size"] == 5 and attachment["url"].startswith(world.double.base_url)
    async with aiohttp.ClientSession() as session:
        async with session.get(attachment["url"]) as response:
            assert response.status == 200 and await response.read() == b"hello"
        world.double.state.attachment_bytes.clear()  # the link dies
        async with session.get(attachment["url"]) as response:
            assert response.status == 404
