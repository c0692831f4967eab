"""A truncated, flipped, doctored or foreign file is refused by verify and by restore, and the database
restore was pointed at is left exactly as it was."""

import pytest

from aegis.services.backup import DamagedArchive
from aegis.services.backup.archive import BackupError
from aegis.services.backup.reader import verify
from tests.backup.backup_support import KEY, blocks, contents, rewrite


def refused(cli, target, path, message):
    """verify and restore --force both exit 1 with `message`, and the target's contents do not change."""
    before = contents(target)
    checked = cli(target, "verify", path)
    assert checked.exit_code == 1 and message in checked.output, checked.output
    restored = cli(target, "restore", path, "--force")
    assert restored.exit_code == 1 and message in restored.output, restored.output
    assert contents(target) == before
    return checked.output


def test_a_sound_archive_verifies(cli, good, target):
    result = cli(target, "verify", good)
    assert result.exit_code == 0 and "sound" in result.output


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999])
def test_truncated(cli, good, target, tmp_path, keep):
    data = good.read_bytes()
    cut = tmp_path / "cut.aegisbak"
    cut.write_bytes(data[: int(len(data) * keep)])
    assert f"truncated at byte {int(len(data) * keep)}" in refused(cli, target, cut, "truncated at byte")


@pytest.mark.parametrize("kind, what", [("M", "manifest"), ("S", "signature")])
def test_truncated_exactly_before_the_manifest_or_the_signature(cli, good, target, tmp_path, kind, what):
    block = next(b for b in blocks(good) if b.kind == kind)
    cut = tmp_path / "cut.aegisbak"
    cut.write_bytes(good.read_bytes()[: block.offset])
    refused(cli, target, cut, f"truncated at byte {block.offset}: the file ends before its {what}")


def test_every_flipped_byte_is_found(good, tmp_path):
    data = bytearray(good.read_bytes())
    flipped = tmp_path / "flipped.aegisbak"
    for position in range(0, len(data), max(1, len(data) // 400)):
        data[position] ^= 0x10
        flipped.write_bytes(data)
        with pytest.raises(BackupError):
            verify(flipped, key=KEY)
        data[position] ^= 0x10


def test_a_flipped_byte_in_table_data_names_the_table(cli, good, target, tmp_path):
    data_block = next(b for b in blocks(good) if b.kind == "D" and len(b.payload) > 200)
    data = bytearray(good.read_bytes())
    data[data_block.offset + 13 + len(data_block.payload) // 2] ^= 0x01
    flipped = tmp_path / "flipped.aegisbak"
    flipped.write_bytes(data)
    assert "checksum mismatch in table" in refused(cli, target, flipped, "checksum mismatch in table")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda kind, v: {**v, "total_rows": v["total_rows"] + 1} if kind == "M" else v, "wrong manifest"),
        (
            lambda kind, v: (
                {
                    **v,
                    "tables": [{**t, "rows": t["rows"] + 1} for t in v["tables"]],
                    "total_rows": v["total_rows"] + len(v["tables"]),
                }
                if kind == "M"
                else v
            ),
            "row count mismatch",
        ),
        (
            lambda kind, v: {**v, "tables": [{**t, "sha256": "0" * 64} for t in v["tables"]]} if kind == "M" else v,
            "checksum mismatch",
        ),
        (lambda kind, v: {**v, "rows": v["rows"] + 1} if kind == "E" else v, "row count mismatch"),
        (lambda kind, v: {**v, "format": "something-else"} if kind == "H" else v, "wrong manifest"),
        (lambda kind, v: {**v, "migrations": "001_initial"} if kind in "HM" else v, "wrong manifest"),
        (lambda kind, v: {**v, "aegis_version": "9.9"} if kind == "M" else v, "disagrees with the archive's header"),
        (lambda kind, v: {**v, "tables": v["tables"][1:]} if kind in "HM" else v, "wrong manifest"),
    ],
)
def test_a_wrong_manifest(cli, good, target, tmp_path, change, message):
    refused(cli, target, rewrite(good, tmp_path / "doctored.aegisbak", change), message)


@pytest.mark.parametrize("content", [b"", b"PGDMP\x01\x0e\x00" + b"\x00" * 100, b"hello, world\n", b"AEGIS"])
def test_not_an_aegis_backup(cli, target, tmp_path, content):
    foreign = tmp_path / "foreign.aegisbak"
    foreign.write_bytes(content)
    refused(cli, target, foreign, "not an Aegis backup")


def test_a_missing_file(cli, target, tmp_path):
    refused(cli, target, tmp_path / "nope.aegisbak", "no such file")


def test_extra_bytes_after_the_manifest(cli, good, target, tmp_path):
    longer = tmp_path / "longer.aegisbak"
    longer.write_bytes(good.read_bytes() + b"\x00")
    refused(cli, target, longer, "truncated at byte")  # a block header cut short is what a stray byte looks like


def test_a_newer_schema_is_refused_by_restore_but_is_a_sound_archive(cli, good, target, tmp_path):
    newer = rewrite(
        good,
        tmp_path / "newer.aegisbak",
        lambda kind, v: {**v, "migrations": [*v["migrations"], "999_future"]} if kind in "HM" else v,
    )
    assert verify(newer, key=KEY).manifest.migrations[-1] == "999_future"
    before = contents(target)
    result = cli(target, "restore", newer, "--force", "--trust-any")  # doctored, so no longer signed right
    assert result.exit_code == 1
    assert "newer Aegis schema" in result.output and "999_future" in result.output
    assert contents(target) == before


def test_a_newer_format_is_refused(cli, good, target, tmp_path):
    data = bytearray(good.read_bytes())
    import struct
    import zlib

    data[8:10] = struct.pack(">H", 3)
    data[10:14] = struct.pack(">I", zlib.crc32(bytes(data[:10])))
    newer = tmp_path / "format2.aegisbak"
    newer.write_bytes(data)
    refused(cli, target, newer, "backup format 3")


def test_damaged_archive_error_is_a_backup_error():
    assert issubclass(DamagedArchive, BackupError)
