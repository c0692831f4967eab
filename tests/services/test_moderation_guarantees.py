"""docs/guarantees.md names a test for each promise: every test it names exists, so the page cannot point at
proof that was renamed or removed."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_the_guarantees_page_names_exists():
    page = (ROOT / "docs" / "guarantees.md").read_text()
    named = NAMED.findall(page)
    assert len(named) >= 11
    for file, test in named:
        path = ROOT / file
        assert path.is_file(), f"guarantees.md names {file}, which does not exist"
        if test:
            assert test in defined_tests(path), f"guarantees.md names {file}::{test}, which does not exist"
