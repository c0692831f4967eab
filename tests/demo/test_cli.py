"""`aegis demo`'s command line: what it refuses before starting anything, and its exit code for CI."""

from click.testing import CliRunner

from aegis.cli.main import main
from aegis.demo.run import exit_code


def test_a_duration_under_10_seconds_is_refused():
    result = CliRunner().invoke(main, ["demo", "--headless", "--duration", "5"])
    assert result.exit_code == 2 and "5" in result.output and "10" in result.output


def test_exit_code_is_0_only_when_every_scene_showed_what_it_is_for():
    assert exit_code([("a", True, ""), ("b", True, "")]) == 0
    assert exit_code([("a", True, ""), ("b", False, "")]) == 1
    assert exit_code([("a", True, ""), ("b", None, "not played")]) == 1
