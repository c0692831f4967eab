"""What /userinfo counts for moderators, and how the info replies read."""

from datetime import UTC, datetime

from aegis.domain.actors import Actor, ActorKind
from aegis.domain.community import MemberCard, MemberRecord
from aegis.domain.moderation.cases import CaseType, NewCase
from aegis.services.community.info import member_record
from aegis.services.wording.community import info as words
from aegis.storage.moderation import cases

GUILD = 111
MOD = Actor.moderator(1, frozenset({"moderate_members"}))
MEMBER = Actor.moderator(2, frozenset())
CREATED = datetime(2020, 1, 2, tzinfo=UTC)


async def test_the_record_counts_this_guilds_cases_about_the_member_for_moderators_only(db):
    cases.create(NewCase(GUILD, CaseType.WARN, 5, ActorKind.MODERATOR, 1))
    cases.create(NewCase(GUILD, CaseType.BAN, 5, ActorKind.MODERATOR, 1))
    cases.create(NewCase(222, CaseType.WARN, 5, ActorKind.MODERATOR, 1))
    cases.create(NewCase(GUILD, CaseType.WARN, 6, ActorKind.MODERATOR, 1))
    record = await member_record(GUILD, 5, MOD)
    assert (record.cases, record.by_type, record.active_warnings) == (2, {"warn": 1, "ban": 1}, 1)
    assert await member_record(GUILD, 5, MEMBER) is None


def test_a_member_with_many_roles_shows_the_top_twenty_and_how_many_more():
    card = MemberCard(5, "eve", "Eve", CREATED, "https://cdn/a.png", joined_at=CREATED, role_ids=tuple(range(1, 26)))
    text = words.userinfo(card, MemberRecord(0, {}, 0))
    assert "Roles (25): <@&1> " in text and "<@&20> and 5 more" in text and "<@&21>" not in text
    assert f"<t:{int(CREATED.timestamp())}:D>" in text and text.endswith("Cases here: none")
    assert words.roles_line(()) == "Roles: none"
