"""A small, bounded run of scripts/fuzz_pdfs.py on PostgreSQL: malformed PDFs (truncated, lying
page counts and xrefs, huge pages, random bytes after the header, flipped bytes, garbage
streams) through the `pilotdoc process` path and the upload route: no crash, no 5xx, no
submission left queued or processing. The full run (>= 1000 cases) prints the README figure."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from unittest import mock

import pytest

from service.settings import get_settings

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz_pdfs.py"


def test_malformed_pdfs_never_crash_5xx_or_stick(pg_url: str) -> None:
    spec = importlib.util.spec_from_file_location("fuzz_pdfs", SCRIPT)
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz_pdfs", fuzz)  # its dataclasses look their module up
    spec.loader.exec_module(fuzz)
    with mock.patch.dict(os.environ):  # the script sets PILOTDOC_* for its own run
        try:
            tally = fuzz.run(40, seed=11, database_url=pg_url, cli_every=0, ocr_dpi=72)
        finally:
            get_settings.cache_clear()
    assert tally.cases == 40
    assert (tally.crashes, tally.server_errors, tally.stuck) == (0, 0, 0), tally.problems
    assert sum(tally.upload.values()) == 40
    # the run exercised both outcomes: some PDFs refused with a 4xx, some read to a result
    assert any(k.startswith("4") for k in tally.upload) and tally.final["done"] > 0
