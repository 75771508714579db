"""Real public documents that no one on this project made (../shared/realdocs, with truth.json):
the whole pipeline must find every seal they carry, invent none, and take none of them for a
pilot submission (no report, no form, no count). Skipped where ../shared is absent."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractors.options import PipelineOptions
from extractors.pipeline import process
from models.result import Result
from models.template import COUNT_KEYS

# Beside the repository, like models/schema.py finds ../shared/contract; a worktree elsewhere
# names the folder in PILOTDOC_REALDOCS.
REALDOCS = Path(
    os.environ.get("PILOTDOC_REALDOCS", Path(__file__).resolve().parents[3] / "shared" / "realdocs")
)


def _truth() -> dict[str, Any]:
    path = REALDOCS / "truth.json"
    if not path.is_file():
        return {}
    files: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["files"]
    return files


TRUTH = _truth()
pytestmark = [
    pytest.mark.ocr,
    pytest.mark.slow,
    pytest.mark.skipif(not TRUTH, reason=f"no real documents at {REALDOCS}"),
]


@cache
def _result(name: str) -> Result:
    return process(
        (REALDOCS / name).read_bytes(), filename=name, options=PipelineOptions(workers=1)
    )


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_seal_found_and_none_invented(name: str) -> None:
    result = _result(name)
    wanted = {int(k): int(v) for k, v in TRUTH[name]["seals_at_least"].items()}
    assert set(wanted) <= {p.number for p in result.pages}
    for page in result.pages:
        if page.number not in wanted:
            continue
        found = len(page.seals)
        if wanted[page.number] == 0:
            assert found == 0, f"{name} p{page.number}: invented {page.seals}"
        else:
            assert found >= wanted[page.number], f"{name} p{page.number}: {found} seals"


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_not_taken_for_a_submission(name: str) -> None:
    result = _result(name)
    assert not result.report.present
    assert not result.application.present
    claimed = {k: result.counts.get(k).value for k in COUNT_KEYS}
    assert all(v is None for v in claimed.values()), claimed
