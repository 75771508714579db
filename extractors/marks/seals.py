"""Seals: find red stamps by colour and ring shape (grayscale scans: circles, less sure),
hide red ink from OCR so the words beneath survive, and read the text along the upper arc
by unwrapping the ring into a straight strip."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from extractors.perception.ocr import OcrEngine
from extractors.perception.raster import RgbImage
from extractors.types import Box, GrayImage, SealFind

Mask = npt.NDArray[np.bool_]

MIN_MM, MAX_MM = 18.0, 75.0  # seal diameters: personal seals ~20 mm, official 38-45 mm
RING_SAMPLES = 72


@dataclass(frozen=True, slots=True)
class SealShape:
    """A seal in pixels of the image it was found in."""

    box: tuple[int, int, int, int]
    confidence: float
    coloured: bool  # found by colour (its text can be read from the red ink)


def red_mask(img: RgbImage) -> Mask:
    """Red and pink stamp ink: hue near red (two ranges around 0 in HSV), some saturation,
    not dark, and red clearly above green and blue (a paper tint is not a stamp). Faded
    stamps are pale pink, hence the low saturation floor."""
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    rgb = img.astype(np.int16)
    lead = rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    mask: Mask = ((h <= 12) | (h >= 160)) & (s >= 35) & (v >= 90) & (lead >= 30)
    return mask


def is_grayscale(img: RgbImage) -> bool:
    """A scan without colour (every channel nearly equal on a sample of pixels)."""
    sample = img[::8, ::8].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float(np.mean(spread > 30)) < 0.0005


def suppress_red(img: RgbImage, mask: Mask) -> RgbImage:
    """Copy of `img` with red ink (and its pale fringe) painted paper colour; dark pixels
    stay, since black text printed under a stamp is dark where they overlap."""
    if not mask.any():
        return img
    grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    dark = img.max(axis=2) < 110
    paint = grown & ~dark
    paper = np.median(img[::16, ::16].reshape(-1, 3), axis=0).astype(np.uint8)
    out = img.copy()
    out[paint] = paper
    return out


def _size_ok(w: int, h: int, dpi: float) -> bool:
    lo, hi = MIN_MM / 25.4 * dpi, MAX_MM / 25.4 * dpi
    return lo <= max(w, h) <= hi and 0.55 <= w / max(1, h) <= 1.8


def _ring_score(mask: Mask, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """(share of directions with ink near the rim, share of ink inside the rim): a stamp is
    a ring, mostly closed, with sparse text and a star inside, not a solid blob."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    a, b = (x1 - x0) / 2.0, (y1 - y0) / 2.0
    h, w = mask.shape
    hits = 0
    for k in range(RING_SAMPLES):
        t = 2 * math.pi * k / RING_SAMPLES
        for r in np.linspace(0.8, 1.02, 8):
            x, y = int(cx + a * r * math.cos(t)), int(cy + b * r * math.sin(t))
            if 0 <= x < w and 0 <= y < h and mask[y, x]:
                hits += 1
                break
    yy, xx = np.ogrid[y0:y1, x0:x1]
    inner = ((xx - cx) / (0.75 * a)) ** 2 + ((yy - cy) / (0.75 * b)) ** 2 <= 1
    fill = float(mask[y0:y1, x0:x1][inner].mean()) if inner.any() else 1.0
    return hits / RING_SAMPLES, fill


def find_red(mask: Mask, dpi: float) -> list[SealShape]:
    """Clusters of red ink that look like stamps."""
    if int(mask.sum()) < 50:
        return []
    # Close the gaps between a ring, its letters and its star (and a faded stamp's patches)
    # so one seal is one cluster; judge the ring on lightly bridged ink.
    k = max(3, int(dpi / 12))
    joined = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    j = max(3, int(dpi / 40))
    bridged = cv2.dilate(mask.astype(np.uint8), np.ones((j, j), np.uint8)).astype(bool)
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if not _size_ok(w, h, dpi):
            continue
        box = (x, y, x + w, y + h)
        ring, fill = _ring_score(bridged, box)
        if ring < 0.6 or fill > 0.5:
            continue
        confidence = 0.6 + 0.38 * min(1.0, (ring - 0.6) / 0.35)
        found.append(SealShape(box, round(confidence, 3), coloured=True))
    return _outermost(found)


def _outermost(shapes: list[SealShape]) -> list[SealShape]:
    """A seal's star and letters can form a cluster of their own inside the ring: keep
    the ring."""
    kept: list[SealShape] = []
    for shape in sorted(shapes, key=lambda s: -(s.box[2] - s.box[0]) * (s.box[3] - s.box[1])):
        x0, y0, x1, y1 = shape.box
        area = max(1, (x1 - x0) * (y1 - y0))
        inside = any(
            max(0, min(x1, k.box[2]) - max(x0, k.box[0]))
            * max(0, min(y1, k.box[3]) - max(y0, k.box[1]))
            >= 0.7 * area
            for k in kept
        )
        if not inside:
            kept.append(shape)
    return kept


def find_gray(gray: GrayImage, dpi: float) -> list[SealShape]:
    """Shape-only fallback for grayscale scans: a large ring of ink (a Hough circle whose
    rim is inked nearly all round and stands out from its surroundings, unlike a circle
    the transform imagines in dense text). Less sure than colour."""
    scale = 50.0 / dpi  # circles are large: look at a 50 dpi copy
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 3)
    lo = int(MIN_MM / 25.4 * 50 / 2)
    hi = int(MAX_MM / 25.4 * 50 / 2)
    circles = cv2.HoughCircles(
        small,
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=2 * lo,
        param1=120,
        param2=30,
        minRadius=lo,
        maxRadius=hi,
    )
    if circles is None:
        return []
    paper = float(np.median(gray[::8, ::8]))
    ink = gray < paper - 60  # grey seal ink is far lighter than black text
    found = []
    for cx, cy, r in circles[0][:8]:
        cx, cy, r = cx / scale, cy / scale, r / scale
        box = (int(cx - r), int(cy - r), int(cx + r) + 1, int(cy + r) + 1)
        if box[0] < 0 or box[1] < 0 or box[2] > gray.shape[1] or box[3] > gray.shape[0]:
            continue
        ring, fill = _ring_score(ink, box)
        contrast = _rim_contrast(ink, cx, cy, r)
        # A worn ring may break; a rim that stands out strongly makes up for it.
        if fill > 0.35 or contrast < 2.5 or ring < (0.85 if contrast < 4 else 0.65):
            continue
        found.append(SealShape(box, round(0.35 + 0.25 * ring, 3), coloured=False))
    return _outermost(found)


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


def find_seals(img: RgbImage, dpi: float, mask: Mask | None = None) -> list[SealShape]:
    """Stamps on an upright page raster: by colour, or by shape on a grayscale scan."""
    if is_grayscale(img):
        return find_gray(np.asarray(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), np.uint8), dpi)
    return find_red(red_mask(img) if mask is None else mask, dpi)


def unwrap_arc(img: RgbImage, box: tuple[int, int, int, int]) -> GrayImage:
    """The upper arc of a round seal as a straight strip, ink dark on white, text upright:
    polar transform, angles from lower-left over the top to lower-right, the text band."""
    x0, y0, x1, y1 = box
    roi = img[y0:y1, x0:x1]
    if is_grayscale(roi):
        gray = cv2.cvtColor(roi, cv2.COLOR_RGB2GRAY)
        ink = gray < float(np.median(gray)) - 60
    else:
        ink = red_mask(roi)
    side = max(x1 - x0, y1 - y0)
    square = cv2.resize(np.where(ink, 0, 255).astype(np.uint8), (side, side))  # oval -> circle
    radius = side / 2.0
    rows = max(90, int(2 * math.pi * 0.72 * radius))  # ~1 px per px along the text's middle
    polar = cv2.warpPolar(
        square,
        (int(radius), rows),
        (radius, radius),
        radius,
        cv2.WARP_POLAR_LINEAR + cv2.WARP_FILL_OUTLIERS,
    )
    # Rows are angles clockwise from +x: 150°..360° then 0°..30° is the upper arc.
    start, end = int(rows * 150 / 360), int(rows * 30 / 360)
    arc = np.vstack([polar[start:], polar[:end]])
    band = arc[:, int(0.52 * radius) : int(0.9 * radius)]
    return np.asarray(cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE), dtype=np.uint8)


def read_text(engine: OcrEngine, img: RgbImage, shape: SealShape) -> str | None:
    """Best effort: the seal's arc text, or None when nothing legible came out."""
    strip = unwrap_arc(img, shape.box)
    reads = engine.recognize([np.asarray(cv2.cvtColor(strip, cv2.COLOR_GRAY2BGR), np.uint8)])
    # Grey rings carry the body text crossing them: demand a surer read.
    if not reads or reads[0].score < (0.5 if shape.coloured else 0.8):
        return None
    text = "".join(ch for ch in reads[0].text if not ch.isspace())
    return text or None


def to_find(shape: SealShape, dpi: float, text: str | None) -> SealFind:
    s = 72.0 / dpi
    box: Box = tuple(round(v * s, 2) for v in shape.box)  # type: ignore[assignment]
    return SealFind(box=box, confidence=shape.confidence, text=text)
