"""The core (domain, services, automod, rate limiting, storage) never imports a front end's library."""

import json
import pkgutil
import subprocess
import sys

import aegis

CORE = ("aegis.domain", "aegis.services", "aegis.storage")
FRONT_END_LIBRARIES = ("discord", "textual", "click", "rich")


def core_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(aegis.__path__, "aegis."):
        if info.name.startswith(CORE):
            found.append(info.name)
    return found


def test_there_is_a_core_to_check():
    assert {"aegis.domain.moderation.cases", "aegis.storage.moderation.cases"} <= set(core_modules())


def test_importing_the_core_loads_no_front_end_library():
    probe = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({FRONT_END_LIBRARIES!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
