"""The .aegisbak file format: a signed file header, then blocks that each carry their own checksums.

    file   = SIGNATURE "AEGISBAK" | format version u16 | CRC-32 of those 10 bytes u32 | block*
    block  = kind 1 byte | payload length u32 | payload CRC-32 u32 | CRC-32 of the 9 bytes before u32 | payload

    H  header JSON: what the manifest knows before the data (version, schema, tables and columns)
    T  table JSON: {"name", "columns"}; the table's rows follow
    D  one zstd frame of rows (at most CHUNK bytes before compression), in encoding.py's text format
    E  table end JSON: {"name", "rows", "sha256"} over the table's uncompressed rows
    M  manifest JSON, always the last block: the header plus every table's rows and SHA-256

Every byte of the file is covered by a CRC, so a flipped byte is found in the block it hit; a file that
stops before its M block is truncated; and a table of any size streams through in CHUNK-sized blocks.
"""

import json
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from aegis.errors import AegisError

SIGNATURE = b"AEGISBAK"
FORMAT_VERSION = 1
SUFFIX = ".aegisbak"
CHUNK = 4 << 20
FILE_HEADER = struct.Struct(">8sHI")
BLOCK_HEADER = struct.Struct(">cIII")
KINDS = frozenset(b"HTDEM")


class BackupError(AegisError):
    pass


class DamagedArchive(BackupError):
    pass


class DamagedBlock(DamagedArchive):
    """A block whose payload fails its CRC; the reader, which knows the table it belongs to, says which."""

    def __init__(self, message: str, kind: str, offset: int):
        super().__init__(message)
        self.kind = kind
        self.offset = offset


def crc(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def file_header() -> bytes:
    head = struct.pack(">8sH", SIGNATURE, FORMAT_VERSION)
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


def read_blocks(stream: BinaryIO, name: str) -> Iterator[Block]:
    """Every block in file order, each checked against its CRCs; ends quietly at the end of the file."""
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
    offset = FILE_HEADER.size
    while head := stream.read(BLOCK_HEADER.size):
        if len(head) < BLOCK_HEADER.size:
            raise DamagedArchive(
                f"{name} is truncated at byte {offset + len(head)}: the file ends inside a block header"
            )
        kind, length, payload_crc, head_crc = BLOCK_HEADER.unpack(head)
        if crc(head[:-4]) != head_crc or kind[0] not in KINDS:
            raise DamagedArchive(f"{name} is damaged at byte {offset}: a block header fails its checksum")
        payload = stream.read(length)
        end = offset + BLOCK_HEADER.size + len(payload)
        if len(payload) < length:
            raise DamagedArchive(f"{name} is truncated at byte {end}: the file ends inside a block of {length} bytes")
        if crc(payload) != payload_crc:
            raise DamagedBlock(
                f"{name} is damaged: the {kind.decode()} block at byte {offset} fails its checksum",
                kind.decode(),
                offset,
            )
        yield Block(kind.decode(), offset, payload)
        offset = end
