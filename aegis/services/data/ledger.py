"""The deletion ledger: who was forgotten, kept outside the database and its backups, so that restoring a
backup taken before a deletion cannot bring the person back (`aegis db restore` re-applies it).

It holds no user id: each entry is an HMAC-SHA256 of the id under a key of this deployment's own (a 0600 file
beside the config), so the ledger alone tells nobody who asked; re-applying hashes the ids the database holds
and looks for them."""

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from aegis import clock

LEDGER_FILE, KEY_FILE = "aegis-deletions.jsonl", "aegis-deletions.key"


class DeletionLedger:
    def __init__(self, directory: Path):
        self.path, self._key_path = directory / LEDGER_FILE, directory / KEY_FILE

    def add(self, user_id: int, request: str) -> None:
        entry = {"user": self._digest(user_id), "request": request, "at": clock.now().isoformat()}
        with _private_append(self.path) as out:
            out.write(json.dumps(entry) + "\n")

    def present(self, user_ids: Iterable[int]) -> Iterator[tuple[int, str]]:
        """The ledgered users among `user_ids`, with the kind of request that forgot them (the latest)."""
        wanted = self._entries()
        if not wanted:
            return
        for user_id in user_ids:
            request = wanted.get(self._digest(user_id))
            if request is not None:
                yield user_id, request

    def __len__(self) -> int:
        return len(self._entries())

    def _entries(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        entries = {}
        for line in self.path.read_text().splitlines():
            if line.strip():
                entry = json.loads(line)
                entries[entry["user"]] = entry["request"]
        return entries

    def _digest(self, user_id: int) -> str:
        return hmac.new(self._key(), str(user_id).encode(), hashlib.sha256).hexdigest()

    def _key(self) -> bytes:
        if not self._key_path.exists():
            with _private_append(self._key_path) as out:
                out.write(secrets.token_hex(32))
        return bytes.fromhex(self._key_path.read_text().strip())


def _private_append(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a")
