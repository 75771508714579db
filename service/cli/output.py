"""Small CLI helpers: atomic file writes and the one-line error exit."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from models.errors import PilotdocError


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of `data` to `path` or nothing: temp file, fsync, rename."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fail(message: str, code: int = 1) -> NoReturn:
    print(f"pilotdoc: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def fail_for(exc: PilotdocError) -> NoReturn:
    fail(f"{exc.code}: {exc}", code=2)
