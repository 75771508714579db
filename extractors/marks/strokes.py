"""Which check box an ink stroke belongs to. A hand tick overshoots: its rising stroke runs up
past its own box into the bands round the box above, even into it. Ink is cut at the boxes'
outlines into pieces; pieces that meet across an outline are one stroke, and a stroke is its
box's where most of its ink lies nearest that box. What another box's stroke leaves in or
around a box is no tick of it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import cv2
import numpy as np
import numpy.typing as npt

from extractors.marks.boxes import Square, outline_edge, straight_runs
from extractors.types import GrayImage

Bool = npt.NDArray[np.bool_]
Labels = npt.NDArray[np.int32]


def others_ink(
    gray: GrayImage,
    threshold: int,
    region: tuple[int, int, int, int],
    squares: Mapping[str, Square],
    outline: int,
    guessed: Collection[str] = (),
) -> dict[str, Bool]:
    """Per box, the ink of other boxes' strokes in and round it, as a mask the page's size
    (`region` is where the boxes are; `outline` their outline width, `outline_width`;
    `guessed` the boxes whose place is guessed, no outline found)."""
    x0, y0, x1, y1 = region
    ids = list(squares)
    if not ids or x1 <= x0 or y1 <= y0:
        return {did: np.zeros(gray.shape[:2], bool) for did in ids}
    ink = gray[y0:y1, x0:x1] < threshold
    found = [did not in guessed for did in ids]
    foreign = foreign_ink(ink, [squares[did] for did in ids], outline, (x0, y0), found)
    out = {}
    for did, part in zip(ids, foreign, strict=True):
        theirs = np.zeros(gray.shape[:2], bool)
        theirs[y0:y1, x0:x1] = part
        out[did] = theirs
    return out


def _find(parent: list[int], a: int) -> int:
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


def foreign_ink(
    ink: Bool,
    squares: Sequence[Square],
    width: int,
    origin: tuple[int, int] = (0, 0),
    found: Sequence[bool] | None = None,
) -> list[Bool]:
    """Per square (coordinates less `origin`, the crop's corner), the ink of `ink` that is
    another box's: pieces round it of a stroke most of whose ink lies nearest another box,
    and inside it the end of such a stroke (a piece that enters the box once and stops
    there; a tick of its own that another's stroke crosses meets the outline more often).
    Ink inside a square not `found` (its place guessed, no outline seen) stays its own."""
    found = [True] * len(squares) if found is None else list(found)
    ox, oy = origin
    rects = [(s.x0 - ox, s.y0 - oy, s.x1 - ox, s.y1 - oy) for s in squares]
    height, width_px = ink.shape
    # Each outline: the straight runs (within the box, as `interior_ink` takes them) in a band
    # along its edges, a pixel round them included; a stroke's ink across them is cut there.
    outlines = []
    for (x0, y0, x1, y1), sq in zip(rects, squares, strict=True):
        w = outline_edge(sq.side, width)
        top, left = max(0, y0 - 1), max(0, x0 - 1)
        box = ink[top : max(0, y1 + 2), left : max(0, x1 + 2)].astype(np.uint8)
        line = np.zeros(ink.shape, bool)
        if min(box.shape) < 3:  # a guessed box off the crop
            outlines.append(line)
            continue
        straight = straight_runs(box, sq.side)
        band = np.ones(box.shape, bool)
        band[w + 1 : -(w + 1), w + 1 : -(w + 1)] = False
        line[top : top + box.shape[0], left : left + box.shape[1]] = (straight > 0) & band
        outlines.append(cv2.dilate(line.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)
    cut = np.logical_or.reduce(outlines) if outlines else np.zeros(ink.shape, bool)
    count, labels = cv2.connectedComponents((ink & ~cut).astype(np.uint8), connectivity=8)
    if count <= 1:
        return [np.zeros(ink.shape, bool) for _ in squares]
    parent = list(range(count))
    crossings: dict[tuple[int, int], set[int]] = {}  # (square, inside piece) -> outside pieces
    inside_of = _inside_pieces(labels, rects)
    for i, ((x0, y0, x1, y1), sq) in enumerate(zip(rects, squares, strict=True)):
        reach = max(3, round(0.35 * sq.side)) + 2
        top, left = max(0, y0 - reach), max(0, x0 - reach)
        bottom, right = min(height, y1 + reach + 1), min(width_px, x1 + reach + 1)
        window = labels[top:bottom, left:right]
        line = outlines[i][top:bottom, left:right]
        spread = np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)
        grown = {}
        for v in (int(v) for v in np.unique(window[window > 0])):
            mine = cv2.dilate((window == v).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
            touch = mine & line
            if touch.any():
                grown[v] = (cv2.dilate(touch.astype(np.uint8), spread) > 0) & line
        keys = list(grown)
        for n_a, a in enumerate(keys):
            for b in keys[n_a + 1 :]:
                if (a in inside_of[i]) == (b in inside_of[i]):
                    continue  # both on one side: not a crossing of this outline
                if (grown[a] & grown[b]).any():
                    parent[_find(parent, a)] = _find(parent, b)
                    inside, outside = (a, b) if a in inside_of[i] else (b, a)
                    crossings.setdefault((i, inside), set()).add(outside)
    owner = _owners(labels, count, parent, rects)
    out = []
    for i in range(len(squares)):
        foreign = np.zeros(count, bool)
        for v in range(1, count):
            if owner[_find(parent, v)] in (i, -1):
                continue
            if v in inside_of[i] and not found[i]:
                continue
            if v in inside_of[i]:
                # a piece inside the box is another's only as the end of that stroke
                foreign[v] = len(crossings.get((i, v), set())) == 1
            else:
                foreign[v] = True
        theirs = foreign[labels]
        if theirs.any():
            # and the stroke's ink where the outline cut it, near its pieces
            grow = np.ones((2 * width + 3, 2 * width + 3), np.uint8)
            theirs |= cut & ink & (cv2.dilate(theirs.astype(np.uint8), grow) > 0) & ~outlines[i]
        out.append(theirs)
    return out


def _inside_pieces(labels: Labels, rects: list[tuple[int, int, int, int]]) -> list[set[int]]:
    """Per square, the pieces with ink within its outline."""
    out = []
    for x0, y0, x1, y1 in rects:
        part = labels[max(0, y0 + 1) : max(0, y1), max(0, x0 + 1) : max(0, x1)]
        out.append({int(v) for v in np.unique(part[part > 0])})
    return out


def _owners(
    labels: Labels, count: int, parent: list[int], rects: list[tuple[int, int, int, int]]
) -> dict[int, int]:
    """Per stroke (root piece): the square most of its ink lies nearest, ink inside a box
    counting three times (a tick's body is in its box, however far its stroke runs on)."""
    ys, xs = np.nonzero(labels)
    roots = np.array([_find(parent, v) for v in range(count)])[labels[ys, xs]]
    box = np.array(rects, dtype=float)
    dx = np.maximum(np.maximum(box[:, 0][None] - xs[:, None], 0), xs[:, None] - box[:, 2][None])
    dy = np.maximum(np.maximum(box[:, 1][None] - ys[:, None], 0), ys[:, None] - box[:, 3][None])
    gap = np.hypot(dx, dy)
    nearest = np.argmin(gap, axis=1)
    weight = np.where(gap[np.arange(len(xs)), nearest] == 0, 3.0, 1.0)
    owner: dict[int, int] = {}
    for root in np.unique(roots):
        mine = roots == root
        votes = np.bincount(nearest[mine], weights=weight[mine], minlength=len(rects))
        owner[int(root)] = int(np.argmax(votes)) if votes.size else -1
    return owner
