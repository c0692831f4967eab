"""What an archive says about itself, and the checks that it says something sane."""

from dataclasses import dataclass
from datetime import datetime

from aegis.services.backup.archive import FORMAT_VERSION, DamagedArchive

FORMAT_NAME = "aegis-backup"


@dataclass(frozen=True)
class TableEntry:
    name: str
    columns: tuple[str, ...]
    rows: int = 0
    sha256: str = ""

    def as_json(self) -> dict:
        return {"name": self.name, "columns": list(self.columns), "rows": self.rows, "sha256": self.sha256}


@dataclass(frozen=True)
class Manifest:
    aegis_version: str
    created_at: datetime
    source_backend: str
    migrations: tuple[str, ...]
    tables: tuple[TableEntry, ...]
    format_version: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def table(self, name: str) -> TableEntry | None:
        return next((table for table in self.tables if table.name == name), None)

    def header_json(self) -> dict:
        """What is known before the data: the H block."""
        return {
            "format": FORMAT_NAME,
            "format_version": self.format_version,
            "aegis_version": self.aegis_version,
            "created_at": self.created_at.isoformat(),
            "source_backend": self.source_backend,
            "migrations": list(self.migrations),
            "tables": [{"name": t.name, "columns": list(t.columns)} for t in self.tables],
        }

    def as_json(self) -> dict:
        return {**self.header_json(), "tables": [t.as_json() for t in self.tables], "total_rows": self.total_rows}


def parse(value: dict, where: str, *, with_counts: bool, version: int = FORMAT_VERSION) -> Manifest:
    """The manifest in an H block (with_counts=False) or M block, or DamagedArchive saying what is wrong."""

    def wrong(what: str) -> DamagedArchive:
        return DamagedArchive(f"{where} has a wrong manifest: {what}")

    if value.get("format") != FORMAT_NAME:
        raise wrong(f"format is {value.get('format')!r}, not {FORMAT_NAME!r}")
    if value.get("format_version") != version:
        raise wrong(f"format_version is {value.get('format_version')!r}, the file header says {version}")
    for key in ("aegis_version", "created_at", "source_backend"):
        if not isinstance(value.get(key), str) or not value[key]:
            raise wrong(f"{key} is missing or not a string")
    try:
        created_at = datetime.fromisoformat(value["created_at"])
    except ValueError:
        raise wrong(f"created_at {value['created_at']!r} is not a time") from None
    if value["source_backend"] not in ("sqlite", "postgres"):
        raise wrong(f"source_backend {value['source_backend']!r} is neither sqlite nor postgres")
    migrations = value.get("migrations")
    if not isinstance(migrations, list) or not all(isinstance(m, str) and m for m in migrations):
        raise wrong("migrations is not a list of migration names")
    tables = value.get("tables")
    if not isinstance(tables, list):
        raise wrong("tables is not a list")
    entries = tuple(_table(t, wrong, with_counts) for t in tables)
    names = [t.name for t in entries]
    if len(set(names)) != len(names):
        raise wrong("a table is listed twice")
    manifest = Manifest(
        value["aegis_version"], created_at, value["source_backend"], tuple(migrations), entries, version
    )
    if with_counts and value.get("total_rows") != manifest.total_rows:
        raise wrong(f"total_rows is {value.get('total_rows')!r} but its tables add up to {manifest.total_rows}")
    return manifest


def _table(value, wrong, with_counts: bool) -> TableEntry:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
        raise wrong("a table entry has no name")
    name = value["name"]
    columns = value.get("columns")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
        raise wrong(f"table {name} has no list of columns")
    if not with_counts:
        return TableEntry(name, tuple(columns))
    rows, sha256 = value.get("rows"), value.get("sha256")
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise wrong(f"table {name} has no row count")
    if not isinstance(sha256, str) or len(sha256) != 64:
        raise wrong(f"table {name} has no SHA-256")
    return TableEntry(name, tuple(columns), rows, sha256)
