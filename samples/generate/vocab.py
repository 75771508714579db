"""Load the generator's vocabulary (people, units, project topics) from vocab.yaml.

Kept as data so the variety of names can grow without touching the renderers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PATH = Path(__file__).with_name("vocab.yaml")
_REQUIRED = (
    "surnames",
    "given_chars",
    "leader_titles",
    "hospitals",
    "companies",
    "universities",
    "email_domains",
    "topics",
    "other_directions",
    "media",
    "journals",
)


@cache
def vocab() -> dict[str, Any]:
    """The parsed vocabulary; raises ValueError when a required list is missing or empty."""
    data: dict[str, Any] = yaml.safe_load(_PATH.read_text(encoding="utf-8"))
    missing = [key for key in _REQUIRED if not data.get(key)]
    if missing:
        raise ValueError(f"vocab.yaml lacks {missing}")
    for key, topic in data["topics"].items():
        if not topic.get("names") or not topic.get("directions") or not topic.get("scene"):
            raise ValueError(f"vocab.yaml topic {key!r} needs names, directions and scene")
    return data
