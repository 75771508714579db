"""Same seed, same submission; and the committed corpus is what its command makes."""

from __future__ import annotations

import json
from pathlib import Path

from samples.generate.make import member, plan, render
from samples.generate.spec import draw_spec

CORPUS = Path(__file__).resolve().parents[2] / "samples" / "corpus"
# keep in step with samples/README.md
N, SEED, RATIO = 12, 2026, 0.6


def test_same_seed_same_truth_and_bytes() -> None:
    a = render(draw_spec("x", 11, False, {"two_ticks"}))
    b = render(draw_spec("x", 11, False, {"two_ticks"}))
    assert a[1] == b[1]
    assert a[0] == b[0]


def test_other_seed_differs() -> None:
    a = render(draw_spec("x", 11, False, set()))
    b = render(draw_spec("x", 12, False, set()))
    assert a[1] != b[1]


def test_committed_born_digital_samples_are_current() -> None:
    checked = 0
    for i, (scanned, forced) in enumerate(plan(N, SEED, RATIO)):
        if scanned:
            continue  # rasterising is slow; born-digital ones prove the plan and specs
        name, _, truth = member(i, SEED, scanned, forced)
        committed = json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))
        assert json.loads(json.dumps(truth, ensure_ascii=False)) == committed, name
        checked += 1
    assert checked >= 3
