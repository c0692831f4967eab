"""Archives made to hurt: a frame that decompresses to far more than a block may hold, a block length no
archive has, more tables than Aegis has, and a tamper whose checksums were all made right again. Each is
refused, naming the limit or what is wrong, without spending the memory the archive asks for."""

import hashlib
import json
import struct
import tracemalloc
import zlib

import pytest
import zstandard

from aegis.services.backup import archive
from aegis.services.backup.archive import Limits, OverLimit
from aegis.services.backup.reader import verify
from aegis.services.backup.restore import restore
from aegis.services.backup.signing import NotOurs, Provenance, SigningKey
from aegis.services.backup.writer import take_backup
from tests.backup.backup_support import KEY, blocks, contents, forge, seed

MiB = 1 << 20
BOUND = 40 * MiB  # what reading may cost at most: one block's cap (16 MiB) and change


def bomb(size: int) -> bytes:
    """A zstd frame that states its content size and expands to `size` bytes of rows, a few KB on disk."""
    writer = zstandard.ZstdCompressor(level=19, write_content_size=True)
    compressor = writer.compressobj(size=size)
    row = b"x" * 1023 + b"\n"
    out = [compressor.compress(row * 1024) for _ in range(size // MiB)]
    return b"".join(out) + compressor.flush()


def swap(offset: int, payload: bytes):
    return lambda block: [("D", payload)] if block.offset == offset else [(block.kind, block.payload)]


def peak_while(call) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        with pytest.raises(Exception) as refused:
            call()
        return refused.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_frame_that_expands_to_64_mib_is_refused_with_bounded_memory(cli, good, tmp_path):
    payload = bomb(64 * MiB)
    assert len(payload) < 64 * 1024 and zstandard.frame_content_size(payload) == 64 * MiB
    first = next(b for b in blocks(good) if b.kind == "D")
    crafted = forge(good, tmp_path / "bomb.aegisbak", swap(first.offset, payload), key=KEY)
    error, peak = peak_while(lambda: verify(crafted, key=KEY))
    assert isinstance(error, OverLimit)
    assert f"block at byte {first.offset} decompresses to more than 16 MiB, the limit for one block" in str(error)
    assert peak < BOUND, f"reading the crafted archive peaked at {peak / MiB:.1f} MiB"
    result = cli("sqlite:///unused.db", "verify", crafted)
    assert result.exit_code == 1 and "the limit for one block" in result.output


def test_a_bogus_block_length_is_refused_before_reading_it(good, tmp_path):
    head = struct.pack(">cII", b"D", 0xFFFF_FFF0, 0)
    bogus = head + struct.pack(">I", zlib.crc32(head) & 0xFFFFFFFF) + b"\0" * 64
    first = next(b for b in blocks(good) if b.kind == "D")
    data = good.read_bytes()
    crafted = tmp_path / "bogus.aegisbak"
    crafted.write_bytes(data[: first.offset] + bogus)
    error, peak = peak_while(lambda: verify(crafted, key=KEY))
    assert isinstance(error, OverLimit)
    assert (
        f"the D block at byte {first.offset} states a length of 4,294,967,280 bytes, over the limit of 16 MiB per block"
        in str(error)
    )
    assert peak < BOUND


def test_more_tables_than_the_limit_is_refused(good, tmp_path):
    def many(block):
        if block.kind != "H":
            return [(block.kind, block.payload)]
        value = json.loads(block.payload)
        value["tables"] = [{"name": f"t{i}", "columns": ["id"]} for i in range(300)]
        return [("H", archive.json_payload(value))]

    with pytest.raises(OverLimit, match="it lists 300 tables, over the limit of 256"):
        verify(forge(good, tmp_path / "many.aegisbak", many, key=KEY), key=KEY)


def test_the_rows_in_all_have_a_cap_too(good):
    with pytest.raises(OverLimit, match="its rows decompress to more than 1,000 bytes in all"):
        verify(good, key=KEY, limits=Limits(total_rows_bytes=1000))


def tamper(good, out, key=None):
    """Change one reason in the case rows and make every CRC and SHA-256 agree again: what an attacker who
    knows the format, but not the key, can do."""
    rows_of, current, written = {}, None, []
    for block in blocks(good):
        if block.kind == "T":
            current = json.loads(block.payload)["name"]
        elif block.kind == "D":
            rows_of.setdefault(current, []).append(
                zstandard.ZstdDecompressor().decompressobj().decompress(block.payload)
            )
    changed = b"".join(rows_of["mod_case"]).replace(b"a tab", b"A TAB", 1)
    assert changed != b"".join(rows_of["mod_case"])
    digest = hashlib.sha256(changed).hexdigest()

    def replace(block):
        nonlocal current
        value = json.loads(block.payload) if block.kind in "TEM" else None
        if block.kind == "T":
            current = value["name"]
        if block.kind == "D" and current == "mod_case":  # the table's rows, changed, in one block
            if written:
                return []
            written.append(True)
            return [("D", zstandard.ZstdCompressor().compress(changed))]
        if block.kind == "E" and value["name"] == "mod_case":
            return [("E", archive.json_payload({**value, "sha256": digest}))]
        if block.kind == "M":
            tables = [{**t, "sha256": digest} if t["name"] == "mod_case" else t for t in value["tables"]]
            return [("M", archive.json_payload({**value, "tables": tables}))]
        return [(block.kind, block.payload)]

    return forge(good, out, replace, key=key)


def test_a_tamper_with_its_checksums_recomputed_is_not_ours(cli, good, target, tmp_path):
    doctored = tamper(good, tmp_path / "doctored.aegisbak")
    assert verify(doctored, key=KEY).provenance is Provenance.ALTERED  # every checksum agrees: only the HMAC knows
    before = contents(target)
    checked = cli(target, "verify", doctored)
    assert checked.exit_code == 3
    assert "is sound but not made by this deployment: its contents changed after it was signed" in checked.output
    restored = cli(target, "restore", doctored, "--force")
    assert restored.exit_code == 1 and "not made by this deployment" in restored.output
    assert contents(target) == before
    trusted = cli(target, "verify", doctored, "--trust-any")
    assert trusted.exit_code == 0 and "accepted with --trust-any" in trusted.output


def test_a_foreign_archive_is_told_from_a_damaged_one_and_restores_only_knowingly(
    cli, good, target, database_url, tmp_path
):
    theirs = SigningKey(b"\x07" * 32, "their key")
    foreign = forge(good, tmp_path / "foreign.aegisbak", lambda b: [(b.kind, b.payload)], key=theirs)
    assert verify(foreign, key=theirs).provenance is Provenance.OURS
    checked = cli(target, "verify", foreign)
    assert checked.exit_code == 3 and "it was not signed with this deployment's backup key" in checked.output
    with pytest.raises(NotOurs):
        restore(target, foreign, key=KEY, force=True, safety_dir=tmp_path / "safety")
    restored = cli(target, "restore", foreign, "--force", "--trust-any")
    assert restored.exit_code == 0, restored.output
    assert contents(target)["mod_case"] == contents(database_url)["mod_case"]


def test_a_format_1_archive_is_unsigned_and_needs_trust(cli, good, target, tmp_path):
    def older(block):
        if block.kind in "HM":
            return [(block.kind, archive.json_payload({**json.loads(block.payload), "format_version": 1}))]
        return [(block.kind, block.payload)]

    old = forge(good, tmp_path / "old.aegisbak", older, version=1)
    assert verify(old, key=KEY).provenance is Provenance.UNSIGNED
    checked = cli(target, "verify", old)
    assert checked.exit_code == 3 and "it carries no signature" in checked.output
    assert cli(target, "verify", old, "--trust-any").exit_code == 0


def test_no_block_the_writer_makes_holds_more_than_chunk_so_a_sound_archive_is_never_over_the_cap(
    database_url, empty_database_url, tmp_path, monkeypatch
):
    seed(database_url, guilds=4, cases_per_guild=30)
    monkeypatch.setattr(archive, "CHUNK", 1000)  # the sources still hand over far bigger chunks
    written = take_backup(database_url, tmp_path / "small-blocks.aegisbak", key=KEY)
    sizes = [len(zstandard.ZstdDecompressor().decompress(b.payload)) for b in blocks(written.path) if b.kind == "D"]
    assert max(sizes) <= 1000 and len(sizes) > 10
    verify(written.path, key=KEY, limits=Limits(block_rows_bytes=1000))  # rows split between blocks read back
    from tests.backup.backup_support import migrated

    restore(migrated(empty_database_url), written.path, key=KEY, safety_dir=tmp_path)
    assert contents(empty_database_url) == contents(database_url)
