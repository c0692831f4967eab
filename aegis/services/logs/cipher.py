"""Message content at rest: sealed with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under this
deployment's key file, 0600, beside the config (like the deletion ledger's key).

The file holds one key a line, newest first. A rotation writes the new key above the old ones, re-seals every
row, and only then drops the old keys: a rotation cut short leaves every row readable, and running it again
finishes the job. A running bot notices the file changed and reads it again, so it seals under the new key."""

import os
import time
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE = "aegis-content.key"
RECHECK_S = 1.0  # how stale this process's view of the key file may be

__all__ = ["KEY_FILE", "ContentCipher", "InvalidToken"]


class ContentCipher:
    def __init__(self, path: Path):
        self.path = path
        self._fernet: MultiFernet | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked = 0.0

    @classmethod
    def beside(cls, directory: Path) -> "ContentCipher":
        return cls(directory / KEY_FILE)

    def seal(self, plain: bytes) -> str:
        return self._current().encrypt(plain).decode("ascii")

    def open(self, token: str) -> bytes:
        """The plaintext; InvalidToken when no key in the file opens it."""
        return self._current().decrypt(token.encode("ascii"))

    def reseal(self, token: str) -> str:
        """The same plaintext under the newest key."""
        return self._current().rotate(token.encode("ascii")).decode("ascii")

    def sealed_by_newest(self, token: str) -> bool:
        try:
            Fernet(self.keys()[0]).decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def keys(self) -> list[bytes]:
        if not self.path.exists():
            _write_private(self.path, [Fernet.generate_key()])
        return [line.strip().encode("ascii") for line in self.path.read_text().splitlines() if line.strip()]

    def begin_rotation(self) -> None:
        _write_private(self.path, [Fernet.generate_key(), *self.keys()])
        self._fernet = None

    def finish_rotation(self) -> None:
        _write_private(self.path, self.keys()[:1])
        self._fernet = None

    def _current(self) -> MultiFernet:
        now = time.monotonic()
        if self._fernet is None or now - self._checked >= RECHECK_S:
            self._checked = now
            stamp = _stamp(self.path)
            if self._fernet is None or stamp != self._stamp:
                self._fernet = MultiFernet([Fernet(key) for key in self.keys()])
                self._stamp = _stamp(self.path)
        return self._fernet


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_size


def _write_private(path: Path, keys: list[bytes]) -> None:
    """Whole or not at all: a new file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(path.name + ".new")
    fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("".join(key.decode("ascii") + "\n" for key in keys))
        out.flush()
        os.fsync(out.fileno())
    os.replace(spare, path)
