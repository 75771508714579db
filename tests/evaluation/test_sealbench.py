"""The seal benchmark scores what a detector finds against the seal set's truth boxes."""

from __future__ import annotations

import pytest

from evaluation import sealbench
from samples.generate.sealset import seal_page

SEED = 4106  # a colour page of the development set with a seal on it (150 dpi: quick)


def test_truth_as_found_scores_full_and_nothing_found_scores_none() -> None:
    page = seal_page(SEED)
    _, truth = sealbench.at_read_dpi(page)
    assert page.seals and all(b[2] > b[0] and b[3] > b[1] for b in truth)
    perfect, blind = sealbench.Tally(), sealbench.Tally()
    sealbench.score_page(perfect, SEED, page, lambda img, dpi: list(truth))
    sealbench.score_page(blind, SEED, page, lambda img, dpi: [])
    assert perfect.recall() == 1.0 and perfect.false == 0
    assert blind.recall() == 0.0 and blind.total["all"] == perfect.total["all"]


def test_a_box_elsewhere_is_a_false_seal() -> None:
    page = seal_page(SEED)
    sealbench.score_page(tally := sealbench.Tally(), SEED, page, lambda img, dpi: [(0, 0, 40, 40)])
    assert tally.false == 1


@pytest.mark.ocr
def test_read_rate_counts_ring_seals_found_and_their_text_read() -> None:
    rate = sealbench.read_rate(1, 9000)  # one red round seal, its name legible
    assert rate["all found"] == 1 and rate["colour found"] == 1
    assert rate["all read"] == 1 and rate["all none"] == 0
