"""Files that can hold secrets or member data (aegis.toml, the SQLite database, backups, the backup key,
exports): created 0600 in directories created 0700, whatever the umask; and a check for existing ones that
others can read.
"""

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from aegis.config import Config

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Make `path` (and missing parents) as 0700; a directory that already exists keeps its mode."""
    path = Path(path)
    missing = []
    for parent in (path, *path.parents):
        if parent.exists():
            break
        missing.append(parent)
    path.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)
    return path


def open_private(path: Path, mode: str = "wb", **text_options) -> BinaryIO:
    """Open for writing, creating or truncating the file as 0600 (an existing file is tightened to 0600);
    `text_options` (encoding, …) for a text mode."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # os.open's mode is filtered through the umask and ignored for existing files
        return os.fdopen(fd, mode, **text_options)
    except BaseException:
        os.close(fd)
        raise


def write_private(path: Path, data: bytes | str) -> None:
    private_dir(Path(path).parent)
    with open_private(path, "wb") as stream:
        stream.write(data.encode() if isinstance(data, str) else data)


def touch_private(path: Path) -> None:
    """Create an empty 0600 file if there is none, so that whatever fills it (SQLite) inherits the mode."""
    private_dir(Path(path).parent)
    if not Path(path).exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE))
        os.chmod(path, FILE_MODE)


def open_to_others(path: Path) -> int | None:
    """The mode bits that let the group or everyone else in, or None when there are none (or no such file)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    return mode if mode & 0o077 else None


def exposure_warnings(paths: Iterable[Path]) -> list[str]:
    """One line per existing file or directory others can read, naming it and the fix."""
    lines = []
    for path in paths:
        mode = open_to_others(path)
        if mode is not None:
            fix = "chmod 700" if Path(path).is_dir() else "chmod 600"
            lines.append(f"{path} is readable by others (mode {mode:04o}); fix: {fix} {path}")
    return lines


def deployment_files(config: "Config") -> Iterator[Path]:
    """The files and folders the configuration names that can hold secrets or member data (the services add
    their own, e.g. the deletion ledger: see services/doctor/local.private_files)."""
    if config.source:
        yield config.source
    url = config.database.url
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        database = Path(url.removeprefix("sqlite://").removeprefix("/"))
        yield from (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm"))
    yield config.backup_key_path
    backups = Path(config.backup.dir)
    if backups.is_dir():
        yield backups
        yield from sorted(backups.glob("*.aegisbak"))
