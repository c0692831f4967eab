"""A wheel, installed without the source tree, sets up Aegis from an empty directory.

The wheel is built from a copy of the files git tracks that the Docker image copies (so nothing lying around in
the worktree helps, and the Dockerfile's COPY lines are proved enough), and installed, without its dependencies, into a fresh virtualenv that borrows this environment's installed
libraries through a .pth file: no network, and no editable install of Aegis in sight.
"""

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import aegis

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def dockerfile_sources() -> list[str]:
    """What docs/examples/Dockerfile COPYs into the image it builds Aegis in."""
    dockerfile = (REPO_ROOT / "docs" / "examples" / "Dockerfile").read_text()
    return [source for line in dockerfile.splitlines() if line.startswith("COPY ") for source in line.split()[1:-1]]


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        if os.environ.get("CI") in ("true", "1"):
            pytest.fail("CI runs in a git checkout: the wheel test must run there")
        pytest.skip("needs a git checkout to know which files are the source")
    return [name for name in listed.stdout.splitlines() if (REPO_ROOT / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    sources = dockerfile_sources()
    for name in tracked_files():
        if not any(name == s or name.startswith(f"{s}/") for s in sources):
            continue
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes((REPO_ROOT / name).read_bytes())
    dist = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", dist]
    subprocess.run([*build, source], check=True, env=clean_env())
    (built,) = dist.glob("aegis_bot-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtualenv with only the wheel installed."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "borrowed-libraries.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    install = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run([*install, wheel], check=True, env=clean_env())
    return root / "bin"


def clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "AEGIS_CONFIG", "AEGIS_DATABASE_URL", "AEGIS_REDIS_URL", "AEGIS_DISCORD_TOKEN", "VIRTUAL_ENV")
    return {key: value for key, value in os.environ.items() if key not in drop}


def aegis_cli(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [bin_dir / "aegis", *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=60
    )


def test_the_wheel_carries_the_migrations_the_example_config_and_the_license(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    migrations = sorted(p.name for p in (REPO_ROOT / "migrations").glob("[0-9][0-9][0-9]_*.py"))
    assert sorted(n.rpartition("/")[2] for n in names if n.startswith("aegis/shipped/migrations/")) == migrations
    assert "aegis/shipped/aegis.toml.example" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith("tests/") for n in names)
    package_files = [n for n in tracked_files() if n.startswith("aegis/") and "__pycache__" not in n]
    assert [n for n in package_files if n not in names] == []  # a data file package-data does not name is lost


def test_the_version_comes_from_the_package(wheel):
    assert wheel.name.startswith(f"aegis_bot-{aegis.__version__}-")


def test_init_and_migrate_from_an_empty_directory(installed, tmp_path):
    where = subprocess.run(
        [installed / "python", "-c", "import aegis; print(aegis.__file__)"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(installed.parent) in where.stdout  # the wheel's copy, not a source tree

    init = aegis_cli(installed, "init", "--no-input", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert "wrote aegis.toml" in init.stdout and "applied" in init.stdout
    assert (tmp_path / "aegis.toml").read_text() == (REPO_ROOT / "aegis.toml.example").read_text()

    migrate = aegis_cli(installed, "db", "migrate", cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    status = aegis_cli(installed, "db", "status", "--check", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "none pending" in status.stdout


def test_backup_and_restore_from_an_empty_directory(installed, tmp_path):
    assert aegis_cli(installed, "init", "--no-input", cwd=tmp_path).returncode == 0
    backup = aegis_cli(installed, "db", "backup", "--output", "first.aegis", cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    restore = aegis_cli(installed, "db", "restore", "first.aegis", "--force", cwd=tmp_path)
    assert restore.returncode == 0, restore.stderr
    assert "restored" in restore.stdout
