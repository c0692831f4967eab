"""Files Aegis carries beside its code: migrations/ and aegis.toml.example.

A source tree keeps them at its top, where contributors edit them; a wheel carries copies in aegis/shipped/
(setup.py puts them there at build time). This is the one place that knows both.
"""

from pathlib import Path

from aegis.errors import AegisError

PACKAGE_ROOT = Path(__file__).resolve().parent
SHIPPED = PACKAGE_ROOT / "shipped"
SOURCE_ROOT = PACKAGE_ROOT.parent


def project_file(name: str) -> Path:
    """`name` as the wheel ships it, else from the top of the source tree."""
    for base in (SHIPPED, SOURCE_ROOT):
        if (base / name).exists():
            return base / name
    raise AegisError(
        f"{name} is missing from {SHIPPED} and {SOURCE_ROOT}: this Aegis was installed from an incomplete build; "
        "reinstall it (pip install aegis-bot, or pip install . from a source tree)"
    )
