"""Seal rings on scans without colour: a large ring of ink (a Hough circle whose rim is inked
nearly all round and stands out from its surroundings, unlike a circle the transform imagines
in dense text)."""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks.sealsize import HOUGH_MIN_MM, MAX_MM, px
from extractors.types import GrayImage

Mask = npt.NDArray[np.bool_]
Raster = npt.NDArray[np.integer[Any] | np.floating[Any]]
Circle = tuple[float, float, float]  # centre x, y and radius
RING_SAMPLES = 72
RIM_RADII = np.linspace(0.8, 1.02, 8)  # a ring's ink lies just inside its outer edge


def circles(img: Raster, dpi: float, dp: float = 1.0) -> list[Circle]:
    """Hough circles of ring-seal size, (cx, cy, r) in `img`'s pixels, best first (the ring
    finders here and in seal_rings check each rim afterwards)."""
    lo, hi = int(px(HOUGH_MIN_MM, dpi) / 2), int(px(MAX_MM, dpi) / 2)
    found = cv2.HoughCircles(
        img,
        cv2.HOUGH_GRADIENT,
        dp=dp,
        minDist=2 * lo / dp,
        param1=120,
        param2=30,
        minRadius=lo,
        maxRadius=hi,
    )
    return [] if found is None else [(float(x), float(y), float(r)) for x, y, r in found[0]]


def rings(gray: GrayImage, dpi: float) -> list[tuple[tuple[int, int, int, int], float]]:
    """(box, share of the rim inked) of each seal-like ring on the page."""
    scale = 50.0 / dpi  # circles are large: look at a 50 dpi copy
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 3)
    proposed = circles(small, 50.0)
    if not proposed:
        return []
    paper = float(np.median(gray[::8, ::8]))
    ink = gray < paper - 60  # grey seal ink is far lighter than black text
    found: list[tuple[tuple[int, int, int, int], float]] = []
    for cx, cy, r in proposed[:8]:
        cx, cy, r = cx / scale, cy / scale, r / scale
        box = (int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1)
        if box[0] < 0 or box[1] < 0 or box[2] > gray.shape[1] or box[3] > gray.shape[0]:
            continue
        ring, fill = _ring_score(ink, box)
        contrast = _rim_contrast(ink, cx, cy, r)
        # A worn ring may break; a rim that stands out strongly makes up for it.
        if fill > 0.35 or contrast < 2.5 or ring < (0.85 if contrast < 4 else 0.65):
            continue
        found.append((box, ring))
    return found


def _rim_contrast(ink: Mask, cx: float, cy: float, r: float) -> float:
    """Ink density on the rim over the density just outside it."""
    pad = int(1.35 * r)
    y0, y1 = max(0, int(cy) - pad), min(ink.shape[0], int(cy) + pad)
    x0, x1 = max(0, int(cx) - pad), min(ink.shape[1], int(cx) + pad)
    yy, xx = np.ogrid[y0:y1, x0:x1]
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / r
    patch = ink[y0:y1, x0:x1]
    rim = patch[(dist >= 0.88) & (dist <= 1.06)]
    out = patch[(dist >= 1.12) & (dist <= 1.3)]
    if rim.size == 0 or out.size == 0:
        return 0.0
    return float(rim.mean()) / max(1e-3, float(out.mean()))


def rim_share(
    mask: npt.NDArray[np.generic],
    cx: float,
    cy: float,
    a: float,
    b: float,
    radii: npt.ArrayLike = RIM_RADII,
) -> float:
    """Share of directions from the centre that meet ink at one of `radii` (fractions of the
    semi-axes a, b): a seal's ring may be broken, text never runs all round."""
    h, w = mask.shape[:2]
    hits = 0
    for k in range(RING_SAMPLES):
        t = 2 * math.pi * k / RING_SAMPLES
        for f in np.asarray(radii, dtype=float):
            x, y = int(cx + a * f * math.cos(t)), int(cy + b * f * math.sin(t))
            if 0 <= x < w and 0 <= y < h and mask[y, x]:
                hits += 1
                break
    return hits / RING_SAMPLES


def _ring_score(mask: Mask, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """(share of directions with ink near the rim, share of ink inside the rim): a stamp is
    a ring, mostly closed, with sparse text and a star inside, not a solid blob."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    a, b = (x1 - x0) / 2.0, (y1 - y0) / 2.0
    yy, xx = np.ogrid[y0:y1, x0:x1]
    inner = ((xx - cx) / (0.75 * a)) ** 2 + ((yy - cy) / (0.75 * b)) ** 2 <= 1
    fill = float(mask[y0:y1, x0:x1][inner].mean()) if inner.any() else 1.0
    return rim_share(mask, cx, cy, a, b), fill
