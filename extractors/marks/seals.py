"""Seals: find stamps by ink and outline (any stamp ink on colour pages; round, oval, square
and name seals; grayscale and 1-bit scans by shape, less sure), hide red ink from OCR so the
words beneath survive, and read the text along a ring's upper arc by unwrapping it."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks import sealdet, sealgray, sealink, sealshape
from extractors.marks.sealsize import MAX_MM, MIN_MM, px
from extractors.perception.engine_choice import Backend
from extractors.perception.ocr import OcrEngine
from extractors.perception.raster import RgbImage
from extractors.types import Box, GrayImage, SealFind

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SealShape:
    """A seal in pixels of the image it was found in."""

    box: tuple[int, int, int, int]
    confidence: float
    coloured: bool  # found by colour (its text can be read from the red ink)
    shape: str = "round"  # round | oval | square | block (sealshape.Outline.shape)


def red_mask(img: RgbImage) -> Mask:
    """Red to pink stamp ink that OCR must not see (sealink.ocr_red_mask)."""
    return sealink.ocr_red_mask(img)


def is_grayscale(img: RgbImage) -> bool:
    return sealink.is_grayscale(img)


def white_balanced(img: RgbImage) -> RgbImage:
    return sealink.white_balanced(img)


def suppress_red(img: RgbImage, mask: Mask) -> RgbImage:
    return sealink.suppress(img, mask)


def find_coloured(img: RgbImage, dpi: float) -> list[SealShape]:
    """Seals in any stamp ink on a colour page, each ink searched alone."""
    paper = sealink.paper_like(img)
    found: list[SealShape] = []
    for mask in sealink.stamp_inks(img):
        found += _find_in(mask, dpi, paper, coloured=True)
    return _outermost(found)


def _find_in(
    mask: Mask, dpi: float, paper: Mask | None, coloured: bool, light: Mask | None = None
) -> list[SealShape]:
    if int(mask.sum()) < 50:
        return []
    if paper is None:
        paper = np.ones(mask.shape, dtype=bool)
    mask = _without_solids(mask, dpi)
    # Close the gaps between a ring, its letters and its star (and a faded stamp's patches)
    # so one seal is one cluster; judge the outline on lightly bridged ink.
    k = max(3, int(dpi / 12))
    joined = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    j = max(3, int(dpi / 40))
    bridged = cv2.dilate(mask.astype(np.uint8), np.ones((j, j), np.uint8)).astype(bool)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lo, hi = px(MIN_MM, dpi), px(MAX_MM, dpi)
    h, w = mask.shape
    found = []
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i][:4])
        if not lo <= max(bw, bh) <= hi or stats[i][4] < 0.02 * bw * bh:
            continue
        pad = int(0.15 * max(bw, bh)) + 2
        x0, y0, x1, y1 = (
            max(0, x - pad),
            max(0, y - pad),
            min(w, x + bw + pad),
            min(h, y + bh + pad),
        )
        crop = (slice(y0, y1), slice(x0, x1))
        outline = sealshape.judge(
            labels[crop] == i,
            bridged[crop],
            mask[crop],
            paper[crop],
            dpi,
            strict=not coloured,
            light=None if light is None else light[crop],
        )
        if outline is None or _fragment(outline.box, (x0, y0, x1, y1), (w, h)):
            continue
        bx0, by0, bx1, by1 = outline.box
        box = (x0 + bx0, y0 + by0, x0 + bx1, y0 + by1)
        confidence = 0.6 + 0.38 * outline.score
        found.append(SealShape(box, round(confidence, 3), coloured, outline.shape))
    return _outermost(found)


def _fragment(
    box: tuple[int, int, int, int], crop: tuple[int, int, int, int], page: tuple[int, int]
) -> bool:
    """The outline fitted to the cluster runs past its crop inside the page: the cluster is
    an arc of a seal whose pale ink broke apart, not the seal (its box would be a sliver)."""
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    return (
        (box[0] <= 0 < crop[0])
        or (box[1] <= 0 < crop[1])
        or (box[2] >= cw and crop[2] < page[0])
        or (box[3] >= ch and crop[3] < page[1])
    )


def _without_solids(mask: Mask, dpi: float) -> Mask:
    """Drop wide solid areas of the ink's colour (a desk round a photographed page, a chart's
    bars, a coloured picture) and their edges: a seal's strokes are thin and even a name
    seal's red ground is broken by its letters, so nothing of a seal is solid 12 mm across."""
    k = int(12 / 25.4 * dpi)
    small = cv2.resize(mask.astype(np.uint8), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    solid = cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((k // 4, k // 4), np.uint8))
    if not solid.any():
        return mask
    grown = cv2.dilate(solid, np.ones((k // 8 + 1, k // 8 + 1), np.uint8))
    big = cv2.resize(grown, (mask.shape[1], mask.shape[0]), interpolation=cv2.INTER_NEAREST)
    out: Mask = mask & (big == 0)
    return out


def _outermost(shapes: list[SealShape]) -> list[SealShape]:
    """A seal's star and letters can form a cluster of their own inside the ring, and a seal
    with two shades of ink can be found twice: keep the larger of finds sharing most of the
    smaller's area (two seals pressed that far over each other are not seen apart)."""
    kept: list[SealShape] = []
    for shape in sorted(shapes, key=lambda s: -(s.box[2] - s.box[0]) * (s.box[3] - s.box[1])):
        x0, y0, x1, y1 = shape.box
        area = max(1, (x1 - x0) * (y1 - y0))
        inside = any(
            max(0, min(x1, k.box[2]) - max(x0, k.box[0]))
            * max(0, min(y1, k.box[3]) - max(y0, k.box[1]))
            >= 0.5 * area
            for k in kept
        )
        if not inside:
            kept.append(shape)
    return kept


def find_gray(gray: GrayImage, dpi: float) -> list[SealShape]:
    """Seals on a grayscale or 1-bit scan, by shape alone (less sure than colour): Hough rings
    standing out from the print, and clusters of ink with a seal's outline: of mid-grey ink
    on grey scans (rings, thick frames, 白文 blocks), of black on 1-bit scans (rings only)."""
    found = [
        SealShape(box, round(0.35 + 0.25 * ring, 3), coloured=False)
        for box, ring in sealgray.rings(gray, dpi)
    ]
    if sealink.is_binary(gray):
        # Everything is black ink: only a clean ring or oval stands out from the print (the
        # Hough rings above are round and wholly on the page).
        shapes = _find_in(gray < 128, dpi, None, False)
    else:
        rgb = np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), np.uint8)
        ink, light = sealink.grey_ink(gray, dpi), sealink.bare_paper(gray)
        shapes = _find_in(ink, dpi, sealink.paper_like(rgb), False, light)
    for shape in shapes:
        found.append(replace(shape, confidence=round(0.35 + 0.4 * (shape.confidence - 0.6), 3)))
    return _outermost(found)


def find_seals(img: RgbImage, dpi: float, backend: Backend = "onnxruntime") -> list[SealShape]:
    """Stamps on an upright page raster: by colour, or by shape on a grayscale scan; then
    the seal-text detector's blobs where the ink finders saw nothing (grey, 1-bit, faded and
    photographed seals whose outline the ink tests cannot trust), if they sit on paper.
    `backend` runs the detector: the page's OCR engine's."""
    # The ink finders judge ink against white paper (cream paper's tint taken out); the
    # detector and its paper test see the page as it is.
    balanced = white_balanced(img)
    grey = is_grayscale(balanced)
    if grey:
        found = find_gray(np.asarray(cv2.cvtColor(balanced, cv2.COLOR_RGB2GRAY), np.uint8), dpi)
    else:
        found = find_coloured(balanced, dpi)
    blobs = [
        b
        for b in sealdet.blobs(img, dpi, backend)
        if not any(_overlap(b.box, s.box) for s in found)
    ]
    if blobs:
        paper = sealink.paper_like(img)
        found += [_from_blob(b, not grey) for b in blobs if _on_paper(img, paper, b.box, grey)]
    return found


# [generator][real] of a blob's non-ink pixels: seals >= 0.64, a photo's flags <= 0.36
BLOB_PAPER = 0.5
# On a colour page a seal shows its ink, however pale or photographed (the fewest seen: 25
# pixels of a seal's 60 000); the detector's rings of printed text show none.
BLOB_MIN_INK = 10
BLOB_GREY_INK = 0.6  # [generator] of a grey blob's pixels darker than paper: seals <= 0.4


def _on_paper(img: RgbImage, paper: Mask, box: tuple[int, int, int, int], grey: bool) -> bool:
    """A seal is pressed on paper: round its ink, paper or print, never a photograph (which
    the detector also takes for text in a ring: a flag's stars, a logo on a banner)."""
    x0, y0, x1, y1 = box
    roi = img[y0:y1, x0:x1]
    if grey:
        tone = cv2.cvtColor(roi, cv2.COLOR_RGB2GRAY)
        ink = tone < float(np.percentile(img[::8, ::8, 0], 90)) - 45
        if float(ink.mean()) > BLOB_GREY_INK:
            return False
    else:
        ink = np.logical_or.reduce(sealink.stamp_inks(roi))
        if int(ink.sum()) < BLOB_MIN_INK:
            return False  # no stamp ink at all: print the detector took for a ring of text
    rest = paper[y0:y1, x0:x1][~ink]
    return rest.size == 0 or float(rest.mean()) >= BLOB_PAPER


def _from_blob(blob: sealdet.Blob, coloured: bool) -> SealShape:
    x0, y0, x1, y1 = blob.box
    w, h = x1 - x0, y1 - y0
    # A blob filling its box is a square seal's rows of text; else a ring's letters.
    shape = "round" if min(w, h) >= 0.88 * max(w, h) else "oval"
    shape = "square" if blob.solid >= 0.88 else shape
    sure = (blob.mean - sealdet.MIN_MEAN) / (1 - sealdet.MIN_MEAN)
    return SealShape(blob.box, round(0.55 + 0.3 * sure, 3), coloured, shape)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """The boxes share over a tenth of the smaller one: the same seal, its ink box kept."""
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy > 0.1 * max(1, smaller)


# Degrees clockwise from +x: from lower-left over the top to lower-right (long names run 250°).
ARC_START, ARC_SPAN = 135.0, 270.0
BAND = (0.08, 0.5)  # the text's depth inside the rim, in shares of the shorter semi-axis


def unwrap_arc(img: RgbImage, box: tuple[int, int, int, int]) -> GrayImage:
    """The upper arc of a round or oval seal as a straight strip, ink dark on white, text
    upright. A seal's name runs at a constant depth inside its rim (an oval's too), so the
    strip follows the rim inset by that depth, not a circle through the box."""
    x0, y0, x1, y1 = box
    ink = _ink_tone(img[y0:y1, x0:x1])
    a, b = (x1 - x0) / 2.0, (y1 - y0) / 2.0
    short = min(a, b)
    depth = np.arange(BAND[0] * short, BAND[1] * short, 1.0, dtype=np.float32)
    mean_r = (a + b) / 2 - float(depth.mean())
    cols = max(90, int(math.radians(ARC_SPAN) * mean_r))  # ~1 px per px along the text
    phi = np.radians(ARC_START + ARC_SPAN * np.arange(cols) / cols).astype(np.float32)
    map_x = a + (a - depth[:, None]) * np.cos(phi)[None, :]
    map_y = b + (b - depth[:, None]) * np.sin(phi)[None, :]
    strip = cv2.remap(ink, map_x, map_y, cv2.INTER_LINEAR, borderValue=255)
    return np.asarray(strip, dtype=np.uint8)


def _ink_tone(roi: RgbImage) -> GrayImage:
    """The seal's ink in grey tones (its letters keep their anti-aliased edges, which OCR
    reads far better than a hard mask), everything else white, stretched to full contrast."""
    if is_grayscale(roi):
        tone = cv2.cvtColor(roi, cv2.COLOR_RGB2GRAY)
        ink = tone < float(np.median(tone)) - 60
    else:
        tone = roi.min(axis=2)  # red or blue ink is dark in the channel it absorbs
        ink = np.logical_or.reduce(sealink.stamp_inks(roi))
    near = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    out = np.where(near, tone, 255).astype(np.float32)
    dark = float(np.percentile(out[ink], 10)) if ink.any() else 0.0
    out = (out - dark) / max(1.0, 255.0 - dark) * 255.0
    return np.asarray(np.clip(out, 0, 255), dtype=np.uint8)


def read_text(engine: OcrEngine, img: RgbImage, shape: SealShape) -> str | None:
    """Best effort: the seal's arc text, or None when nothing legible came out (and for
    square and name seals, whose text stands in rows: not read yet)."""
    if shape.shape not in ("round", "oval"):
        return None
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
