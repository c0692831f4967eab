"""`aegis demo` on a terminal (a pty): the console opens on the Demo tab with the scenes playing; `q` quits, a
summary read from the record is printed, and nothing is left behind."""

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

from tests.demo.test_headless import assert_all_gone, what_it_started

pytestmark = pytest.mark.slow
ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78cDEHM])"
)


class Terminal:
    def __init__(self, tmp_path, *args: str):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")} | {"TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aegis", "demo", *args],
            cwd=tmp_path,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
        )
        os.close(slave)
        self.raw = b""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.raw += chunk

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode(errors="replace")

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while not (found := re.search(pattern, self.text)):
            assert time.monotonic() < deadline, f"no {pattern!r} on the terminal:\n{self.text[-3000:]}"
            time.sleep(0.05)
        return found

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)


def test_the_console_opens_on_the_demo_and_q_quits_with_a_summary(tmp_path):
    terminal = Terminal(tmp_path, "--duration", "20")
    try:
        port, bot_pid, directory = what_it_started(terminal.wait_for(r"aegis demo: the double at .*", 60)[0].strip())
        terminal.wait_for(r"8 Demo", 30)
        terminal.wait_for(r"Aegis: timed out dave", 30)
        terminal.type(b"q")
        assert terminal.process.wait(30) == 0
        summary = terminal.wait_for(r"What happened in \d+ s[\s\S]*Scenes:[\s\S]*", 10)[0]
        assert re.search(r"timeout +dave +by automod", summary) and "✓ A spam burst" in summary
        assert "not played: the demo ended first" in summary, "quit before the last scenes"
        assert_all_gone(port, bot_pid, directory)
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.master)
