"""Discord's permission maths and hierarchy, as a table of cases."""

from __future__ import annotations

import pytest

from aegis.double.world.models import Channel, Guild, Member, Overwrite, Role
from aegis.double.world.permissions import (
    ALL_PERMISSIONS,
    base_permissions,
    can_manage_role,
    channel_permissions,
    outranks,
)
from aegis.double.world.permissions import (
    Permission as P,
)

GUILD_ID, OWNER, HIGH, LOW, PLAIN = 100, 1, 2, 3, 4
HIGH_ROLE, LOW_ROLE, ADMIN_ROLE = 10, 11, 12


@pytest.fixture
def guild() -> Guild:
    guild = Guild(GUILD_ID, "g", OWNER)
    guild.roles = {
        GUILD_ID: Role(GUILD_ID, GUILD_ID, "@everyone", P.VIEW_CHANNEL | P.SEND_MESSAGES, 0),
        HIGH_ROLE: Role(HIGH_ROLE, GUILD_ID, "high", P.BAN_MEMBERS, 5),
        LOW_ROLE: Role(LOW_ROLE, GUILD_ID, "low", P.KICK_MEMBERS, 2),
        ADMIN_ROLE: Role(ADMIN_ROLE, GUILD_ID, "admin", P.ADMINISTRATOR, 1),
    }
    guild.members = {
        OWNER: Member(GUILD_ID, OWNER),
        HIGH: Member(GUILD_ID, HIGH, [HIGH_ROLE, LOW_ROLE]),
        LOW: Member(GUILD_ID, LOW, [LOW_ROLE]),
        PLAIN: Member(GUILD_ID, PLAIN),
    }
    return guild


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (OWNER, ALL_PERMISSIONS),
        (HIGH, P.VIEW_CHANNEL | P.SEND_MESSAGES | P.BAN_MEMBERS | P.KICK_MEMBERS),
        (LOW, P.VIEW_CHANNEL | P.SEND_MESSAGES | P.KICK_MEMBERS),
        (PLAIN, P.VIEW_CHANNEL | P.SEND_MESSAGES),
    ],
)
def test_base_permissions_are_everyone_plus_roles(guild, user, expected):
    assert base_permissions(guild, guild.members[user]) == expected


def test_administrator_implies_all(guild):
    guild.members[PLAIN].roles.append(ADMIN_ROLE)
    assert base_permissions(guild, guild.members[PLAIN]) == ALL_PERMISSIONS


def test_overwrites_apply_everyone_then_roles_then_member(guild):
    channel = Channel(
        50,
        0,
        GUILD_ID,
        "c",
        overwrites={
            GUILD_ID: Overwrite(GUILD_ID, 0, deny=P.SEND_MESSAGES),
            LOW_ROLE: Overwrite(LOW_ROLE, 0, allow=P.SEND_MESSAGES),
            HIGH: Overwrite(HIGH, 1, deny=P.SEND_MESSAGES | P.VIEW_CHANNEL),
        },
    )
    assert not channel_permissions(guild, channel, guild.members[PLAIN]) & P.SEND_MESSAGES
    assert channel_permissions(guild, channel, guild.members[LOW]) & P.SEND_MESSAGES
    assert not channel_permissions(guild, channel, guild.members[HIGH]) & (P.SEND_MESSAGES | P.VIEW_CHANNEL)
    assert channel_permissions(guild, channel, guild.members[OWNER]) == ALL_PERMISSIONS


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        (HIGH, LOW, True),
        (LOW, HIGH, False),
        (LOW, LOW, False),  # equal top role
        (HIGH, OWNER, False),  # nobody outranks the owner
        (OWNER, HIGH, True),
        (LOW, PLAIN, True),
    ],
)
def test_hierarchy(guild, actor, target, expected):
    assert outranks(guild, guild.members[actor], guild.members[target]) is expected


def test_roles_can_be_managed_only_below_the_top_role(guild):
    assert can_manage_role(guild, guild.members[HIGH], 4)
    assert not can_manage_role(guild, guild.members[HIGH], 5)
    assert can_manage_role(guild, guild.members[OWNER], 99)
