"""The row encoding: what SQLite writes, Python reads back value for value, however the chunks fall."""

import sqlite3

import pytest

from aegis.services.backup.encoding import decode_line, decode_lines, sqlite_row_sql

VALUES = [
    None,
    0,
    -1,
    2**63 - 1,
    1.5,
    0.1 + 0.2,
    "",
    "\\N",
    "\\",
    "a\tb\nc\rd",
    "ünï 🛡️",
    "x" * 10_000,
    "2026-01-01 00:00:00",
]


def test_sqlite_rows_decode_back_to_the_same_text():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
    db.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in VALUES])
    lines = "".join(row[0] for row in db.execute(sqlite_row_sql("t", ["id", "v"])))
    decoded = [row[1] for row in decode_lines([lines.encode()])]
    assert len(decoded) == len(VALUES)
    for text, value in zip(decoded, VALUES, strict=True):
        if value is None:
            assert text is None
        elif isinstance(value, float):
            assert float(text) == value  # round-trip precision
        else:
            assert text == str(value)


@pytest.mark.parametrize(
    "line, fields",
    [
        ("1\tplain\t\\N", ["1", "plain", None]),
        ("a\\tb\t\\\\N\t\\n\\r\\\\", ["a\tb", "\\N", "\n\r\\"]),
        ("\\101\\x41\\q", ["AAq"]),
        ("", [""]),
    ],
)
def test_decode_line_reads_postgres_copy_text(line, fields):
    assert decode_line(line) == fields


def test_chunks_may_split_lines_and_characters_anywhere():
    data = "1\tünï 🛡️\n2\t\\N\n3\tend\n".encode()
    for cut in range(1, len(data)):
        assert list(decode_lines([data[:cut], data[cut:]])) == [["1", "ünï 🛡️"], ["2", None], ["3", "end"]]


def test_rows_must_end_with_a_newline():
    with pytest.raises(ValueError):
        list(decode_lines([b"1\t2"]))
