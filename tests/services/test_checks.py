import pytest

from aegis.domain.actors import OPERATOR, SYSTEM, Actor
from aegis.domain.moderation.cases import CaseType
from aegis.services.moderation.checks import MEMBERS_ONLY, Person, check_moderator, check_privilege, check_target

MOD = Person(10, "@mod", 5, "@Moderators", frozenset({"ban_members", "kick_members", "moderate_members"}))
BOT = Person(99, "@Aegis", 8, "@Aegis", frozenset({"ban_members", "kick_members", "moderate_members"}))
MEMBER = Person(20, "@member", 1, "@Members")
ADMIN = Person(30, "@admin", 7, "@Admins", frozenset({"administrator"}))
OWNER = Person(40, "@owner", 2, "@Members", is_owner=True)
HIGH = Person(50, "@high", 9, "@Staff")


@pytest.mark.parametrize(
    "action, moderator, bot, target, check, words",
    [
        (CaseType.BAN, MOD, BOT, MEMBER, None, None),
        (CaseType.BAN, MEMBER, BOT, MOD, "moderator_permission", "You need the Ban Members permission"),
        (CaseType.KICK, MOD, BOT, MOD, "self", "You cannot kick yourself."),
        (CaseType.BAN, MOD, BOT, BOT, "bot_itself", "I will not ban myself."),
        (CaseType.BAN, ADMIN, BOT, OWNER, "owner", "@owner owns this server; nobody can ban them."),
        (
            CaseType.WARN,
            MOD,
            BOT,
            ADMIN,
            "hierarchy",
            "Your top role @Moderators is not above @admin's top role @Admins",
        ),
        (CaseType.TIMEOUT, OWNER, BOT, ADMIN, "admin_timeout", "Discord does not let anyone time them out"),
        (CaseType.BAN, OWNER, BOT, HIGH, "bot_hierarchy", "My top role @Aegis is not above @high's top role @Staff"),
        (
            CaseType.KICK,
            MOD,
            Person(99, "@Aegis", 8, "@Aegis"),
            MEMBER,
            "bot_permission",
            "I need the Kick Members permission for that; ask an admin to give it to my role @Aegis",
        ),
        (CaseType.WARN, MOD, Person(99, "@Aegis", 0), MEMBER, None, None),  # a warning needs nothing of the bot
        (CaseType.BAN, MOD, BOT, None, None, None),  # banning a user who is not a member: no hierarchy
        (CaseType.WARN, MOD, BOT, None, None, None),  # nor warning one who left
        (CaseType.NOTE, MOD, BOT, None, None, None),
        (CaseType.UNBAN, MOD, BOT, None, None, None),
        (
            CaseType.KICK,
            MOD,
            BOT,
            None,
            "not_a_member",
            "They are not a member of this server, so there is nobody here to kick;",
        ),
        (CaseType.TIMEOUT, None, BOT, None, "not_a_member", "nobody here to time out;"),
        (CaseType.BAN, None, BOT, MEMBER, None, None),  # Aegis acting on its own
    ],
)
def test_each_refusal_says_which_check_failed(action, moderator, bot, target, check, words):
    refusal = (check_moderator(action, moderator) if moderator else None) or check_target(
        action, moderator, bot, target
    )
    assert (refusal.check if refusal else None) == check
    if words:
        assert words in refusal.reason


def test_only_what_discord_does_to_members_needs_membership():
    assert {CaseType.TIMEOUT, CaseType.UNTIMEOUT, CaseType.KICK, CaseType.SOFTBAN, CaseType.MUTE} == MEMBERS_ONLY


@pytest.mark.parametrize(
    "actor, refused",
    [
        (Actor.moderator(1, frozenset({"moderate_members", "ban_members"})), True),
        (Actor.moderator(1, frozenset({"manage_guild"})), False),
        (Actor.moderator(1, frozenset({"administrator"})), False),
        (Actor.moderator(1, frozenset()), True),
        (Actor.moderator(1), False),  # no Discord permissions read: a caller outside the bot (a test, a script)
        (OPERATOR, False),
        (SYSTEM, False),
    ],
)
def test_a_privileged_change_is_checked_again_against_the_permissions_discord_reported(actor, refused):
    refusal = check_privilege(actor, "manage_guild", "change this server's moderation settings")
    assert (refusal is not None) == refused
    if refused:
        assert refusal.check == "moderator_permission"
        assert refusal.reason == "You need the Manage Server permission to change this server's moderation settings."
