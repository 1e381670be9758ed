"""Access to Spotify's OpenAPI spec in ``../shared/`` (test data, never copied here)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

SPEC_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "spotify-openapi"
SPEC_FILE = SPEC_DIR / "fixed-spotify-open-api.yml"


def require_spec() -> Path:
    """Skip the calling test when the shared spec is not beside the repository."""
    if not SPEC_FILE.is_file():
        pytest.skip(f"Spotify's OpenAPI spec is not at {SPEC_FILE}")
    return SPEC_FILE


@functools.cache
def load_spec() -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with require_spec().open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=loader)
    return spec


def operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Map operationId to (METHOD, path template, operation object)."""
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found


def resolve(node: Any) -> Any:
    """Follow a local ``$ref`` once."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def match(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """Find the operation serving ``method path`` (a path without the /v1 prefix)."""
    for operation_id, (op_method, template, operation) in operations().items():
        if op_method != method:
            continue
        pattern = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return operation_id, operation
    return None


def query_parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The query parameters an operation declares, by name."""
    params = (resolve(p) for p in operation.get("parameters", []))
    return {p["name"]: p for p in params if p.get("in") == "query"}
