"""The log's two formats: logfmt a person can read and a parser can split, JSON a shipper can take as is."""

import json
import logging

import pytest

from aegis.logs import JsonFormatter, LogfmtFormatter, setup_logging


def record(msg="moderation action", **fields) -> logging.LogRecord:
    made = logging.LogRecord("aegis.actions", logging.INFO, __file__, 1, msg, (), None)
    made.fields = fields
    made.created = 1_796_000_000.25
    return made


def test_logfmt_quotes_what_needs_it_and_leaves_out_what_is_none():
    line = LogfmtFormatter().format(record(guild=1, case=None, reason='say "hi"\nback', rule="caps"))
    assert line == (
        'ts=2026-11-30T00:53:20.250+00:00 level=INFO logger=aegis.actions msg="moderation action" '
        'guild=1 reason="say \\"hi\\"\\nback" rule=caps'
    )


def test_older_key_value_messages_give_their_pairs_as_fields():
    line = LogfmtFormatter().format(record("invite url=https://discord.com/oauth2/authorize?client_id=1&scope=bot"))
    assert line.endswith("msg=invite url=https://discord.com/oauth2/authorize?client_id=1&scope=bot")
    assert json.loads(JsonFormatter().format(record("ready user=Aegis guilds=3")))["guilds"] == "3"
    kept = LogfmtFormatter().format(record("mod log post failed guild=1: Missing Access"))
    assert kept.endswith('msg="mod log post failed guild=1: Missing Access"')
    assert LogfmtFormatter().format(record("odd level=9")).endswith('msg="odd level=9"')  # never over a line's own


def test_json_is_one_object_per_line_with_the_fields_at_the_top():
    line = JsonFormatter().format(record(guild=1, case=3, reason="spam"))
    assert "\n" not in line
    assert json.loads(line) == {
        "ts": "2026-11-30T00:53:20.250+00:00",
        "level": "INFO",
        "logger": "aegis.actions",
        "msg": "moderation action",
        "guild": 1,
        "case": 3,
        "reason": "spam",
    }


def test_an_exception_rides_in_its_line_as_error():
    try:
        raise ValueError("boom")
    except ValueError:
        failed = logging.LogRecord("aegis", logging.ERROR, __file__, 1, "it broke", (), __import__("sys").exc_info())
    assert "ValueError: boom" in json.loads(JsonFormatter().format(failed))["error"]


@pytest.fixture
def restored_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("peewee").filters.clear()


def test_voice_library_warnings_are_dropped(restored_logging, capsys):
    setup_logging("INFO", "logfmt")
    logging.getLogger("discord.client").warning("PyNaCl is not installed, voice will NOT be supported")
    logging.getLogger("discord.client").warning("something else")
    err = capsys.readouterr().err
    assert "PyNaCl" not in err and 'msg="something else"' in err
