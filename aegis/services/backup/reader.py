"""Reading an archive back, checking everything on the way: every CRC, every table's SHA-256 and row
count, the manifest against the header and the data, the signature, and that the file ends right after it.
Every size is capped (archive.Limits): decompression streams, and stops one byte past the cap, because
zstandard trusts the content size a frame states and ignores `max_output_size` when there is one.

`verify` reads it all and touches no database. `ArchiveReader.tables()` is what restore streams from:
a table's rows are handed out as they are read, and a table whose checksum fails raises before the
next table starts, so a restore inside a transaction never commits bad data.
"""

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import zstandard

from aegis.services.backup import manifest as manifests
from aegis.services.backup.archive import (
    LIMITS,
    Block,
    DamagedArchive,
    DamagedBlock,
    Limits,
    MiB,
    OverLimit,
    read_blocks,
    size_text,
)
from aegis.services.backup.manifest import Manifest, TableEntry
from aegis.services.backup.signing import Provenance, SigningKey, provenance


@dataclass
class TableStream:
    entry: TableEntry  # name and columns; rows and sha256 as the E block states them once read
    chunks: Iterator[bytes]


@dataclass(frozen=True)
class Verified:
    manifest: Manifest
    provenance: Provenance


class ArchiveReader:
    def __init__(self, stream: BinaryIO, name: str, *, key: SigningKey | None, limits: Limits = LIMITS):
        self.name, self.key, self.limits = name, key, limits
        self.size = os.fstat(stream.fileno()).st_size
        self._mac = key.mac() if key else None
        self._blocks = read_blocks(stream, name, limits=limits, signed=self._mac.update if self._mac else None)
        self.version = self._blocks.version
        # The window a frame asks for is memory too; a sound block's never exceeds what it decompresses to.
        window = 1 << max(20, (limits.block_rows_bytes - 1).bit_length())  # a power of two, at least 1 MiB
        self._decompressor = zstandard.ZstdDecompressor(max_window_size=window)
        self._rows_bytes = 0
        first = self._next()
        if first is None or first.kind != "H":
            raise DamagedArchive(f"{name} has no manifest header where its first block should be")
        self._check_table_count(first.json())
        self.header = manifests.parse(first.json(), name, with_counts=False, version=self.version)
        self.manifest: Manifest | None = None  # known once tables() has run to the end
        self.provenance: Provenance | None = None  # likewise

    def _check_table_count(self, value: dict) -> None:
        tables = value.get("tables")
        if isinstance(tables, list) and len(tables) > self.limits.tables:
            raise OverLimit(
                f"{self.name} is refused: it lists {len(tables):,} tables, over the limit of {self.limits.tables}"
            )

    def _next(self) -> Block | None:
        try:
            return next(self._blocks)
        except StopIteration:
            return None

    def _truncated(self) -> DamagedArchive:
        return DamagedArchive(f"{self.name} is truncated at byte {self.size}: the file ends before its manifest")

    def tables(self) -> Iterator[TableStream]:
        done: list[TableEntry] = []
        expected = list(self.header.tables)
        while (block := self._next()) is not None:
            if block.kind == "M":
                self._finish(block, done)
                return
            if block.kind != "T":
                raise DamagedArchive(
                    f"{self.name} is damaged: a {block.kind} block at byte {block.offset} is out of place"
                )
            start = block.json()
            if (
                not expected
                or start.get("name") != expected[0].name
                or tuple(start.get("columns", ())) != expected[0].columns
            ):
                raise DamagedArchive(
                    f"{self.name} has a wrong manifest: the data holds table {start.get('name')!r} at byte "
                    f"{block.offset}, the header lists {expected[0].name if expected else 'no more tables'}"
                )
            entry, result = expected.pop(0), []
            table = TableStream(entry, self._rows(entry, result))
            yield table
            for _ in table.chunks:  # the caller may not want the rows; they are checked all the same
                pass
            done.append(result[0])
            table.entry = result[0]
        raise self._truncated()

    def _rows(self, entry: TableEntry, result: list) -> Iterator[bytes]:
        digest, rows, last = hashlib.sha256(), 0, b"\n"
        while True:
            try:
                block = self._next()
            except DamagedBlock as exc:
                raise DamagedArchive(
                    f"{self.name} is damaged: checksum mismatch in table {entry.name} (the block at byte "
                    f"{exc.offset} fails its CRC)"
                ) from None
            if block is None:
                raise self._truncated()
            if block.kind == "E":
                break
            if block.kind != "D":
                raise DamagedArchive(
                    f"{self.name} is damaged: a {block.kind} block at byte {block.offset} is inside table {entry.name}"
                )
            chunk = self._decompress(block, entry)
            digest.update(chunk)
            rows += chunk.count(b"\n")
            last = chunk[-1:] or last
            yield chunk
        end = block.json()
        stated = TableEntry(entry.name, entry.columns, end.get("rows"), end.get("sha256"))
        if end.get("name") != entry.name:
            raise DamagedArchive(
                f"{self.name} is damaged: table {entry.name} ends with the end block of {end.get('name')!r}"
            )
        if digest.hexdigest() != stated.sha256:
            raise DamagedArchive(
                f"{self.name} is damaged: checksum mismatch in table {entry.name} (SHA-256 of its rows)"
            )
        if rows != stated.rows or last != b"\n":
            raise DamagedArchive(
                f"{self.name} is damaged: row count mismatch in table {entry.name}: "
                f"{stated.rows} stated, {rows} in the data"
            )
        result.append(stated)

    def _decompress(self, block: Block, entry: TableEntry) -> bytes:
        """The block's rows, never more than the per-block cap (nor past the total) however big the frame says."""
        cap = min(self.limits.block_rows_bytes, self.limits.total_rows_bytes - self._rows_bytes)
        pieces, size = [], 0
        try:
            with self._decompressor.stream_reader(block.payload) as frame:
                while piece := frame.read(min(MiB, cap - size + 1)):
                    pieces.append(piece)
                    size += len(piece)
                    if size > cap:
                        raise self._over(block, entry)
        except zstandard.ZstdError as exc:
            raise DamagedArchive(
                f"{self.name} is damaged: table {entry.name}'s block at byte {block.offset} does not decompress ({exc})"
            ) from None
        self._rows_bytes += size
        return b"".join(pieces)

    def _over(self, block: Block, entry: TableEntry) -> OverLimit:
        if self._rows_bytes + self.limits.block_rows_bytes > self.limits.total_rows_bytes:
            return OverLimit(
                f"{self.name} is refused: its rows decompress to more than "
                f"{size_text(self.limits.total_rows_bytes)} in all (reached in table {entry.name}, "
                f"block at byte {block.offset}), the limit for one archive"
            )
        return OverLimit(
            f"{self.name} is refused: table {entry.name}'s block at byte {block.offset} decompresses to more than "
            f"{size_text(self.limits.block_rows_bytes)}, the limit for one block"
        )

    def _finish(self, block: Block, done: list[TableEntry]) -> None:
        self._check_table_count(block.json())
        final = manifests.parse(block.json(), self.name, with_counts=True, version=self.version)
        if final.header_json() != self.header.header_json():
            raise DamagedArchive(f"{self.name} has a wrong manifest: it disagrees with the archive's header")
        for entry in final.tables:
            read = next((t for t in done if t.name == entry.name), None)
            if read is None:
                raise DamagedArchive(f"{self.name} has a wrong manifest: table {entry.name} has no data in the archive")
            if (read.rows, read.sha256) != (entry.rows, entry.sha256):
                what = "row count" if read.rows != entry.rows else "checksum"
                raise DamagedArchive(
                    f"{self.name} has a wrong manifest: {what} mismatch in table {entry.name} "
                    f"(manifest {entry.rows} rows, data {read.rows} rows)"
                )
        if len(done) != len(final.tables):
            raise DamagedArchive(f"{self.name} has a wrong manifest: the archive holds tables it does not list")
        computed = self._mac.hexdigest() if self._mac else None  # everything up to the S block
        stated = self._signature() if self.version >= 2 else None
        if self._next() is not None:
            raise DamagedArchive(
                f"{self.name} is damaged: there is data after its {'signature' if stated else 'manifest'}"
            )
        self.manifest = final
        self.provenance = provenance(stated, computed, self.key)

    def _signature(self) -> dict:
        block = self._next()
        if block is None:
            raise DamagedArchive(f"{self.name} is truncated at byte {self.size}: the file ends before its signature")
        if block.kind != "S":
            raise DamagedArchive(f"{self.name} is damaged: a {block.kind} block at byte {block.offset} is out of place")
        return block.json()


def verify(
    path: Path,
    *,
    key: SigningKey | None,
    on_progress: Callable[[str, int], None] | None = None,  # (table, rows so far)
    limits: Limits = LIMITS,
) -> Verified:
    """Read the whole archive and check everything in it: the manifest and who made it if it is sound,
    DamagedArchive (OverLimit for one over a cap) if not."""
    path = Path(path)
    with _open(path) as stream:
        reader, rows = ArchiveReader(stream, str(path), key=key, limits=limits), 0
        for table in reader.tables():
            for chunk in table.chunks:
                rows += chunk.count(b"\n")
                if on_progress:
                    on_progress(table.entry.name, rows)
        return Verified(reader.manifest, reader.provenance)


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise DamagedArchive(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DamagedArchive(f"{path} is a directory, not an Aegis backup") from None
    except OSError as exc:
        raise DamagedArchive(f"{path} cannot be read: {exc.strerror}") from None
