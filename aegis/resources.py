from pathlib import Path

from aegis.errors import AegisError

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def project_file(name: str) -> Path:
    """A file kept at the top of the source tree (aegis.toml.example, migrations/)."""
    path = SOURCE_ROOT / name
    if not path.exists():
        raise AegisError(f"{name} is missing from {SOURCE_ROOT}; install Aegis from its source tree (pip install -e .)")
    return path
