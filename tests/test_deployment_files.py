"""The systemd unit and the compose file that docs/deployment.md ships are valid to the tools that run them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_the_systemd_unit_verifies(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("needs systemd-analyze (systemd) to verify the unit")
    executable = shutil.which("aegis") or sys.executable  # verify checks that ExecStart's file exists
    unit = (EXAMPLES / "aegis.service").read_text().replace("/opt/aegis/bin/aegis", executable)
    (tmp_path / "aegis.service").write_text(unit)
    result = subprocess.run(
        ["systemd-analyze", "verify", tmp_path / "aegis.service"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "aegis.service" not in result.stderr, result.stderr


def compose_command() -> list[str]:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]):
            probe = subprocess.run([*command, "version"], capture_output=True, timeout=60)
            if probe.returncode == 0:
                return command
    pytest.skip("needs docker compose (or docker-compose) to check compose.yaml")


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in ("AEGIS_DISCORD_TOKEN", "POSTGRES_PASSWORD")}
    return subprocess.run(
        [*compose_command(), "--project-directory", EXAMPLES, "-f", EXAMPLES / "compose.yaml", "config"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=EXAMPLES,
    )


def test_the_compose_file_wires_aegis_to_postgres_and_redis():
    result = compose_config({"AEGIS_DISCORD_TOKEN": "a.b.c", "POSTGRES_PASSWORD": "hunter2"})
    assert result.returncode == 0, result.stderr
    assert "AEGIS_DATABASE_URL: postgresql://aegis:hunter2@postgres:5432/aegis" in result.stdout
    assert "AEGIS_REDIS_URL: redis://redis:6379/0" in result.stdout
    assert "dockerfile: docs/examples/Dockerfile" in result.stdout


def test_the_compose_file_refuses_to_start_without_its_secrets():
    result = compose_config({"POSTGRES_PASSWORD": "hunter2"})
    assert result.returncode != 0
    assert "put AEGIS_DISCORD_TOKEN in .env" in result.stderr
