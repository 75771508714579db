"""The page image levelled: its skew (scans lean up to a few degrees), the turned image, and
the mapping between upright points and levelled pixels that table and checkbox reading share.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from extractors.types import Box, GrayImage, Line, PageView

Mask = npt.NDArray[np.uint8]  # 0 / 255
Affine = npt.NDArray[np.float64]  # 2 x 3

_MAX_SKEW_DEG = 3.0


@dataclass(frozen=True, slots=True)
class Level:
    """The page image turned by `skew` so rulings and text rows run straight; maps upright
    points to its pixels and back."""

    skew: float  # degrees turned (counter-clockwise positive, as cv2 turns)
    m: Affine
    inverse: Affine
    scale: float  # pixels per point

    @classmethod
    def of(cls, view: PageView, skew: float) -> Level:
        shape = view.image.shape if view.image is not None else (0, 0)
        m = _rotation(shape, skew)
        inverse: Affine = np.asarray(cv2.invertAffineTransform(m), dtype=np.float64)
        return cls(skew=skew, m=m, inverse=inverse, scale=view.dpi / 72.0)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Upright points -> levelled pixels."""
        px, py = x * self.scale, y * self.scale
        m = self.m
        return (m[0, 0] * px + m[0, 1] * py + m[0, 2], m[1, 0] * px + m[1, 1] * py + m[1, 2])

    def to_points(self, box: tuple[float, float, float, float]) -> Box:
        """Levelled pixel box -> the upright-points box holding it."""
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64)
        moved = corners @ self.inverse.T / self.scale
        return (
            round(float(moved[:, 0].min()), 2),
            round(float(moved[:, 1].min()), 2),
            round(float(moved[:, 0].max()), 2),
            round(float(moved[:, 1].max()), 2),
        )

    def image(self, gray: GrayImage) -> GrayImage:
        """`gray` turned level (white fill at the corners)."""
        if not self.m[0, 1]:
            return gray
        h, w = gray.shape[:2]
        out: GrayImage = np.asarray(
            cv2.warpAffine(gray, self.m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255),
            dtype=np.uint8,
        )
        return out


def ink_mask(gray: GrayImage) -> Mask:
    """Dark pixels as 255: Otsu's threshold, kept within sane bounds for faint or dark scans."""
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    level = float(min(200.0, max(110.0, level)))
    _, mask = cv2.threshold(gray, level, 255, cv2.THRESH_BINARY_INV)
    out: Mask = mask.astype(np.uint8)
    return out


def estimate_skew(ink: Mask, dpi: float) -> float:
    """Angle (degrees, counter-clockwise positive as cv2 rotates) that levels the page's rows:
    the one making the row profile of the ink sharpest."""
    scale = min(1.0, 60.0 / dpi) if dpi > 0 else 0.5
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0
    centre = (small.shape[1] / 2.0, small.shape[0] / 2.0)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_LINEAR)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return round(float(max(fine, key=sharpness)), 2)


def _rotation(shape: tuple[int, ...], angle: float) -> Affine:
    centre = (shape[1] / 2.0, shape[0] / 2.0)
    m: Affine = np.asarray(cv2.getRotationMatrix2D(centre, angle, 1.0), dtype=np.float64)
    return m


def as_mask(image: object) -> Mask:
    """An OpenCV result as a typed uint8 mask (OpenCV's stubs say only "MatLike")."""
    out: Mask = np.asarray(image, dtype=np.uint8)
    return out


def text_height(lines: list[Line], skew: float) -> float:
    """Typical height of a text line (points), net of what skew adds to a tilted line's box."""
    slope = abs(np.tan(np.radians(skew)))
    heights = sorted(
        max(0.4 * (b[3] - b[1]), (b[3] - b[1]) - slope * (b[2] - b[0]))
        for b in (line.box for line in lines)
    )
    return float(heights[len(heights) // 2]) if heights else 10.0


def line_band(line: Line, level: Level) -> tuple[float, float, float, float]:
    """A text line on the levelled page: (centre x, centre y, half width, height) in pixels.
    A tilted line's upright box is taller than its text; the slope's share is taken off."""
    x0, y0, x1, y1 = line.box
    cx, cy = level.point((x0 + x1) / 2, (y0 + y1) / 2)
    slope = abs(np.tan(np.radians(level.skew)))
    h = max(0.4 * (y1 - y0), (y1 - y0) - slope * (x1 - x0))
    return cx, cy, (x1 - x0) / 2 * level.scale, h * level.scale
