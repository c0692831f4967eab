"""The standalone server prints the two URLs the bot needs and serves the seeded state."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_standalone_server_with_a_seed(tmp_path):
    seed = {
        "bots": [{"token": "t0k", "username": "Aegis"}],
        "users": ["alice"],
        "guilds": [
            {
                "name": "Seeded",
                "owner": "alice",
                "roles": [{"name": "Aegis", "permissions": 8}],
                "channels": ["general"],
                "members": {"Aegis": ["Aegis"]},
            }
        ],
    }
    (tmp_path / "seed.json").write_text(json.dumps(seed))
    process = subprocess.Popen(
        [sys.executable, "-m", "aegis.double", "--seed", str(tmp_path / "seed.json")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        api = process.stdout.readline().strip().split("=", 1)[1]
        gateway = process.stdout.readline().strip().split("=", 1)[1]
        assert gateway.startswith("ws://127.0.0.1:")
        request = urllib.request.Request(api + "/users/@me", headers={"Authorization": "Bot t0k"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["username"] == "Aegis"
    finally:
        process.terminate()
        process.wait(timeout=10)
