"""Every kind of case and expiry has its words, so a new kind can never reach a moderator as a KeyError."""

from aegis.domain.moderation.cases import CaseType
from aegis.domain.moderation.schedule import ScheduleKind
from aegis.services.moderation import action_path as moderation
from aegis.services.moderation import checks
from aegis.services.wording import checks as check_words
from aegis.services.wording import moderation as wording


def test_every_case_type_has_a_title():
    assert set(wording.TITLE) == set(CaseType)


def test_every_action_on_a_member_has_a_verb_and_the_bot_permission_it_needs():
    member_actions = set(checks.REQUIRED_PERMISSION) - {
        CaseType.PURGE,
        CaseType.SLOWMODE,
        CaseType.LOCKDOWN,
        CaseType.UNLOCK,
    }
    assert member_actions <= set(check_words.VERB)
    assert set(checks.BOT_PERMISSION) == set(checks.REQUIRED_PERMISSION)


def test_every_timed_case_says_how_it_ended_and_how_to_lift_it_by_hand():
    assert set(wording.TIMED) == set(wording.EXPIRED) == set(wording.LIFT_BY_HAND) == set(moderation.EXPIRY_KIND)
    community = {ScheduleKind.AUTOROLE, ScheduleKind.ANNOUNCE}  # they end no case
    assert set(moderation.EXPIRY_KIND.values()) == set(ScheduleKind) - community
    assert set(wording.TIMED) <= set(wording.DM_VERB)
