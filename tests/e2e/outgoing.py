"""What the bot sent the double, held against the request bodies Discord's OpenAPI description allows."""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "discord-api-spec" / "openapi.json"
SPEC_URI = "urn:discord-openapi"
_loaded: dict = {}


def _spec() -> dict:
    if not SPEC_PATH.exists():
        pytest.skip(f"Discord's OpenAPI description is not on this machine (looked for {SPEC_PATH})")
    if not _loaded:
        _loaded["spec"] = json.loads(SPEC_PATH.read_text())
        _loaded["registry"] = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(_loaded["spec"]))
    return _loaded["spec"]


def _shape(route: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", route)


def body_problems(requests) -> list[str]:
    """Every recorded request with a JSON body whose schema the description gives, and what is wrong with each."""
    spec = _spec()
    by_shape = {_shape(path): path for path in spec["paths"]}
    problems = []
    for request in requests:
        path = by_shape.get(_shape(request.route))
        operation = spec["paths"].get(path, {}).get(request.method.lower(), {})
        if not isinstance(request.json, dict) or "requestBody" not in operation:
            continue
        pointer = "/".join(
            part.replace("~", "~0").replace("/", "~1")
            for part in ("paths", path, request.method.lower(), "requestBody", "content", "application/json", "schema")
        )
        validator = Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=_loaded["registry"])
        problems += [f"{request.method} {request.route}: {e.message}" for e in validator.iter_errors(request.json)]
    return problems


def checked_bodies(requests) -> int:
    """How many recorded requests carried a JSON body (so a test can tell it checked something)."""
    return sum(isinstance(r.json, dict) for r in requests)
