"""A stamp-sized ring of ink near a label: the fallback for a seal the seal finder missed (grey
seals on grayscale scans are light and colourless). Rulings and printed lines are left out;
a blot counts when it is seal-sized, about round, and ink runs most of the way round its rim.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks import sealgray
from extractors.marks.level import Level
from extractors.types import Box, GrayImage, PageView

_AROUND = (0.92, 0.96, 1.0, 1.04, 1.08)  # radii about the Hough circle that may carry the rim
_RING_SHARE = 0.55  # of the rim's directions that must meet ink
_PRINTED = re.compile(r"[:：]|年|月|日|盖章|签名|签字")
Mask = npt.NDArray[np.uint8]


def seal_blot(view: PageView, level: Level, area: Box) -> Box | None:
    """The upright-points box of a seal-like ring around `area` (a cell or a label's
    surroundings; the seal may spill over it by half its height), or None."""
    if view.image is None or view.dpi <= 0:
        return None
    pad = 0.5 * (area[3] - area[1])
    x0, y0 = level.point(area[0], area[1] - pad)
    x1, y1 = level.point(area[2], area[3] + pad)
    gray = level.image(view.image)
    h, w = gray.shape[:2]
    ix0, iy0 = max(0, int(min(x0, x1))), max(0, int(min(y0, y1)))
    ix1, iy1 = min(w, int(max(x0, x1))), min(h, int(max(y0, y1)))
    if ix1 - ix0 < 8 or iy1 - iy0 < 8:
        return None
    ink = _light_ink(gray[iy0:iy1, ix0:ix1], view.dpi)
    _erase_printed(ink, view, level, (ix0, iy0))
    circle = _find_ring(ink, view.dpi)
    if circle is None:
        return None
    cx, cy, r = circle
    return level.to_points((ix0 + cx - r, iy0 + cy - r, ix0 + cx + r, iy0 + cy + r))


def _find_ring(ink: Mask, dpi: float) -> tuple[float, float, float] | None:
    """The best circle of seal size whose rim is mostly inked (Hough proposes, the rim
    check disposes: a seal's ring may be broken, text never runs round)."""
    blurred = cv2.GaussianBlur(ink, (5, 5), 1.5)
    best: tuple[float, float, float] | None = None
    best_share = _RING_SHARE
    for cx, cy, r in sealgray.circles(blurred, dpi, dp=2)[:20]:
        share = sealgray.rim_share(ink, cx, cy, r, r, _AROUND)
        if share >= best_share:
            best, best_share = (cx, cy, r), share
    return best


def _light_ink(crop: GrayImage, dpi: float) -> Mask:
    """Anything clearly darker than the paper (grey seal ink included), rulings removed."""
    paper = float(np.percentile(crop, 90))
    ink = np.where(crop < paper - 45, 255, 0).astype(np.uint8)
    run = max(10, int(0.45 * dpi))
    lines = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)),
    )
    out: Mask = np.where(cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0, 0, ink).astype(np.uint8)
    return out


def _erase_printed(ink: Mask, view: PageView, level: Level, origin: tuple[int, int]) -> None:
    """Blank the labels and dates printed in the area: they would join the seal's blot."""
    for line in view.lines:
        if not _PRINTED.search(line.text):
            continue
        ax, ay = level.point(line.box[0], line.box[1])
        bx, by = level.point(line.box[2], line.box[3])
        x0, x1 = int(min(ax, bx)) - origin[0], int(max(ax, bx)) + 1 - origin[0]
        y0, y1 = int(min(ay, by)) - origin[1], int(max(ay, by)) + 1 - origin[1]
        ink[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = 0
