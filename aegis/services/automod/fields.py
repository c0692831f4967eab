"""Typed, validated settings fields: JSON values in, a value or a readable complaint out.

A field is a dataclass field whose metadata carries a `check(raw) -> (value, problem)`.
`problem` completes the sentence "<rule>.<field> ..., got <raw>" so every error reads
the same way: "message_rate.limit must be a whole number from 1 to 1000, got 'ten'".
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aegis.services.automod.verdict import Action

Check = Callable[[Any], tuple[Any, str | None]]


def _field(default: Any, check: Check, doc: str, kind: str, options: tuple[str, ...] = ()) -> Any:
    if isinstance(default, list | set | dict):
        raise TypeError("use tuples/frozensets for defaults")
    # `kind` and `options` let a front end turn typed text into the JSON value the check expects.
    return dataclasses.field(default=default, metadata={"check": check, "doc": doc, "kind": kind, "options": options})


def _is_number(raw: Any) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)


def whole(default: int, lo: int, hi: int, doc: str = "") -> Any:
    def check(raw: Any) -> tuple[Any, str | None]:
        if _is_number(raw) and float(raw).is_integer() and lo <= raw <= hi:
            return int(raw), None
        return None, f"must be a whole number from {lo} to {hi}"

    return _field(default, check, doc, "whole")


def number(default: float, lo: float, hi: float, doc: str = "") -> Any:
    def check(raw: Any) -> tuple[Any, str | None]:
        if _is_number(raw) and lo <= raw <= hi:
            return float(raw), None
        return None, f"must be a number from {lo:g} to {hi:g}"

    return _field(default, check, doc, "number")


def flag(default: bool, doc: str = "") -> Any:
    def check(raw: Any) -> tuple[Any, str | None]:
        return (raw, None) if isinstance(raw, bool) else (None, "must be true or false")

    return _field(default, check, doc, "flag")


def choice(default: str, options: Iterable[str], doc: str = "") -> Any:
    options = tuple(options)

    def check(raw: Any) -> tuple[Any, str | None]:
        if raw in options:
            return raw, None
        return None, "must be one of " + ", ".join(options)

    return _field(default, check, doc, "choice", options)


def action_choice(default: Action, doc: str = "") -> Any:
    def check(raw: Any) -> tuple[Any, str | None]:
        try:
            return Action(raw), None
        except ValueError:
            return None, "must be one of " + ", ".join(a.value for a in Action)

    return _field(default, check, doc, "choice", tuple(a.value for a in Action))


def ids(doc: str = "") -> Any:
    """A set of Discord snowflakes; JSON may carry them as numbers or digit strings."""

    def check(raw: Any) -> tuple[Any, str | None]:
        if isinstance(raw, list | tuple):
            out = set()
            for item in raw:
                if isinstance(item, str) and item.isdigit():
                    item = int(item)
                if not isinstance(item, int) or isinstance(item, bool) or item < 0:
                    return None, "must be a list of Discord IDs"
                out.add(item)
            return frozenset(out), None
        return None, "must be a list of Discord IDs"

    return _field(frozenset(), check, doc, "ids")


def texts(
    default: tuple[str, ...],
    item_check: Callable[[str], str | None] | None = None,
    max_items: int = 500,
    max_len: int = 200,
    doc: str = "",
) -> Any:
    """A list of strings; `item_check` returns a complaint about one item, or None."""

    def check(raw: Any) -> tuple[Any, str | None]:
        if not isinstance(raw, list | tuple) or not all(isinstance(s, str) for s in raw):
            return None, "must be a list of strings"
        if len(raw) > max_items:
            return None, f"must have at most {max_items} entries"
        for i, item in enumerate(raw):
            if not item.strip() or len(item) > max_len:
                return None, f"entry {i} must be 1 to {max_len} characters"
            if item_check and (problem := item_check(item)):
                return None, f"entry {i} ({item!r}) {problem}"
        return tuple(raw), None

    return _field(default, check, doc, "texts")


def parse_fields(cls: type, prefix: str, data: object) -> tuple[Any, list[str]]:
    """Build `cls` from JSON data; bad or unknown values are reported and keep defaults."""
    if data is None:
        return cls(), []
    if not isinstance(data, Mapping):
        return cls(), [f"{prefix} must be an object, got {data!r}"]
    known = {f.name: f for f in dataclasses.fields(cls) if "check" in f.metadata}
    values: dict[str, Any] = {}
    errors: list[str] = []
    for name, raw in data.items():
        spec = known.get(name)
        if spec is None:
            errors.append(f"{prefix}: unknown setting {name!r} (known: {', '.join(known)})")
            continue
        value, problem = spec.metadata["check"](raw)
        if problem:
            errors.append(f"{prefix}.{name} {problem}, got {raw!r}")
        else:
            values[name] = value
    return cls(**values), errors


def to_json(obj: Any) -> dict[str, Any]:
    """The inverse of parse_fields, for storing and showing settings."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if "check" not in f.metadata:
            continue
        out[f.name] = json_value(getattr(obj, f.name))
    return out


def json_value(value: Any) -> Any:
    """A setting's value (or default) as it is stored: sets sorted, tuples as lists, actions by name."""
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Action):
        return value.value
    return value


def describe(cls: type) -> list[tuple[str, Any, str]]:
    """(name, default, doc) for each setting: the documentation source of truth."""
    return [(f.name, f.default, f.metadata["doc"]) for f in dataclasses.fields(cls) if "check" in f.metadata]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    name: str
    default: Any
    doc: str
    kind: str  # whole, number, flag, choice, ids, texts
    options: tuple[str, ...] = ()  # what a choice may be

    @property
    def is_list(self) -> bool:
        return self.kind in ("ids", "texts")


def field_infos(cls: type) -> dict[str, FieldInfo]:
    """Each setting of `cls` by name, in declaration order, with what a front end needs to read typed text."""
    return {
        f.name: FieldInfo(f.name, f.default, f.metadata["doc"], f.metadata["kind"], f.metadata["options"])
        for f in dataclasses.fields(cls)
        if "check" in f.metadata
    }
