"""The ink measured inside one check box, on small drawn images: a blurred or thick outline,
1-bit specks and a faint broken pen stroke (the phone photos and binarised scans people send)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.form.rules import rules
from extractors.marks.boxes import find_squares, ink_level, interior_ink

PAPER, PRINT = 235, 60


def _box(thick: int, blur: float, turn: float = 0.0) -> np.ndarray:
    """A 21-pixel box (a 150 dpi scan's) drawn `thick` wide, blurred as a phone photo is."""
    gray = np.full((80, 80), PAPER, np.uint8)
    cv2.rectangle(gray, (30, 30), (51, 51), PRINT, thick)
    if turn:
        turned = cv2.getRotationMatrix2D((40, 40), turn, 1.0)
        gray = np.asarray(cv2.warpAffine(gray, turned, (80, 80), borderValue=PAPER), np.uint8)
    return np.asarray(cv2.GaussianBlur(gray, (0, 0), blur) if blur else gray, np.uint8)


def _fill(gray: np.ndarray) -> float:
    found = find_squares(gray, (0, 0, gray.shape[1], gray.shape[0]), 28.0)
    assert len(found) == 1
    return interior_ink(gray, found[0], ink_level(gray))


@pytest.mark.parametrize(
    ("thick", "blur", "turn"), [(3, 2.0, 0.0), (3, 1.8, 0.5), (4, 1.6, 0.0), (1, 2.0, 0.0)]
)
def test_a_blurred_outline_filling_its_inner_corners_reads_empty(
    thick: int, blur: float, turn: float
) -> None:
    assert _fill(_box(thick, blur, turn)) <= rules().directions.clear


def test_binarisation_specks_inside_a_box_read_empty() -> None:
    gray = _box(2, 0.0)
    for x, y in [(35, 35), (45, 36), (36, 46), (47, 47)]:
        gray[y : y + 2, x : x + 2] = 0  # 2x2 dots a 1-bit scan leaves
    assert _fill(gray) <= rules().directions.clear


def test_a_faint_tick_the_threshold_breaks_into_pieces_still_counts() -> None:
    gray = _box(2, 0.6)
    tick = np.full_like(gray, PAPER)
    cv2.polylines(tick, [np.array([[34, 40], [39, 47], [49, 33]])], False, 100, 2)
    gray = np.minimum(gray, tick)
    gaps = np.zeros(gray.shape, bool)
    gaps[:, 36::4] = True  # the stroke comes out of the threshold in pieces
    gray[gaps & (tick < PAPER)] = PAPER
    assert _fill(gray) >= rules().directions.ticked


def test_a_small_tick_inside_the_box_counts() -> None:
    gray = _box(2, 1.0)
    cv2.line(gray, (37, 42), (40, 46), PRINT, 2)
    cv2.line(gray, (40, 46), (46, 37), PRINT, 2)
    assert _fill(gray) >= rules().directions.ticked
