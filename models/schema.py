"""Validate contract JSON against result.schema.json: the shared copy beside the repo when it
is there (the source of truth), else the copy this package ships."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

PACKAGED = Path(__file__).parent / "contract" / "result.schema.json"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "contract" / "result.schema.json"


def schema_path() -> Path:
    return SHARED if SHARED.exists() else PACKAGED


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Every way `document` breaks the contract, as 'path: message' lines (empty = valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in _validator().iter_errors(document)
    ]
