"""Square outlines (printed checkboxes) on a levelled grayscale image, and the ink inside them.

A square is two vertical strokes as far apart as they are long, joined by horizontal strokes
at top and bottom; strokes are what survives opening with a short line kernel, so a tick
through the box or a glyph touching it does not hide the outline.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks.level import as_mask
from extractors.types import GrayImage

Bool = npt.NDArray[np.bool_]

_SIDE_COVER = 0.7  # share of each side that must be inked
_MIN_SIDE = 0.36  # box side against text height (a CJK line box is ~1.3 em high)
_MAX_SIDE = 1.5
_MAX_RING = 0.25
# Interior ink this small across (against the box side) is a speck, not part of a mark.
_SPECK = 0.15


@dataclass(frozen=True, slots=True)
class Square:
    """A box outline in image pixels; `solid` when the whole square is ink (■)."""

    x0: int
    y0: int
    x1: int
    y1: int
    solid: bool = False
    score: float = 1.0
    ring: float = 0.0  # ink just outside the outline: printed boxes stand free, glyph parts not

    @property
    def side(self) -> float:
        return ((self.x1 - self.x0) + (self.y1 - self.y0)) / 2


@dataclass(frozen=True, slots=True)
class _Stroke:
    x0: int
    x1: int
    y0: int
    y1: int


def ink_level(gray: GrayImage) -> int:
    """Gray level below which a pixel is ink: Otsu within sane bounds (faint scans, tints)."""
    if gray.size == 0:
        return 150
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return int(min(200.0, max(110.0, level)))


def _longest_runs(column_mask: Bool) -> npt.NDArray[np.int64]:
    """Per column of a boolean array: (longest run of True, where it starts)."""
    width = column_mask.shape[1]
    best = np.zeros((2, width), dtype=np.int64)
    for c in range(width):
        padded = np.concatenate(([0], column_mask[:, c].astype(np.int8), [0]))
        edges = np.diff(padded)
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        if len(starts):
            k = int(np.argmax(ends - starts))
            best[0, c], best[1, c] = ends[k] - starts[k], starts[k]
    return best


def _strokes(mask: npt.NDArray[np.uint8]) -> list[_Stroke]:
    """Vertical strokes, each cut down to its straight part: columns whose run is nearly the
    longest (a tick crossing a box side would otherwise widen it)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        runs = _longest_runs(labels[y : y + h, x : x + w] == i)
        keep = np.nonzero(runs[0] >= 0.8 * runs[0].max())[0]
        c0, c1 = int(keep.min()), int(keep.max())
        top = int(runs[1, keep].min())
        bottom = int((runs[1, keep] + runs[0, keep]).max()) - 1
        out.append(_Stroke(x + c0, x + c1, y + top, y + bottom))
    return out


def _edge_rows(horiz: Bool, x0: int, x1: int, y0: int, y1: int) -> list[int]:
    """Rows in [y0, y1] inked across most of [x0, x1]."""
    band = horiz[max(0, y0) : y1 + 1, x0 : x1 + 1]
    if band.size == 0:
        return []
    cover = band.mean(axis=1)
    return [max(0, y0) + int(i) for i in np.nonzero(cover >= _SIDE_COVER)[0]]


def find_squares(gray: GrayImage, region: tuple[int, int, int, int], text_h: float) -> list[Square]:
    """Box outlines inside `region` (x0, y0, x1, y1 pixels) sized for text `text_h` high;
    coordinates are the whole image's. Overlapping finds keep the best-formed one."""
    rx0, ry0, rx1, ry1 = region
    crop = gray[ry0:ry1, rx0:rx1]
    if crop.size == 0 or text_h <= 0:
        return []
    ink = np.where(crop < ink_level(crop), 255, 0).astype(np.uint8)
    k = max(3, round(0.22 * text_h))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, k), np.uint8)) > 0
    vert_u8 = as_mask(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, 1), np.uint8)))
    vert = vert_u8 > 0
    lo, hi = _MIN_SIDE * text_h, _MAX_SIDE * text_h
    strokes = sorted(_strokes(vert_u8), key=lambda s: s.x0)
    found: list[Square] = []
    tol = max(2, int(0.12 * text_h))
    for i, left in enumerate(strokes):
        if left.y1 - left.y0 + 1 < lo * 0.7:
            continue
        for right in strokes[i:]:
            width = right.x1 - left.x0 + 1
            if width > hi:
                break
            if width < lo:
                continue
            top, bottom = max(left.y0, right.y0), min(left.y1, right.y1)
            if bottom - top + 1 < 0.6 * width:
                continue
            rows = _edge_rows(horiz, left.x0, right.x1, top - tol, bottom + tol)
            if not rows:
                continue
            y0, y1 = rows[0], rows[-1]
            height = y1 - y0 + 1
            if not (0.75 <= height / width <= 1.33) or height < lo:
                continue
            sides = [
                vert[y0 : y1 + 1, left.x0 : left.x1 + 1].any(axis=1).mean(),
                vert[y0 : y1 + 1, right.x0 : right.x1 + 1].any(axis=1).mean(),
            ]
            if min(sides) < _SIDE_COVER:
                continue
            solid = bool((ink[y0 : y1 + 1, left.x0 : right.x1 + 1] > 0).mean() > 0.85)
            ring = _ring_ink(ink, left.x0, y0, right.x1, y1, tol)
            score = float(min(sides)) - abs(np.log(height / width)) - 3.0 * ring
            found.append(
                Square(left.x0 + rx0, y0 + ry0, right.x1 + rx0, y1 + ry0, solid, score, ring)
            )
    # Ink all round the outline: a part of a glyph (口 in 治, 日 in 智), not a printed box.
    return _best_of_overlaps([s for s in found if s.ring <= _MAX_RING])


def _ring_ink(ink: npt.NDArray[np.uint8], x0: int, y0: int, x1: int, y1: int, w: int) -> float:
    """Share of ink in a band `w` wide around the outline (image edge counts as blank)."""
    height, width = ink.shape
    ox0, oy0 = max(0, x0 - w), max(0, y0 - w)
    ox1, oy1 = min(width, x1 + w + 1), min(height, y1 + w + 1)
    outer = ink[oy0:oy1, ox0:ox1] > 0
    total = int(outer.sum()) - int((ink[y0 : y1 + 1, x0 : x1 + 1] > 0).sum())
    area = (oy1 - oy0) * (ox1 - ox0) - (y1 - y0 + 1) * (x1 - x0 + 1)
    return total / area if area > 0 else 0.0


def consistent(squares: list[Square], plausible: list[float]) -> list[Square]:
    """The printed boxes of one form share one size; keep the commonest size (±25%), each
    find counting by how free it stands (glyph parts drawn as squares touch their strokes)
    and by `plausible` (0..1, where it sits: a box stands just before its label)."""
    if not squares:
        return []
    sides = np.array([s.side for s in squares])
    weights = np.array(
        [max(0.05, 1.0 - s.ring / 0.12) * p for s, p in zip(squares, plausible, strict=True)]
    )
    support = [weights[np.abs(sides - s) <= 0.25 * s].sum() + 0.001 * s for s in sides]
    mode = float(sides[int(np.argmax(support))])
    return [s for s in squares if abs(s.side - mode) <= 0.25 * mode]


def _best_of_overlaps(squares: list[Square]) -> list[Square]:
    kept: list[Square] = []
    for s in sorted(squares, key=lambda s: -s.score):
        if all(_overlap(s, k) < 0.3 for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: (s.y0, s.x0))


def _overlap(a: Square, b: Square) -> float:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if ix <= 0 or iy <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0))
    return ix * iy / max(1, smaller)


def interior_ink(
    gray: GrayImage,
    square: Square,
    level: int,
    outline: int | None = None,
    theirs: Bool | None = None,
    specks: bool = False,
) -> float:
    """Share of the box that is ink, its outline (straight runs along the edges, blur
    included) left out: a tick low in the box or across its edge still counts. `outline` is
    how far the page's box outlines reach in (`outline_width`; measured on this box if not
    given): a phone photo's blur or a heavy ruling widens them past 0.2 side. Ink marked in
    `theirs` (the image's size) is another box's and not counted."""
    h, w = gray.shape[:2]
    x0, y0 = max(0, square.x0), max(0, square.y0)
    x1, y1 = min(w, square.x1 + 1), min(h, square.y1 + 1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return 0.0
    ink = np.where(gray[y0:y1, x0:x1] < level, 255, 0).astype(np.uint8)
    straight = straight_runs(ink, square.side)
    band = np.ones_like(ink, dtype=bool)
    if outline is None:
        outline = _width(ink > 0, square.side)
    edge = outline_edge(square.side, outline)
    band[edge:-edge, edge:-edge] = False
    frame = (
        cv2.dilate(
            np.where(band & (straight > 0), 255, 0).astype(np.uint8), np.ones((3, 3), np.uint8)
        )
        > 0
    )
    # A pixel-wide frame stays out too: a skewed outline wavers by a pixel at the corners.
    frame[[0, -1], :] = True
    frame[:, [0, -1]] = True
    free = int((~frame).sum())
    mine = (ink > 0) & ~frame
    if theirs is not None:
        mine &= ~theirs[y0:y1, x0:x1]
    inside = mine if specks else _strokes_only(mine, square.side)
    return float(inside.sum()) / free if free else 0.0


def straight_runs(ink: npt.NDArray[np.uint8], side: float) -> npt.NDArray[np.uint8]:
    """The horizontal and vertical runs of `ink` (uint8, 0 = none) at least half a box side long: a
    box's outline, not a tick's slanted strokes."""
    k = max(3, round(0.5 * side))
    out = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, k), np.uint8)),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, 1), np.uint8)),
    )
    return np.asarray(out, dtype=np.uint8)


def outline_edge(side: float, outline: int) -> int:
    """How far in from a box's edges its outline is left out of the box's ink: a fifth of the
    side, or the page's outline width (`outline_width`) up to 0.35 side."""
    return max(2, round(0.2 * side), min(outline, round(0.35 * side)))


def outline_width(gray: GrayImage, square: Square, level: int) -> int:
    """How far the box's outline reaches in from its edges, in pixels (see `_width`)."""
    h, w = gray.shape[:2]
    crop = gray[
        max(0, square.y0) : min(h, square.y1 + 1), max(0, square.x0) : min(w, square.x1 + 1)
    ]
    return _width(crop < level, square.side) if crop.size else 0


def _width(ink: Bool, side: float) -> int:
    """The widest of the outline's four sides, each the median ink run in from the edge
    along its middle half. A tick across a side widens it: the page's boxes, most of them
    empty, tell the outline (the median over them)."""
    h, w = ink.shape
    cap = max(2, round(0.35 * side))

    def run(lines: Bool) -> int:
        if lines.size == 0:
            return 0
        lines = lines[:, :cap]
        blank = ~lines
        first = np.where(blank.any(axis=1), blank.argmax(axis=1), lines.shape[1])
        return int(np.median(first))

    rows, cols = slice(h // 4, h - h // 4), slice(w // 4, w - w // 4)
    return max(run(ink[:, cols].T), run(ink[::-1, cols].T), run(ink[rows, :]), run(ink[rows, ::-1]))


def _strokes_only(inside: Bool, side: float) -> Bool:
    """The ink of `inside` that belongs to strokes: specks a few pixels across are left out
    (a blurred or thick outline fills its inner corners, a 1-bit scan leaves dots), while a
    stroke the threshold broke into pieces (light pen, JPEG) keeps them all."""
    if not inside.any():
        return inside
    joined = cv2.dilate(inside.astype(np.uint8), np.ones((3, 3), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = extent >= max(5.0, _SPECK * side + 2)
    keep[0] = False
    return np.asarray(inside & keep[labels], dtype=bool)


def halo_ink(gray: GrayImage, square: Square, level: int, theirs: Bool | None = None) -> float:
    """Share of ink in the bands just above and below the box (out of the text's band): where
    a tick that overflows its box goes. Printed text stays level with the box."""
    s = square.side
    h, w = gray.shape[:2]
    x0, x1 = max(0, int(square.x0 - 0.3 * s)), min(w, int(square.x1 + 1.0 * s))
    bands = (
        (int(square.y0 - 0.6 * s), int(square.y0 - 0.12 * s)),
        (int(square.y1 + 0.12 * s), int(square.y1 + 0.45 * s)),
    )
    inked = total = 0
    for y0, y1 in bands:
        y0, y1 = max(0, y0), min(h, y1)
        if y1 > y0 and x1 > x0:
            part = gray[y0:y1, x0:x1] < level
            if theirs is not None:
                part &= ~theirs[y0:y1, x0:x1]
            inked += int(part.sum())
            total += part.size
    return inked / total if total else 0.0
