"""Which deployment made an archive: an HMAC-SHA256, under a key kept beside aegis.toml (0600), over every
byte of the archive before its S block.

The CRCs and SHA-256s inside an archive are unkeyed: anyone can alter an archive and make them right again.
The HMAC cannot be made right without the key, so `verify` can say "made by this deployment" and tell an
altered or foreign archive from a damaged one.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from aegis import files
from aegis.services.backup.archive import BackupError

KEY_BYTES = 32


class Provenance(StrEnum):
    OURS = "made by this deployment"
    FOREIGN = "signed with another deployment's backup key"
    ALTERED = "signed with this deployment's key, but altered since"
    UNSIGNED = "not signed (format 1, from an Aegis before signed backups)"


class NotOurs(BackupError):
    """A sound archive this deployment cannot vouch for: foreign, altered with its checksums fixed, or unsigned."""

    def __init__(self, message: str, provenance: Provenance):
        super().__init__(message)
        self.provenance = provenance


@dataclass(frozen=True, slots=True)
class SigningKey:
    secret: bytes = field(repr=False)
    path: str = field(default="", compare=False)  # where it is kept, for messages

    @property
    def key_id(self) -> str:
        """Names the key in an archive without giving it away."""
        return hashlib.sha256(b"aegis-backup-key-id\0" + self.secret).hexdigest()[:16]

    def mac(self) -> "hmac.HMAC":
        return hmac.new(self.secret, digestmod=hashlib.sha256)


def load_key(path: Path) -> SigningKey | None:
    """The deployment's key, or None when it has none yet (it has then made no signed archive)."""
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"the backup key {path} cannot be read: {exc}") from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise BackupError(f"the backup key {path} is not {KEY_BYTES} bytes of hex; restore it from where you keep it")
    return SigningKey(secret, str(path))


def load_or_create_key(path: Path) -> SigningKey:
    """The deployment's key, made (0600) the first time a backup needs one."""
    key = load_key(path)
    if key is None:
        key = SigningKey(secrets.token_bytes(KEY_BYTES), str(path))
        files.write_private(path, key.secret.hex() + "\n")
    return key


def provenance(stated: dict | None, computed: str | None, key: SigningKey | None) -> Provenance:
    """From the S block (None in format 1) and the HMAC this reader computed with `key` (None without one)."""
    if stated is None:
        return Provenance.UNSIGNED
    if key is None or stated.get("key_id") != key.key_id:
        return Provenance.FOREIGN
    if not isinstance(stated.get("hmac"), str) or not hmac.compare_digest(stated["hmac"], computed or ""):
        return Provenance.ALTERED
    return Provenance.OURS


def check(name: str, found: Provenance, key: SigningKey | None, *, trust_any: bool) -> None:
    """NotOurs unless the archive is this deployment's, or the operator said to trust any sound archive."""
    if found is not Provenance.OURS and not trust_any:
        raise refusal(name, found, key)


def refusal(name: str, found: Provenance, key: SigningKey | None) -> NotOurs:
    where = f"the key in {key.path}" if key else "this deployment has no backup key yet"
    advice = {
        Provenance.FOREIGN: f"it was not signed with this deployment's backup key ({where})",
        Provenance.ALTERED: "its contents changed after it was signed, and its checksums were made to match",
        Provenance.UNSIGNED: "it carries no signature",
    }[found]
    return NotOurs(
        f"{name} is sound but not made by this deployment: {advice}. If you know where it comes from, "
        "add --trust-any to accept it.",
        found,
    )
