"""Every sentence a moderator reads in a reply comes from aegis.services.wording: the commands and the reply
sender hold none, so a reviewer or translator finds them all in one package."""

import ast
from pathlib import Path

import aegis

BOT = Path(aegis.__file__).parent / "bot"
MARKERS = ("⛔", "✅", "⏳", "ℹ️", "⚠️", "🚨")  # how Aegis's replies begin
# Strings a command may hold: what Discord shows in its command picker, log lines, and names.
ALLOWED_CALLS = {"describe", "command", "Group", "Choice", "File", "getLogger", "AppCommandError"}
LOGGING = {"debug", "info", "warning", "error", "exception"}


def strings_outside_allowed_calls(tree: ast.AST) -> list[tuple[int, str]]:
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ALLOWED_CALLS or name in LOGGING:
                allowed.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))  # a docstring
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip():
            found.append((node.lineno, node.value))
    return found


def test_no_reply_marker_is_written_outside_the_wording_package():
    for path in BOT.rglob("*.py"):
        text = path.read_text()
        assert not [m for m in MARKERS if m in text], path


def test_the_commands_and_the_reply_sender_format_no_sentences():
    paths = [*sorted((BOT / "commands").rglob("*.py")), BOT / "replies.py"]
    found = {
        str(path.relative_to(BOT)): strings
        for path in paths
        if (strings := strings_outside_allowed_calls(ast.parse(path.read_text())))
    }
    assert found == {}
