"""The build step pyproject.toml cannot declare: a wheel carries migrations/ and aegis.toml.example.

Both stay at the top of the source tree, where contributors edit them; the wheel gets copies under
aegis/shipped/, where aegis.resources looks first. An editable install reads them from the source tree.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = Path("aegis", "shipped")


class BuildPyShippingResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, SHIPPED)
        self.mkpath(str(target / "migrations"))
        for migration in sorted(Path("migrations").glob("[0-9][0-9][0-9]_*.py")):
            self.copy_file(str(migration), str(target / "migrations" / migration.name))
        self.copy_file("aegis.toml.example", str(target / "aegis.toml.example"))


setup(cmdclass={"build_py": BuildPyShippingResources})
