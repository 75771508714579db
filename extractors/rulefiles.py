"""Read a vocabulary file under extractors/rules/ into its pydantic model: validated at load,
so a typo in a reviewer's edit fails loudly at start-up, not quietly in a match."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

RULES_DIR = Path(__file__).parent / "rules"
# The C loader when PyYAML was built with libyaml: the pure-Python one takes ~0.2 s a file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")


def require_keys(value: dict[str, V], required: set[str], known: set[str] | None = None) -> None:
    """A rule table's keys: every `required` one present, none outside `known` (when given)."""
    missing = required - set(value)
    unknown = set(value) - known if known is not None else set()
    if missing or unknown:
        raise ValueError(f"keys missing {sorted(missing)}, unknown {sorted(unknown)}")


def load_rules(name: str, model: type[M]) -> M:
    """`rules/NAME` parsed and validated as `model` (callers cache the result)."""
    path = RULES_DIR / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_LOADER)
    return model.model_validate(data)
