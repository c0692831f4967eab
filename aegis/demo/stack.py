"""Everything the demo runs, and takes down again whatever happens: a temp dir with a throw-away SQLite file,
the Discord double on a free port (its own thread), and the real bot — `aegis run` as a child process."""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peewee as pw

from aegis import clock
from aegis.demo.scenes import Pace
from aegis.demo.setup import seed_settings
from aegis.demo.world import DemoWorld
from aegis.double import DiscordDoubleThread
from aegis.double.world.community import Community, seed_community
from aegis.errors import AegisError
from aegis.storage import console, migrations
from aegis.storage.database import connect

TOKEN = "aegis-demo-token"  # the double's, not Discord's: the demo needs no real token
COMMANDS_ROUTE = "/applications/{application_id}/commands"
READY_WITHIN_S = 60.0
STOP_WITHIN_S = 15.0
SETTLE_WITHIN_S = 15.0
PR_SET_PDEATHSIG = 1


class DemoStack:
    def __init__(self, pace: Pace) -> None:
        self.pace = pace
        self.directory: Path | None = None
        self.database: pw.Database | None = None
        self.thread: DiscordDoubleThread | None = None
        self.community: Community | None = None
        self.world: DemoWorld | None = None
        self.bot: subprocess.Popen | None = None
        self._cleanup = contextlib.ExitStack()

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.directory / 'aegis.db'}"

    @property
    def bot_log(self) -> Path:
        return self.directory / "bot.log"

    def __enter__(self) -> "DemoStack":
        try:
            self._start()
        except BaseException:
            self._cleanup.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._cleanup.close()

    def _start(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="aegis-demo-"))
        self._cleanup.callback(shutil.rmtree, self.directory, ignore_errors=True)
        self.database = connect(self.database_url)
        self._cleanup.callback(self.database.close)
        migrations.apply(self.database)
        self.thread = DiscordDoubleThread(heartbeat_interval=5).start()
        self._cleanup.callback(self.thread.stop)
        self.community = self.thread.call(seed_community, self.thread.double, TOKEN)
        seed_settings(self.community, self.pace)
        self.world = DemoWorld(self.thread, self.community)
        self.bot = self._start_bot()
        self._cleanup.callback(self._stop_bot)
        self._wait_until_ready()

    def _start_bot(self) -> subprocess.Popen:
        # Only the demo's own settings: an operator's aegis.toml, database or Redis must not leak in.
        env = {key: value for key, value in os.environ.items() if not key.startswith("AEGIS_")}
        env.update(
            AEGIS_DISCORD_TOKEN=TOKEN,
            AEGIS_DISCORD_API_URL=self.thread.double.api_url,
            AEGIS_DISCORD_GATEWAY_URL=self.thread.double.gateway_url,
            AEGIS_DATABASE_URL=self.database_url,
            AEGIS_LOG_LEVEL="INFO",
        )
        log = self.bot_log.open("w")
        self._cleanup.callback(log.close)
        return subprocess.Popen(
            [sys.executable, "-m", "aegis", "run"],
            cwd=self.directory,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the terminal's Ctrl-C is ours to handle; we stop the bot ourselves
            preexec_fn=_die_with_parent,
        )

    def _wait_until_ready(self) -> None:
        """The bot synced its commands, holds a gateway session and has read everything sent to it so far."""
        double = self.thread.double
        deadline = time.monotonic() + READY_WITHIN_S
        while not self.thread.call(lambda: bool(double.requests_matching("PUT", COMMANDS_ROUTE) and double.sessions)):
            self.check_bot()
            if time.monotonic() > deadline:
                raise AegisError(f"the demo's bot did not connect within {READY_WITHIN_S:g} s; {self._log_tail()}")
            time.sleep(0.1)
        self.thread.wait(double.wait_until_read(timeout=30))

    def settle(self, within: float = SETTLE_WITHIN_S) -> None:
        """Until the bot owes nothing that is due (expiries due by now carried out, every command answered), or
        `within` seconds: on a loaded machine the last scene's unban may come a moment after the demo's end."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and (self._overdue() or self._unanswered()):
            self.check_bot()
            time.sleep(0.1)
        self.thread.wait(self.thread.double.wait_until_read(timeout=10))

    def _overdue(self) -> bool:
        return any(action.due_at <= clock.now() for action in console.schedules().pending)

    def _unanswered(self) -> bool:
        double = self.thread.double
        return self.thread.call(lambda: any(h.reply() is None for h in double.interactions.values()))

    def check_bot(self) -> None:
        if self.bot is not None and self.bot.poll() is not None:
            raise AegisError(f"the demo's bot stopped (exit code {self.bot.returncode}); {self._log_tail()}")

    def _stop_bot(self) -> None:
        if self.bot is None or self.bot.poll() is not None:
            return
        self.bot.send_signal(signal.SIGTERM)
        try:
            self.bot.wait(STOP_WITHIN_S)
        except subprocess.TimeoutExpired:
            self.bot.kill()
            self.bot.wait(5)

    def _log_tail(self, lines: int = 15) -> str:
        try:
            tail = self.bot_log.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return "its log is gone"
        return "the end of its log:\n" + "\n".join(tail)


def _die_with_parent() -> None:
    """Linux: the bot gets SIGTERM if the demo dies without cleaning up (kill -9), instead of living on."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
