"""The whole pipeline over the committed sample corpus: every result is schema-valid, and the
accuracy stays above floors well below what `pilotdoc eval` reports (README), so a regression
in any stage shows here. Runs OCR on the scanned samples: the slowest test in the suite."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evaluation.run import Evaluation, evaluate, find_pairs
from extractors.perception.cache import PerceptionCache
from extractors.pipeline import process
from models.schema import schema_errors
from tests.conftest import CORPUS

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Evaluation, dict[str, dict[str, Any]]]:
    if not find_pairs(CORPUS):
        pytest.fail(
            f"no samples with truth in {CORPUS}: run `pilotdoc samples make` (samples/README.md)"
        )
    cache = PerceptionCache(tmp_path_factory.mktemp("cache"))
    results: dict[str, dict[str, Any]] = {}

    def run(data: bytes, name: str) -> dict[str, Any]:
        result = process(data, filename=name, cache=cache).to_json_dict()
        results[name] = result
        return result

    return evaluate(CORPUS, run), results


def test_every_sample_result_is_schema_valid(corpus_run: tuple[Evaluation, dict[str, Any]]) -> None:
    evaluation, results = corpus_run
    assert not [d.name for d in evaluation.docs if d.error]
    for name, result in results.items():
        assert schema_errors(result) == [], name


def test_corpus_accuracy_floors(corpus_run: tuple[Evaluation, dict[str, Any]]) -> None:
    head = corpus_run[0].headline()
    floors = {
        "page_kind_accuracy": 0.95,
        "report_kind_accuracy": 1.0,
        "section_f1": 0.95,
        "checkbox_form_accuracy": 0.9,
        "field_accuracy": 0.9,
        "count_accuracy": 0.9,
    }
    below = {k: head[k] for k, floor in floors.items() if head[k] is None or head[k] < floor}
    assert not below, f"below floor: {below}; headline: {json.dumps(head)}"
    assert head["ocr_cer"] is not None and head["ocr_cer"] <= 0.05


def test_every_number_has_evidence(corpus_run: tuple[Evaluation, dict[str, Any]]) -> None:
    for name, result in corpus_run[1].items():
        for key, count in result["counts"].items():
            if count["value"] is not None:
                assert count["evidence"], f"{name}: counts.{key} has no evidence"
                ev = count["evidence"][0]
                page = result["pages"][ev["page"] - 1]
                x0, y0, x1, y1 = ev["bbox"]
                assert 0 <= x0 < x1 <= page["width"] + 1 and 0 <= y0 < y1 <= page["height"] + 1
