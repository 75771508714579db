"""Which way up a scanned page is, cheaply: sideways from the shape of detected line boxes,
upside down from the line classifier's votes (recognition confidence breaks a tie), and the
small scan skew from the slope of long lines."""

from __future__ import annotations

import math

import cv2
import numpy as np

from extractors.perception.ocr import Image, OcrEngine, Quad, crop

SAMPLE_LINES = 12  # lines the 0/180 decision looks at
MAX_SKEW = 6.0  # degrees; beyond this a slope is layout (a diagonal stamp), not skew
# [real] sheets laid on the glass by hand lean up to about 5 degrees.


def _size(quad: Quad) -> tuple[float, float]:
    w = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    h = float(np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    return w, h


def is_sideways(quads: list[Quad]) -> bool:
    """Most elongated line boxes stand upright: the page lies on its side (90 or 270)."""
    tall = wide = 0
    for quad in quads:
        xs, ys = quad[:, 0], quad[:, 1]
        w, h = float(xs.max() - xs.min()), float(ys.max() - ys.min())
        if h > 2.5 * w:
            tall += 1
        elif w > 2.5 * h:
            wide += 1
    return tall >= 3 and tall > 2 * wide


def sample_lines(quads: list[Quad], n: int = SAMPLE_LINES) -> list[Quad]:
    """The longest lines (most evidence per call), at most `n`."""
    ranked = sorted(quads, key=lambda q: -_size(q)[0])
    return [q for q in ranked if _size(q)[0] > 2 * _size(q)[1]][:n] or ranked[:n]


def is_upside_down(engine: OcrEngine, img: Image, quads: list[Quad]) -> bool:
    """Decide 0 vs 180 for a page whose lines run horizontally."""
    sample = sample_lines(quads)
    if not sample:
        return False
    crops = [_head(crop(img, q)) for q in sample]
    votes = engine.upside_down_votes(crops)
    if votes:
        flipped = sum(1 for v in votes if v > 0.5)
        share = flipped / len(votes)
        # The classifier alone is trusted only when it is nearly unanimous.
        if share >= 0.8:
            return True
        if share <= 0.2:
            return False
    as_is = engine.recognize(crops[:4])
    turned = engine.recognize(
        [np.asarray(cv2.rotate(c, cv2.ROTATE_180), np.uint8) for c in crops[:4]]
    )
    mean_as_is = sum(r.score for r in as_is) / max(1, len(as_is))
    mean_turned = sum(r.score for r in turned) / max(1, len(turned))
    return mean_turned > mean_as_is + 0.05


def _head(line: Image, max_ratio: float = 12.0) -> Image:
    """The first stretch of a long line: enough to judge orientation, cheaper to read.
    Taken from both ends would bias nothing; the left is as good as any."""
    h, w = line.shape[:2]
    limit = int(h * max_ratio)
    return line[:, :limit] if w > limit else line


def estimate_skew(quads: list[Quad]) -> float:
    """Median slope of long lines, degrees; positive = lines fall to the right (clockwise
    skew), which `raster.deskew` undoes. 0 when there is too little evidence."""
    angles = []
    for quad in quads:
        w, h = _size(quad)
        if w < 6 * h:
            continue
        dx, dy = float(quad[1][0] - quad[0][0]), float(quad[1][1] - quad[0][1])
        angles.append(math.degrees(math.atan2(dy, dx)))
    if len(angles) < 3:
        return 0.0
    angle = float(np.median(angles))
    if abs(angle) > MAX_SKEW or abs(angle) < 0.1:
        return 0.0
    return round(angle, 3)


def transform_quads(quads: list[Quad], matrix: np.ndarray) -> list[Quad]:
    """Apply a 2x3 affine (the deskew) to detected quadrilaterals."""
    out = []
    for quad in quads:
        pts = np.hstack([quad.astype(np.float64), np.ones((4, 1))]) @ matrix.T
        out.append(pts.astype(np.float32))
    return out


def turn_quads_180(quads: list[Quad], width: int, height: int) -> list[Quad]:
    """Quads of a page turned half a circle; corner order kept top-left first."""
    out = []
    for quad in quads:
        pts = np.stack([width - quad[:, 0], height - quad[:, 1]], axis=1)
        out.append(np.roll(pts, 2, axis=0).astype(np.float32))
    return out
