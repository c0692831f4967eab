"""The engine: exemptions, dry run, ordering, edits, one case per burst, robustness."""

from __future__ import annotations

import logging

import pytest

from aegis.services.automod import Action, AutomodEngine, JoinWindow, Standing, parse_settings


def test_clean_message_has_no_verdicts(engine, msg):
    assert engine().check_message(msg("hello there, how are you?")) == []


def test_verdict_fields(engine, msg):
    verdicts = engine({"words": {"words": ["badword"], "action": "warn"}}).check_message(msg("a badword", message_id=5))
    assert len(verdicts) == 1
    v = verdicts[0]
    assert (v.rule, v.triggered, v.action, v.matched, v.reason) == (
        "words",
        True,
        Action.WARN,
        "badword",
        "forbidden word: 'badword'",
    )
    assert (v.delete_message_ids, v.related_message_ids, v.new_incident, v.dry_run, v.timeout_seconds) == (
        (5,),
        (5,),
        True,
        False,
        None,
    )


def test_timeout_carries_its_duration(engine, msg):
    v = engine({"caps": {"action": "timeout", "timeout_seconds": 120}}).check_message(
        msg("STOP SHOUTING AT ME PLEASE")
    )[0]
    assert (v.action, v.timeout_seconds) == (Action.TIMEOUT, 120)


def test_delete_message_off_keeps_the_message(engine, msg):
    v = engine({"caps": {"action": "alert", "delete_message": False}}).check_message(msg("STOP SHOUTING AT ME PLEASE"))[
        0
    ]
    assert v.delete_message_ids == () and v.related_message_ids != ()


@pytest.mark.parametrize(
    ("top", "rule", "ctx_fields", "checked"),
    [
        ({}, {}, {}, True),
        ({"exempt_role_ids": [7]}, {}, {"author_role_ids": frozenset({7, 8})}, False),
        ({"exempt_channel_ids": [10]}, {}, {}, False),  # msg() posts in channel 10
        ({}, {"exempt_role_ids": [7]}, {"author_role_ids": frozenset({7})}, False),
        ({}, {"exempt_channel_ids": [10]}, {}, False),
        ({}, {"exempt_channel_ids": [11]}, {}, True),
        ({}, {"exempt_role_ids": [7]}, {"author_role_ids": frozenset({8})}, True),
        ({"enabled": False}, {}, {}, False),
        ({}, {"enabled": False}, {}, False),
    ],
)
def test_exemptions(engine, msg, top, rule, ctx_fields, checked):
    eng = engine({"caps": rule}, **top)
    assert bool(eng.check_message(msg("STOP SHOUTING AT ME PLEASE", **ctx_fields))) is checked


@pytest.mark.parametrize(("top", "rule"), [({"dry_run": True}, {}), ({}, {"dry_run": True})])
def test_dry_run_marks_but_still_explains(engine, msg, top, rule):
    v = engine({"caps": rule}, **top).check_message(msg("STOP SHOUTING AT ME PLEASE"))[0]
    assert v.dry_run and v.action is Action.DELETE and v.reason.startswith("100% capital letters")


def test_dry_run_of_one_rule_leaves_others_live(engine, msg):
    verdicts = engine({"caps": {"dry_run": True}, "words": {"words": ["shouting"]}}).check_message(
        msg("STOP SHOUTING AT ME PLEASE")
    )
    assert {v.rule: v.dry_run for v in verdicts} == {"caps": True, "words": False}


def test_most_severe_first(engine, msg):
    eng = engine(
        {
            "caps": {"action": "delete"},
            "words": {"words": ["shouting"], "action": "ban"},
            "emoji": {"max_emoji": 1, "action": "warn"},
        }
    )
    verdicts = eng.check_message(msg("STOP SHOUTING AT ME PLEASE 😀😀"))
    assert [v.action for v in verdicts] == [Action.BAN, Action.WARN, Action.DELETE]


def test_one_burst_makes_one_case(engine, msg):
    eng = engine(only={"message_rate"})
    contexts = [msg(f"spam {i}", at=i * 0.2) for i in range(20)]
    verdicts = [eng.check_message(c) for c in contexts]
    tripped = [v[0] for v in verdicts if v]
    assert len(tripped) == 14  # messages 7..20
    assert [v.new_incident for v in tripped] == [True] + [False] * 13
    # The first verdict deletes the whole burst in one call; later ones only their message.
    assert tripped[0].delete_message_ids == tuple(c.message_id for c in contexts[:7])
    assert [v.delete_message_ids for v in tripped[1:]] == [(c.message_id,) for c in contexts[7:]]
    assert set(tripped[-1].related_message_ids) <= {c.message_id for c in contexts}
    # Nothing is handed out for deletion twice.
    handed = [mid for v in tripped for mid in v.delete_message_ids]
    assert len(handed) == len(set(handed)) == 20


def test_a_new_burst_after_the_cooldown_is_a_new_case(engine, msg):
    eng = engine({"caps": {"cooldown_s": 30}}, only={"caps"})
    shout = "STOP SHOUTING AT ME PLEASE"
    news = [eng.check_message(msg(shout, at=t))[0].new_incident for t in (0, 10, 35, 70, 99)]
    # 10 s after the first: same burst; 35 s is 25 s after the last trip: still the same;
    # 70 is 35 s after it: new; 99 is 29 s after that: same again.
    assert news == [True, False, False, True, False]


def test_bursts_are_per_member_and_rule(engine, msg):
    eng = engine(only={"caps", "words"}, rules={"words": {"words": ["shouting"]}})
    shout = "STOP SHOUTING AT ME PLEASE"
    first = eng.check_message(msg(shout, author_id=1))
    other_member = eng.check_message(msg(shout, author_id=2))
    assert all(v.new_incident for v in first + other_member) and len(first) == 2


def test_edits_are_content_checked_but_not_counted(engine, msg):
    eng = engine({"words": {"words": ["badword"]}}, only={"words", "message_rate"})
    for i in range(10):
        eng.check_message(msg("fine", message_id=1, is_edit=i > 0))
    edited = eng.check_message(msg("now a badword", message_id=1, is_edit=True))
    assert [v.rule for v in edited] == ["words"]


def test_settings_are_read_per_message(msg):
    current = {"settings": parse_settings().settings}
    eng = AutomodEngine(lambda guild_id: current["settings"])
    assert eng.check_message(msg("one badword")) == []
    current["settings"] = parse_settings({"rules": {"words": {"words": ["badword"]}}}).settings
    assert eng.check_message(msg("one badword"))[0].rule == "words"


def test_a_failing_rule_does_not_stop_the_others(engine, msg, caplog):
    eng = engine({"words": {"words": ["shouting"]}})
    broken = next(r for r in eng._message_rules if r.name == "caps")
    broken.check = lambda ctx, settings: 1 / 0
    verdicts = eng.check_message(msg("STOP SHOUTING AT ME PLEASE"))
    assert [v.rule for v in verdicts] == ["words"]
    assert "automod rule caps failed" in caplog.text


def test_join_verdicts(engine, join):
    eng = engine({"new_account": {"action": "kick"}})
    assert eng.check_join(join(1, age_days=400)) == []
    v = eng.check_join(join(2, age_days=1))[0]
    assert (v.rule, v.action, v.related_user_ids, v.delete_message_ids) == ("new_account", Action.KICK, (2,), ())


def test_a_raid_is_one_incident(engine, join):
    eng = engine(only={"join_rate"})
    # The joins bucket (10 per 10 s) refuses from the 11th join of a burst on.
    windows = [JoinWindow(10, 10.0, uid >= 10, tuple(range(uid + 1))) for uid in range(20)]
    verdicts = [eng.check_join(join(uid, at=uid * 0.5, window=windows[uid])) for uid in range(20)]
    raid = [v[0] for v in verdicts if v]
    assert len(raid) == 10  # joins 11..20
    assert [v.new_incident for v in raid] == [True] + [False] * 9
    assert raid[-1].related_user_ids == tuple(range(20))
    assert all(v.action is Action.ALERT for v in raid)


def test_state_stays_bounded(engine, msg):
    eng = engine()
    for i in range(20_000):
        eng.check_message(msg("STOP SHOUTING AT ME PLEASE", author_id=i, at=i * 0.01))
    rate = next(r for r in eng._message_rules if r.name == "message_rate")
    assert len(rate._history) < 6000  # only members active within the longest window stay
    assert len(eng._incidents) < 5000


def test_quiet_logs_on_clean_traffic(engine, msg, caplog):
    caplog.set_level(logging.DEBUG, logger="aegis.services.automod")
    eng = engine()
    for i in range(100):
        eng.check_message(msg(f"message number {i}", author_id=i))
    assert caplog.records == []


@pytest.mark.parametrize(
    ("standing", "exempt_moderators", "checked"),
    [
        (Standing.MEMBER, True, True),
        (Standing.MODERATOR, True, False),
        (Standing.MODERATOR, False, True),
        (Standing.ADMINISTRATOR, False, False),
        (Standing.OWNER, False, False),
    ],
)
def test_the_owner_and_administrators_are_never_checked_moderators_unless_the_server_says(
    msg, standing, exempt_moderators, checked
):
    settings = parse_settings({"exempt_moderators": exempt_moderators}).settings
    engine = AutomodEngine(lambda guild_id: settings)
    assert bool(engine.check_message(msg("SHOUTING AT EVERYONE HERE", author_standing=standing))) is checked
