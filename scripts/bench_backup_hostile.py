"""Benchmark: peak memory while `verify` refuses crafted archives, against a sound archive in the same run.

Each case runs in a child process of its own, and its peak RSS (VmHWM, which a new process starts afresh;
ru_maxrss would carry the parent's over exec) is what is printed:

    baseline        a sound archive (a migrated SQLite database), verified
    bomb            one D block replaced by a zstd frame that states, and expands to, --bomb-mib MiB
    bogus length    a block header (CRC made right) that states a 4 GiB payload
    tamper          the sound archive with its bytes changed and every CRC made right: refused by the HMAC
    unbounded       the bomb decompressed as the old reader did (ZstdDecompressor.decompress): what the caps save

    python scripts/bench_backup_hostile.py [--bomb-mib 512]
"""

import argparse
import json
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

MiB = 1 << 20


def child(case: str, path: str) -> None:
    """Run in the child: verify (or decompress), then say how it ended and the peak RSS, one line each."""
    try:
        _run(case, path)
    finally:
        print(peak_rss_mib())


def peak_rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def _run(case: str, path: str) -> None:
    from aegis.services.backup.archive import read_blocks
    from aegis.services.backup.reader import verify
    from aegis.services.backup.signing import check, load_key

    if case == "unbounded":
        import zstandard

        with open(path, "rb") as stream:
            payload = next(b for b in read_blocks(stream, path) if b.kind == "D").payload
        size = len(zstandard.ZstdDecompressor().decompress(payload))
        print(f"decompressed {size // MiB} MiB")
        return
    try:
        key = load_key(Path(path).parent / "aegis-backup.key")
        verified = verify(Path(path), key=key)
        check(path, verified.provenance, key, trust_any=False)  # as `aegis db verify` does
        print(f"sound: {verified.provenance.value}")
    except Exception as exc:  # the refusal is the result being measured
        reason = str(exc).removeprefix(path).strip(" :").removeprefix("is refused: ")
        print(f"refused, {type(exc).__name__}: {reason[:100]}")


def measure(case: str, path: Path) -> tuple[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", case, str(path)], capture_output=True, text=True)
    *outcome, peak = done.stdout.strip().splitlines() or ["?"]
    return (outcome[0] if outcome else done.stderr.strip()[-90:]), float(peak)


def make_archives(folder: Path, bomb_mib: int) -> dict[str, Path]:
    import zstandard

    from aegis.services.backup import archive
    from aegis.services.backup.archive import read_blocks
    from aegis.services.backup.signing import load_or_create_key
    from aegis.services.backup.writer import take_backup
    from aegis.storage import migrations
    from aegis.storage.database import connect

    url = f"sqlite:///{folder / 'aegis.db'}"
    db = connect(url)
    migrations.apply(db)
    db.close()
    key = load_or_create_key(folder / "aegis-backup.key")
    sound = take_backup(url, folder / "sound.aegisbak", key=key).path
    with open(sound, "rb") as stream:
        blocks = list(read_blocks(stream, str(sound)))
    first_d = next(b for b in blocks if b.kind == "D")

    compressor = zstandard.ZstdCompressor(level=3, write_content_size=True).compressobj(size=bomb_mib * MiB)
    rows = b"x" * 1023 + b"\n"
    frame = b"".join(compressor.compress(rows * 1024) for _ in range(bomb_mib)) + compressor.flush()

    def rebuilt(name: str, replace) -> Path:
        parts = [archive.file_header()]
        for block in blocks:
            parts += [archive.block(kind.encode(), payload) for kind, payload in replace(block)]
        (folder / name).write_bytes(b"".join(parts))
        return folder / name

    bomb = rebuilt("bomb.aegisbak", lambda b: [("D", frame)] if b.offset == first_d.offset else [(b.kind, b.payload)])
    head = struct.pack(">cII", b"D", 0xFFFF_FFF0, 0)
    bogus = folder / "bogus.aegisbak"
    bogus.write_bytes(sound.read_bytes()[: first_d.offset] + head + struct.pack(">I", zlib.crc32(head)) + b"\0" * 64)

    def doctored(block):
        if block.kind in "HM":
            return [(block.kind, archive.json_payload({**json.loads(block.payload), "aegis_version": "6.6.6"}))]
        return [(block.kind, block.payload)]

    tampered = rebuilt("tamper.aegisbak", doctored)  # the old signature stays: the HMAC no longer matches
    return {"baseline": sound, "bomb": bomb, "bogus length": bogus, "tamper": tampered, "unbounded": bomb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bomb-mib", type=int, default=512, help="what the crafted frame expands to")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="aegis-bench-hostile-") as scratch:
        archives = make_archives(Path(scratch), args.bomb_mib)
        print(f"bomb: a {archives['bomb'].stat().st_size // 1024} KiB archive whose frame states {args.bomb_mib} MiB")
        results = {case: measure(case, path) for case, path in archives.items()}
    baseline = results["baseline"][1]
    print(f"{'case':<14}{'peak RSS':>10}{'vs baseline':>13}  outcome")
    for case, (outcome, peak) in results.items():
        print(f"{case:<14}{peak:>7.1f}MiB{peak - baseline:>+10.1f}MiB  {outcome}")


if __name__ == "__main__":
    main()
