"""Faint ink that is not the page's own: text showing through thin paper from the back of the
sheet (mirrored, blurred, a few grey levels deep). OCR reads it as confident nonsense, so a
detected line whose darkest strokes barely differ from the paper round them is dropped.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractors.perception.ocr import Image

# [real] Printed toner and pen ink, even faded or photographed in poor light, stand more than
# this many grey levels (of 255) below the paper; text showing through from the back of the
# sheet stays within ~40 of it.
MIN_CONTRAST = 60.0
# ... and a line far fainter than the page's typical line is show-through beside real text.
MIN_SHARE_OF_PAGE = 0.3


def contrast(line: Image) -> float:
    """Paper level minus the darkest strokes of one detected line's crop (grey levels)."""
    gray = line if line.ndim == 2 else cv2.cvtColor(line, cv2.COLOR_BGR2GRAY)
    if gray.size == 0:
        return 0.0
    dark, paper = np.percentile(gray, [3, 95])
    return float(paper - dark)


def inked(lines: list[Image]) -> list[bool]:
    """Per line crop: is it the page's own ink (not show-through)?"""
    values = [contrast(line) for line in lines]
    if not values:
        return []
    floor = max(MIN_CONTRAST, MIN_SHARE_OF_PAGE * float(np.median(values)))
    return [v >= floor for v in values]
