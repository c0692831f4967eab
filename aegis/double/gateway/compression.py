"""Gateway transport compression, as the `compress` query parameter of the gateway URL asks.

discord.py 2.7 asks for `zstd-stream` when a zstd module is importable and `zlib-stream` otherwise;
both are one compression context for the whole connection, flushed at every message.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

try:
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

Encoder = Callable[[str], "str | bytes"]

SUPPORTED = ("zlib-stream", "zstd-stream") if zstandard is not None else ("zlib-stream",)


def plain(frame: str) -> str:
    return frame


def encoder_for(compress: str | None) -> Encoder:
    if not compress:
        return plain
    if compress == "zlib-stream":
        context = zlib.compressobj()

        def zlib_stream(frame: str) -> bytes:
            return context.compress(frame.encode()) + context.flush(zlib.Z_SYNC_FLUSH)

        return zlib_stream
    if compress == "zstd-stream" and zstandard is not None:
        stream = zstandard.ZstdCompressor().compressobj()
        flush_block = zstandard.COMPRESSOBJ_FLUSH_BLOCK

        def zstd_stream(frame: str) -> bytes:
            return stream.compress(frame.encode()) + stream.flush(flush_block)

        return zstd_stream
    raise ValueError(f"unsupported gateway compression {compress!r}")
