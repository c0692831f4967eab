"""The benchmarks still run from a clone and print their ratios (tiny sizes: this proves they run, not the figures)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / script), *args], capture_output=True, text=True, timeout=110, cwd=SCRIPTS.parent
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stdout
    return result.stdout


@pytest.mark.slow
def test_bench_warn_prints_latencies_and_ratios_and_every_case_is_recorded():
    out = run("bench_warn.py", "--sequential", "5", "--concurrent", "4", "--moderators", "2")
    assert "ratio aegis/bare sequential: p50" in out and "ratio aegis/bare concurrent: p50" in out
    assert "cases recorded: 29 of 29 warns" in out


@pytest.mark.slow
def test_bench_startup_loads_the_pending_expiries_with_one_timer():
    out = run("bench_startup.py", "--guilds", "3", "--members", "2", "--pending", "500")
    assert "500 loaded and armed" in out and "event-loop timer handles added: 1 " in out
    assert "ratio aegis/bare = " in out


@pytest.mark.slow
def test_bench_memory_prints_both_worlds_ratios():
    out = run("bench_memory.py", "--guilds", "3", "--members", "20", "--big-guild", "300", "--messages", "20")
    assert out.count("ratio aegis/bare = ") == 2 and "after 20 messages" in out
    assert "did not stop" not in out
