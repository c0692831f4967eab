"""The .aegisbak file format: a file header, then blocks that each carry their own checksums, then a signature.

    file   = SIGNATURE "AEGISBAK" | format version u16 | CRC-32 of those 10 bytes u32 | block*
    block  = kind 1 byte | payload length u32 | payload CRC-32 u32 | CRC-32 of the 9 bytes before u32 | payload

    H  header JSON: what the manifest knows before the data (version, schema, tables and columns)
    T  table JSON: {"name", "columns"}; the table's rows follow
    D  one zstd frame of rows (at most CHUNK bytes before compression), in encoding.py's text format
    E  table end JSON: {"name", "rows", "sha256"} over the table's uncompressed rows
    M  manifest JSON: the header plus every table's rows and SHA-256
    S  signature JSON, the last block (format 2): {"key_id", "hmac"}, HMAC-SHA256 under the deployment's
       backup key of every byte before this block (signing.py)

Every byte of the file is covered by a CRC, so a flipped byte is found in the block it hit; a file that
stops before its M block is truncated; and a table of any size streams through in CHUNK-sized blocks.
The CRCs and SHA-256s find damage; only the HMAC tells an archive this deployment wrote from one that
someone made or altered (and fixed the checksums of).

Reading never trusts a stated size: a block's length, what a block decompresses to, the rows in all and the
number of tables each have a hard cap (Limits), checked before the memory is spent.
"""

import json
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from aegis.errors import AegisError

SIGNATURE = b"AEGISBAK"
FORMAT_VERSION = 2  # 2: the S block; format 1 archives (unsigned) are still read
SUFFIX = ".aegisbak"
CHUNK = 4 << 20
FILE_HEADER = struct.Struct(">8sHI")
BLOCK_HEADER = struct.Struct(">cIII")
KINDS = frozenset(b"HTDEMS")
MiB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What a sound archive never exceeds; anything over is refused before it costs memory or disk."""

    block_bytes: int = 16 * MiB  # one block as stored (the writer's D blocks hold at most CHUNK, compressed)
    block_rows_bytes: int = 16 * MiB  # one D block decompressed (the writer puts about CHUNK in each)
    total_rows_bytes: int = 64 << 30  # every table's rows decompressed, together
    tables: int = 256  # Aegis has about 20


LIMITS = Limits()


def size_text(size: int) -> str:
    return f"{size // MiB} MiB" if size >= MiB and size % MiB == 0 else f"{size:,} bytes"


class BackupError(AegisError):
    pass


class DamagedArchive(BackupError):
    pass


class OverLimit(DamagedArchive):
    """An archive that states or holds more than a sound one ever does: refused, naming the limit."""


class DamagedBlock(DamagedArchive):
    """A block whose payload fails its CRC; the reader, which knows the table it belongs to, says which."""

    def __init__(self, message: str, kind: str, offset: int):
        super().__init__(message)
        self.kind = kind
        self.offset = offset


def crc(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def file_header(version: int = FORMAT_VERSION) -> bytes:
    head = struct.pack(">8sH", SIGNATURE, version)
    return head + struct.pack(">I", crc(head))


def block(kind: bytes, payload: bytes) -> bytes:
    head = struct.pack(">cII", kind, len(payload), crc(payload))
    return head + struct.pack(">I", crc(head)) + payload


def json_payload(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    offset: int  # of the block header in the file
    payload: bytes

    def json(self) -> dict:
        try:
            value = json.loads(self.payload)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise DamagedArchive(f"the {self.kind} block at byte {self.offset} is not a JSON object")
        return value


def read_blocks(
    stream: BinaryIO, name: str, *, limits: Limits = LIMITS, signed: Callable[[bytes], None] | None = None
) -> "BlockReader":
    return BlockReader(stream, name, limits, signed)


class BlockReader:
    """Every block in file order, each checked against its CRCs and its length against the limit; ends quietly
    at the end of the file. `signed` is handed every byte the S block signs (all but the S block itself)."""

    def __init__(self, stream: BinaryIO, name: str, limits: Limits, signed: Callable[[bytes], None] | None):
        self.stream, self.name, self.limits = stream, name, limits
        self.signed = signed or (lambda data: None)
        self.version = read_file_header(stream, name)
        self.signed(file_header(self.version))
        self._blocks = self._read(FILE_HEADER.size)

    def __iter__(self) -> Iterator[Block]:
        return self._blocks

    def __next__(self) -> Block:
        return next(self._blocks)

    def _read(self, offset: int) -> Iterator[Block]:
        name, stream = self.name, self.stream
        while head := stream.read(BLOCK_HEADER.size):
            if len(head) < BLOCK_HEADER.size:
                raise DamagedArchive(
                    f"{name} is truncated at byte {offset + len(head)}: the file ends inside a block header"
                )
            kind, length, payload_crc, head_crc = BLOCK_HEADER.unpack(head)
            if crc(head[:-4]) != head_crc or kind[0] not in KINDS:
                raise DamagedArchive(f"{name} is damaged at byte {offset}: a block header fails its checksum")
            if length > self.limits.block_bytes:
                raise OverLimit(
                    f"{name} is refused: the {kind.decode()} block at byte {offset} states a length of "
                    f"{length:,} bytes, over the limit of {size_text(self.limits.block_bytes)} per block"
                )
            payload = stream.read(length)
            end = offset + BLOCK_HEADER.size + len(payload)
            if len(payload) < length:
                raise DamagedArchive(
                    f"{name} is truncated at byte {end}: the file ends inside a block of {length} bytes"
                )
            if crc(payload) != payload_crc:
                raise DamagedBlock(
                    f"{name} is damaged: the {kind.decode()} block at byte {offset} fails its checksum",
                    kind.decode(),
                    offset,
                )
            if kind != b"S":
                self.signed(head)
                self.signed(payload)
            yield Block(kind.decode(), offset, payload)
            offset = end


def read_file_header(stream: BinaryIO, name: str) -> int:
    """The archive's format version, once the header is checked."""
    head = stream.read(FILE_HEADER.size)
    if len(head) < len(SIGNATURE) or not head.startswith(SIGNATURE):
        raise DamagedArchive(f"{name} is not an Aegis backup (it does not start with the Aegis backup signature)")
    if len(head) < FILE_HEADER.size:
        raise DamagedArchive(f"{name} is truncated at byte {len(head)}: the file ends inside its header")
    _, version, checksum = FILE_HEADER.unpack(head)
    if crc(head[:-4]) != checksum:
        raise DamagedArchive(f"{name} is damaged at byte 0: the file header fails its checksum")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{name} is in backup format {version}; this Aegis reads format {FORMAT_VERSION} and older. "
            "Restore it with a newer Aegis."
        )
    return version
