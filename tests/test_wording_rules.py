"""The small rules of English that Aegis's sentences share: no "1 messages", no "a automod"."""

from datetime import UTC, datetime

from aegis.domain.actors import ActorKind
from aegis.domain.moderation.cases import Case, CaseType, DiscordState, TargetKind
from aegis.domain.wording import article, plural
from aegis.services.moderation.records import pardon_refusal
from aegis.services.wording.moderation import acted_line, mod_log_entry

AT = datetime(2026, 5, 1, tzinfo=UTC)


def a_case(kind: CaseType, **metadata) -> Case:
    return Case(
        1, 10, 7, kind, 501, TargetKind.USER, ActorKind.AUTOMOD, None, "flood", AT, None, None, True, None, None, None,
        DiscordState.APPLIED, None, None, None, metadata,
    )  # fmt: skip


def test_counts_and_articles():
    assert plural(1, "message") == "1 message" and plural(2, "message") == "2 messages"
    assert (
        plural(1, "new entry", "new entries") == "1 new entry"
        and plural(3, "new entry", "new entries") == "3 new entries"
    )
    assert article("automod") == "an automod" and article("ban") == "a ban" and article("unban") == "an unban"


def test_one_deleted_message_is_one_message():
    case = a_case(CaseType.PURGE, deleted=1)
    assert "1 message deleted" in mod_log_entry(case) and "1 messages" not in mod_log_entry(case)
    assert acted_line(case).endswith(", 1 message deleted")


def test_pardoning_an_automod_case_is_refused_with_an_article_that_fits():
    refusal = pardon_refusal(a_case(CaseType.AUTOMOD), 7)
    assert refusal.reason == "Case #7 is an automod, not a warning; only warnings are pardoned."
