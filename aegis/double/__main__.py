"""python -m aegis.double --port 8765 --seed seed.json  (see seed.py for the format)."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from aegis.double.double import DiscordDouble
from aegis.double.world.seed import seed_from_json


async def serve(host: str, port: int, seed: Path | None) -> None:
    double = DiscordDouble()
    if seed is not None:
        seed_from_json(double, json.loads(seed.read_text()))
    await double.start(host, port)
    print(f"AEGIS_DISCORD_API_URL={double.api_url}", flush=True)
    print(f"AEGIS_DISCORD_GATEWAY_URL={double.gateway_url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await double.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m aegis.double")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=Path)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.host, args.port, args.seed))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
