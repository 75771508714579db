"""Table cells from the ruling lines of a page image, and each text line placed in its cell.

Rulings are found by morphological opening with long thin kernels after deskewing; the cells are
the regions the rulings enclose, so merged cells come out whole without a row/column model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt

from extractors.form.linegeom import char_spans, sub_line
from extractors.marks.level import Level, as_mask, estimate_skew, ink_mask, text_height
from extractors.types import Box, Line, PageView

Mask = npt.NDArray[np.uint8]  # 0 / 255
IntImage = npt.NDArray[np.int32]

# Rulings must be longer than any stroke of text or a checkbox side (inches).
_H_RULE_IN = 0.45
_V_RULE_IN = 0.21
_MIN_CELL_IN = 0.08


@dataclass(frozen=True, slots=True)
class Cell:
    """One enclosed region of a ruled table; `lines` are the text pieces inside it."""

    box: Box  # upright points
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Grid:
    """The page's ruled cells (possibly of several tables) and the lines outside any cell."""

    cells: tuple[Cell, ...]
    outside: tuple[Line, ...]
    level: Level  # how the page image was turned to straighten the rulings
    # Ink of the levelled page without the rulings: where the text and marks are.
    ink: Mask = field(repr=False, compare=False, default_factory=lambda: np.zeros((0, 0), np.uint8))

    def cell_of(self, line: Line) -> Cell | None:
        """The cell holding the centre of `line` (or the piece of it), if any."""
        cx, cy = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
        for cell in self.cells:
            x0, y0, x1, y1 = cell.box
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                return cell
        return None


def _rulings(ink: Mask, dpi: float) -> Mask:
    """Horizontal and vertical rulings of a level page as one mask; short runs (text,
    checkboxes, underscores too short) are gone and small breaks bridged."""
    h_len = max(10, int(_H_RULE_IN * dpi))
    v_len = max(8, int(_V_RULE_IN * dpi))
    gap = max(3, int(0.03 * dpi))
    horiz = as_mask(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, h_len), np.uint8)))
    horiz = as_mask(cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8)))
    vert = as_mask(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((v_len, 1), np.uint8)))
    vert = as_mask(cv2.morphologyEx(vert, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8)))
    vert = _touching_only(vert, horiz, gap)
    both = cv2.bitwise_or(horiz, _close_sides(horiz, vert, dpi))
    # Seal the corners: a ruling may stop a pixel or two short of the one it meets.
    return as_mask(cv2.dilate(both, np.ones((3, 3), np.uint8), iterations=max(1, gap // 3)))


_SIDE_ROWS = 3  # long rulings that must end together for a lost side to be drawn
_SIDE_TOL_IN = 0.06  # how far apart their ends may lie


def _close_sides(horiz: Mask, vert: Mask, dpi: float) -> Mask:
    """`vert` with a table's left or right side drawn where its rulings end together but no
    column rule stands: a faint side on a phone photo (a dozen grey levels under the paper)
    or one the scan's edge cut off, without which every cell beside it stays open."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    rows = [tuple(int(v) for v in stats[i, :4]) for i in range(1, n)]
    rows = [r for r in rows if r[2] >= 2.0 * dpi]  # table-wide rulings only
    if len(rows) < _SIDE_ROWS:
        return vert
    out = vert.copy()
    tol = max(3, int(_SIDE_TOL_IN * dpi))
    for ends in ([r[0] for r in rows], [r[0] + r[2] - 1 for r in rows]):
        edge = int(np.median(ends))
        near = [r for r, e in zip(rows, ends, strict=True) if abs(e - edge) <= tol]
        if len(near) < _SIDE_ROWS:
            continue
        top, bottom = min(r[1] for r in near), max(r[1] + r[3] for r in near)
        band = vert[top:bottom, max(0, edge - tol) : edge + tol + 1]
        if band.size and float((band > 0).any(axis=1).mean()) < 0.5:  # no side there yet
            cv2.line(out, (edge, top), (edge, bottom), 255, 2)
    return as_mask(out)


def _touching_only(vert: Mask, horiz: Mask, tol: int) -> Mask:
    """Vertical runs that reach a horizontal ruling at both ends: a real column rule, not the
    side of a checkbox or a long pen stroke."""
    near = cv2.dilate(horiz, np.ones((2 * tol + 1, 2 * tol + 1), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        top = near[max(0, y - tol) : y + tol + 1, x : x + w]
        bottom = near[max(0, y + h - 1 - tol) : y + h + tol, x : x + w]
        keep[i] = bool(top.any()) and bool(bottom.any())
    out: Mask = np.where(keep[labels], 255, 0).astype(np.uint8)
    return out


def _regions(rules: Mask, dpi: float) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of the regions the rulings enclose (not touching the image edge)."""
    free = cv2.bitwise_not(rules)
    n, _, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    height, width = rules.shape[:2]
    min_side = _MIN_CELL_IN * dpi
    pad = max(1, int(0.03 * dpi) // 3) + 1  # give back what sealing the corners took
    found = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue
        if w < min_side or h < min_side or area < 0.6 * w * h or area > 0.6 * width * height:
            continue
        found.append((x - pad, y - pad, x + w + pad, y + h + pad))
    return found


def _owner_map(shape: tuple[int, ...], regions: list[tuple[int, int, int, int]]) -> IntImage:
    owners: IntImage = np.full(shape[:2], -1, dtype=np.int32)
    for i, (x0, y0, x1, y1) in enumerate(regions):
        owners[max(0, y0) : y1, max(0, x0) : x1] = i
    return owners


@dataclass(frozen=True, slots=True)
class _Piece:
    owner: int  # region index, -1 outside every cell
    line: Line
    level: tuple[float, float]  # centre on the levelled page (pixels): orders skewed lines


def _place(
    level: Level,
    owners: IntImage,
    ink: Mask,
    line: Line,
    regions: list[tuple[int, int, int, int]],
) -> list[_Piece]:
    """Cut `line` where it crosses cell borders, in order. A cut piece's box stays inside its
    cell: its characters' spans are estimates, and a piece reaching back over the ruling
    (a label cell's spaced characters run into the value: "项目申报方向方向5") would place
    what starts it, a check box, in the cell beside."""
    cy = (line.box[1] + line.box[3]) / 2
    height, width = owners.shape
    found, centres = [], []
    spans = char_spans(line, level, ink)
    for a, b in spans:
        px, py = level.point((a + b) / 2, cy)
        inside = 0 <= px < width and 0 <= py < height
        found.append(int(owners[int(py), int(px)]) if inside else -1)
        centres.append((px, py))
    # Text running past a cell's edge (an e-mail wider than its cell) still belongs to the
    # cell it starts in.
    for k in range(1, len(found)):
        if found[k] < 0 <= found[k - 1]:
            found[k] = found[k - 1]
    pieces: list[_Piece] = []
    start = 0
    for k in range(1, len(found) + 1):
        if k == len(found) or found[k] != found[start]:
            whole = (start, k) == (0, len(found))
            piece = line if whole else sub_line(line, start, k, spans)
            if piece.text.strip():
                mid = centres[(start + k - 1) // 2]
                box = piece.box if whole else _inside(piece.box, found[start], regions, level)
                cut = Line(piece.text.strip(), box, piece.confidence)
                pieces.append(_Piece(found[start], cut, mid))
            start = k
    return pieces


def _inside(box: Box, owner: int, regions: list[tuple[int, int, int, int]], level: Level) -> Box:
    if owner < 0:
        return box
    x0, y0, x1, y1 = regions[owner]
    cell = level.to_points((float(x0), float(y0), float(x1), float(y1)))
    left, right = max(box[0], cell[0]), min(box[2], cell[2])
    return (left, box[1], right, box[3]) if right > left else box


def find_grid(view: PageView, skew: float | None = None) -> Grid | None:
    """The page's ruled cells with the lines placed in them; None without an image or rulings."""
    if view.image is None or view.dpi <= 0:
        return None
    ink = ink_mask(view.image)
    if skew is None:
        skew = estimate_skew(ink, view.dpi)
    level = Level.of(view, skew)
    if skew:
        turned = level.image(as_mask(cv2.bitwise_not(ink)))
        ink = np.where(turned < 160, 255, 0).astype(np.uint8)
    rules = _rulings(ink, view.dpi)
    regions = _regions(rules, view.dpi)
    if not regions:
        return None
    text_ink: Mask = np.where(rules > 0, 0, ink).astype(np.uint8)
    owners = _owner_map(ink.shape, regions)
    members: list[list[_Piece]] = [[] for _ in regions]
    outside: list[_Piece] = []
    for line in view.lines:
        for piece in _place(level, owners, text_ink, line, regions):
            (members[piece.owner] if piece.owner >= 0 else outside).append(piece)
    row_px = 0.5 * text_height(view.lines, skew) * level.scale
    cells = [
        Cell(box=level.to_points(region), lines=_reading_order(pieces, row_px))
        for region, pieces in zip(regions, members, strict=True)
    ]
    cells.sort(key=lambda c: (round(c.box[1]), c.box[0]))
    return Grid(
        cells=tuple(cells), outside=_reading_order(outside, row_px), level=level, ink=text_ink
    )


def _reading_order(pieces: list[_Piece], row_px: float) -> tuple[Line, ...]:
    """Top to bottom by row on the levelled page, left to right within a row."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.level[1], p.level[0])):
        if rows and abs(piece.level[1] - rows[-1][-1].level[1]) < row_px:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return tuple(p.line for row in rows for p in sorted(row, key=lambda p: p.level[0]))
