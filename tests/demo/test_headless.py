"""`aegis demo --headless` as CI runs it: a real process that plays every scene, prints what the database and the
double recorded, exits 0, and leaves nothing behind — also when stopped half-way with Ctrl-C or SIGTERM."""

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
DURATION = 20


def start_demo(tmp_path, duration: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")}
    command = [sys.executable, "-m", "aegis", "demo", "--headless", "--duration", str(duration)]
    return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


class Output:
    """The demo's lines as they come, read on a thread so a test can wait for one with a timeout."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for line in self.lines:
                if text in line:
                    return line
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no line with {text!r} in:\n" + "\n".join(self.lines)
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            assert line is not None, f"the demo ended without {text!r}:\n" + "\n".join(self.lines)
            self.lines.append(line)

    def rest(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while (line := self._queue.get(timeout=max(0.1, deadline - time.monotonic()))) is not None:
            self.lines.append(line)
        return "\n".join(self.lines)


def what_it_started(first_line: str) -> tuple[int, int, Path]:
    match = re.search(r"127\.0\.0\.1:(\d+), the bot \(pid (\d+)\), (\S+)$", first_line)
    assert match, first_line
    return int(match[1]), int(match[2]), Path(match[3])


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a container's init to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def assert_all_gone(port: int, bot_pid: int, directory: Path) -> None:
    assert not directory.exists(), "the temp dir (and its database) is deleted"
    assert not running(bot_pid)
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_headless_plays_every_scene_prints_what_happened_and_exits_0(tmp_path):
    demo = start_demo(tmp_path, DURATION)
    output = Output(demo)
    port, bot_pid, directory = what_it_started(output.wait_for("aegis demo:", 60))
    text = output.rest(DURATION + 60)
    assert demo.wait(10) == 0, text

    cases = text.split("\nCases:\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"#1 +timeout +dave +by automod +applied +Automod \(duplicates\)", cases), cases
    assert re.search(r"warn +eve +by mika", cases) and re.search(r"kick +eve +by system +applied +Escalation", cases)
    assert re.search(r"tempban +frank +by noor +applied", cases)
    deleted = re.search(r"^Deletions: (\d+) messages \(dave (\d+)\)$", text, re.M)
    assert deleted and int(deleted[2]) >= 4, text
    timeouts = re.search(r"^Timeouts: \d+ \((.*)\)$", text, re.M)[1].split(", ")
    assert {"dave", "eve"} <= set(timeouts) and any(name.startswith("raider") for name in timeouts)
    assert "Bans: frank; unbans: frank" in text
    assert text.count("\n  ✓ ") == 5 and "✗" not in text
    assert "Aegis: unbanned frank (reason: Case #" in text, "the feed shows the expiry as it happens"
    assert "Aegis: sent dave a DM: You were timed out" in text
    assert "posted in #mod-log: 🚨 **Raid mode on**" in text and "posted in #mod-log: ✅ **Raid mode off**" in text
    assert "(limit 5): possible raid" in cases
    assert "Aegis: answered mika (only they see it): ✅ Case #" in text
    assert_all_gone(port, bot_pid, directory)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_it_half_way_leaves_nothing_behind(tmp_path, stop):
    demo = start_demo(tmp_path, 60)
    output = Output(demo)
    port, bot_pid, directory = what_it_started(output.wait_for("aegis demo:", 60))
    output.wait_for("scene 1 of 5", 30)
    demo.send_signal(stop)
    text = output.rest(30)
    assert demo.wait(30) == 130, text
    assert "stopped; everything it started is gone" in text
    assert_all_gone(port, bot_pid, directory)


def test_killing_the_demo_with_sigkill_still_stops_the_bot(tmp_path):
    demo = start_demo(tmp_path, 60)
    output = Output(demo)
    port, bot_pid, directory = what_it_started(output.wait_for("aegis demo:", 60))
    output.wait_for("scene 1 of 5", 30)
    try:
        demo.kill()
        demo.wait(10)
        deadline = time.monotonic() + 20
        while running(bot_pid):
            assert time.monotonic() < deadline, "the bot outlived the demo"
            time.sleep(0.05)
    finally:
        shutil.rmtree(directory, ignore_errors=True)  # kill -9 leaves the temp dir: nothing could delete it
