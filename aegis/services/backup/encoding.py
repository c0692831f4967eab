"""The one row encoding in an archive: PostgreSQL's COPY text format, with backend-neutral values.

One line per row, columns separated by tabs, NULL as \\N, and backslash, tab, newline and carriage return
escaped with a backslash. Values are written the way both backends read them back:
integers and booleans as decimal digits (1/0), floats with round-trip precision, datetimes as naive UTC
`YYYY-MM-DD HH:MM:SS[.ffffff]`, dates as `YYYY-MM-DD`, JSON as its text, bytes as \\\\x and hex.

Postgres reads and writes it natively (COPY ... TO STDOUT / FROM STDIN); SQLite writes it with one SQL
expression per row (sqlite_row_sql) and reads it with decode_lines.
"""

import re
from collections.abc import Iterable, Iterator

NULL = "\\N"
_UNESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_row_sql(table: str, columns: Iterable[str]) -> str:
    """A SELECT whose every row is one encoded line, built by SQLite itself (no per-value Python)."""
    parts = []
    for column in columns:
        c = quote_ident(column)
        text = (
            f"replace(replace(replace(replace({c}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')"
        )
        parts.append(
            f"CASE typeof({c}) WHEN 'null' THEN '\\N' WHEN 'text' THEN {text} "
            f"WHEN 'real' THEN printf('%!.17g', {c}) WHEN 'blob' THEN '\\\\x' || lower(hex({c})) "
            f"ELSE CAST({c} AS TEXT) END"
        )
    return f"SELECT {' || char(9) || '.join(parts)} || char(10) FROM {quote_ident(table)}"


def _unescape(match: re.Match) -> str:
    octal, hexa, char = match.groups()
    if octal:
        return chr(int(octal, 8))
    if hexa:
        return chr(int(hexa, 16))
    return _UNESCAPES.get(char, char)


def decode_line(line: str) -> list[str | None]:
    fields = line.split("\t")
    if "\\" not in line:
        return fields
    return [None if f == NULL else (_ESCAPE.sub(_unescape, f) if "\\" in f else f) for f in fields]


def decode_lines(chunks: Iterable[bytes]) -> Iterator[list[str | None]]:
    """Rows from a stream of chunks that may split a line (or a UTF-8 character) anywhere."""
    rest = b""
    for chunk in chunks:
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            for line in data[:cut].decode("utf-8").split("\n")[:-1]:
                yield decode_line(line)
    if rest:
        raise ValueError("the rows do not end with a newline")
