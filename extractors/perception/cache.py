"""Perception cache: what OCR made of a page image, keyed by the image's hash and the model
identity, so reinterpreting an archive never runs OCR twice. Files under one folder; a
missing or unreadable entry is simply a miss."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class PerceptionCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with self._path(key).open("rb") as fh:
                value: dict[str, Any] = json.load(fh)
                return value
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
