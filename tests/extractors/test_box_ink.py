"""The ink measured inside one check box, on small drawn images: a blurred or thick outline,
1-bit specks and a faint broken pen stroke (the phone photos and binarised scans people send)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.form.rules import rules
from extractors.marks.boxes import Square, find_squares, ink_level, interior_ink
from extractors.marks.strokes import others_ink

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


def _column(ticks: list[np.ndarray]) -> tuple[np.ndarray, dict[str, Square]]:
    """Two 21-pixel boxes one above the other, 14 pixels apart, and pen strokes."""
    gray = np.full((110, 70), PAPER, np.uint8)
    boxes = {"a": Square(20, 10, 41, 31), "b": Square(20, 45, 41, 66)}
    for sq in boxes.values():
        cv2.rectangle(gray, (sq.x0, sq.y0), (sq.x1, sq.y1), PRINT, 2)
    for points in ticks:
        cv2.polylines(gray, [points], False, 40, 2)
    return gray, boxes


def _fills(gray: np.ndarray, boxes: dict[str, Square], own: bool = True) -> dict[str, float]:
    level = ink_level(gray)
    theirs = others_ink(gray, level, (0, 0, gray.shape[1], gray.shape[0]), boxes, 2)
    return {
        k: interior_ink(gray, sq, level, 2, theirs[k] if own else None) for k, sq in boxes.items()
    }


_RISING = np.array([[17, 54], [27, 68], [37, 22]])  # b's tick, its stroke ending inside a


def test_a_stroke_that_runs_on_into_the_box_above_is_not_that_box_s_ink() -> None:
    gray, boxes = _column([_RISING])
    assert _fills(gray, boxes, own=False)["a"] >= rules().directions.ticked  # it is in a
    fills = _fills(gray, boxes)
    assert fills["a"] <= rules().directions.clear
    assert fills["b"] >= rules().directions.ticked


def test_a_tick_of_its_own_that_the_stroke_from_below_crosses_still_counts() -> None:
    gray, boxes = _column([_RISING, np.array([[24, 18], [29, 27], [44, 4]])])
    fills = _fills(gray, boxes)
    assert fills["a"] >= rules().directions.ticked
    assert fills["b"] >= rules().directions.ticked


def test_a_long_overshoot_past_the_box_above_leaves_the_tick_its_own() -> None:
    gray, boxes = _column([np.array([[23, 55], [28, 63], [39, 47], [52, 2]])])
    fills = _fills(gray, boxes)
    assert fills["b"] >= rules().directions.ticked
    assert fills["a"] <= rules().directions.clear
