"""Is a cluster of stamp ink a seal, and of which outline? Round and oval seals are a ring
(an ellipse fitted to the cluster's outer edge, inked nearly all round, sparse inside); square
seals and 朱文 name seals a rectangular frame; 白文 name seals a solid rectangle with the letters
cut out. Only directions on the page count, so a seal running off the edge is judged on what is
there. A seal sits on paper: inside it, what is not ink is paper or print, never a photograph.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.marks.sealink import Mask
from extractors.marks.sealsize import MAX_MM, MIN_MM, ROUND_MIN_MM, SQUARE_MAX_MM, mm

Ellipse = tuple[Sequence[float], Sequence[float], float]  # OpenCV: centre, axes, degrees

RING_MIN, FRAME_MIN = 0.6, 0.72  # shares of the rim that must meet ink
STRICT_RING = 0.8  # grey ink: of the rim inked, and of directions whose outermost ink is on it
MIN_ON_PAGE = 0.5  # of the outline's directions; less is too little to judge
SAMPLES = 72
PAPER_SHARE = 0.75  # of the non-ink pixels inside that must look like paper or print
RIM_CONTRAST = 2.5  # rim ink density over the density just outside
MAX_SPREAD = 0.5  # of a seal's outer edge off its ellipse
FRAME_MM = 0.6  # a seal's frame is cut ~1 mm thick; a printed rule is 0.1-0.4 mm
HOLES_PAPER = 0.6  # of a grey 白文 block's gaps that must be bare paper (not black print)


@dataclass(frozen=True, slots=True)
class Outline:
    shape: str  # "round" | "oval" | "square" | "block"
    box: tuple[int, int, int, int]  # on the page, clipped to it
    score: float  # 0..1, how clearly the outline is inked


def _outer_points(comp: Mask) -> np.ndarray:
    contours, _ = cv2.findContours(comp.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return np.zeros((0, 2), np.float32)
    return np.asarray(max(contours, key=cv2.contourArea).reshape(-1, 2), dtype=np.float32)


def _hits(ink: Mask, pts: np.ndarray) -> tuple[int, int]:
    """(directions meeting ink, directions on the page); `pts` is directions x radii x 2."""
    h, w = ink.shape
    on = hit = 0
    for ray in pts:
        xs, ys = ray[:, 0].astype(int), ray[:, 1].astype(int)
        inside = (xs >= 1) & (ys >= 1) & (xs < w - 1) & (ys < h - 1)
        if inside.mean() < 0.5:
            continue
        on += 1
        hit += int(ink[ys[inside], xs[inside]].any())
    return hit, on


def _ellipse_rays(ellipse: Ellipse, scales: np.ndarray) -> np.ndarray:
    (cx, cy), (d1, d2), angle = ellipse
    a, b, t = d1 / 2, d2 / 2, math.radians(angle)
    ts = np.linspace(0, 2 * math.pi, SAMPLES, endpoint=False)[:, None]
    x = a * np.cos(ts) * scales
    y = b * np.sin(ts) * scales
    px = cx + x * math.cos(t) - y * math.sin(t)
    py = cy + x * math.sin(t) + y * math.cos(t)
    return np.stack([px, py], axis=2)


def _rect_rays(rect: Ellipse, scales: np.ndarray) -> np.ndarray:
    (cx, cy), (w, h), angle = rect
    t = math.radians(angle)
    per_side = SAMPLES // 4
    rays = []
    for side in range(4):
        for k in range(per_side):
            u = -1 + 2 * (k + 0.5) / per_side
            x, y = [(u, -1), (1, u), (-u, 1), (-1, -u)][side]
            xs, ys = x * w / 2 * scales, y * h / 2 * scales
            rays.append(
                np.stack(
                    [
                        cx + xs * math.cos(t) - ys * math.sin(t),
                        cy + xs * math.sin(t) + ys * math.cos(t),
                    ],
                    axis=1,
                )
            )
    return np.asarray(rays)


def _inside(shape: tuple[int, int], outline: np.ndarray) -> Mask:
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [outline.astype(np.int32)], 1)
    return m.astype(bool)


def _ellipse_poly(ellipse: Ellipse, scale: float) -> np.ndarray:
    return _ellipse_rays(ellipse, np.array([scale]))[:, 0, :]


def _rect_poly(rect: Ellipse, scale: float) -> np.ndarray:
    (cx, cy), (w, h), angle = rect
    return np.asarray(cv2.boxPoints(((cx, cy), (w * scale, h * scale), angle)), dtype=np.float32)


def _outer_ink_on_rim(ink: Mask, ellipse: Ellipse) -> float:
    """Share of directions (on the page) whose outermost ink lies on the rim: a ring's does,
    all round; a line of print that an ellipse was fitted round has it anywhere."""
    radii = np.linspace(1.04, 0.75, 12)
    rays = _ellipse_rays(ellipse, radii)
    h, w = ink.shape
    on = rim = 0
    for ray in rays:
        xs, ys = ray[:, 0].astype(int), ray[:, 1].astype(int)
        inside = (xs >= 0) & (ys >= 0) & (xs < w) & (ys < h)
        if not inside.all():
            continue
        on += 1
        hits = np.flatnonzero(ink[ys, xs])
        rim += int(hits.size > 0 and radii[hits[0]] >= 0.93)
    return rim / max(1, on)


def _stands_out(ink: Mask, poly: Callable[[float], np.ndarray]) -> bool:
    """The rim is inked far more densely than the band just outside it: a seal's outline on
    paper, not a circle drawn through print that carries on beyond it."""
    shape = ink.shape
    rim = _inside(shape, poly(1.03)) & ~_inside(shape, poly(0.85))
    out = _inside(shape, poly(1.25)) & ~_inside(shape, poly(1.08))
    if not rim.any() or not out.any():
        return True
    return float(ink[rim].mean()) >= RIM_CONTRAST * float(ink[out].mean())


def _on_paper(ink: Mask, paper: Mask, region: Mask) -> bool:
    rest = region & ~ink
    return not rest.any() or float(paper[rest].mean()) >= PAPER_SHARE


def _clip_box(points: np.ndarray, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    h, w = shape
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    return (max(0, int(x0)), max(0, int(y0)), min(w, int(x1) + 1), min(h, int(y1) + 1))


def judge(
    comp: Mask,
    ink: Mask,
    raw: Mask,
    paper: Mask,
    dpi: float,
    strict: bool = False,
    light: Mask | None = None,
) -> Outline | None:
    """The outline of one ink cluster, or None when it is not a seal. `comp` is the cluster
    (closed), `ink` the lightly bridged stamp ink, `raw` the ink as found, `paper`
    paper_like(); crops of the same place. `strict` (grey ink, which print also leaves): only
    a clean, unbroken ring counts, or, given `light` (bare paper, without print), a frame
    drawn as thick as a seal's or a 白文 block whose letters show paper."""
    pts = _outer_points(comp)
    if len(pts) < 12:
        return None
    ring = _as_ring(pts, ink, paper, dpi, strict)
    if ring is not None or (strict and light is None):
        return ring
    return _as_rectangle(pts, comp, ink, raw, paper, dpi, light)


def _rim_points(pts: np.ndarray) -> np.ndarray:
    """The cluster's outer edge as its convex hull, sampled densely, without the hull's long
    straight edges: those bridge a cut (the page's edge, a skewed scan's border) or are a
    rectangle's sides, and say nothing of a ring. Ink poking out stays a minority."""
    hull = cv2.convexHull(pts).reshape(-1, 2).astype(np.float32)
    diameter = float(np.ptp(pts, axis=0).max())
    out = []
    for p, q in zip(hull, np.roll(hull, -1, axis=0), strict=True):
        length = float(np.hypot(*(q - p)))
        if length > 0.3 * diameter:
            continue
        steps = max(1, int(length / 2))
        out.append(p + (q - p) * (np.arange(steps)[:, None] / steps))
    return np.concatenate(out).astype(np.float32) if out else np.zeros((0, 2), np.float32)


def _ellipse_spread(pts: np.ndarray, ellipse: Ellipse) -> float:
    """Share of the outline's points off the fitted ellipse by over 8 % of its radius: few on
    a seal (ink touching it sticks out), many on a rectangle (its corners)."""
    (cx, cy), (d1, d2), angle = ellipse
    t = math.radians(angle)
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    u = (dx * math.cos(t) + dy * math.sin(t)) / max(1e-6, d1 / 2)
    v = (-dx * math.sin(t) + dy * math.cos(t)) / max(1e-6, d2 / 2)
    return float(np.mean(np.abs(np.sqrt(u * u + v * v) - 1) > 0.08))


def _as_ring(pts: np.ndarray, ink: Mask, paper: Mask, dpi: float, strict: bool) -> Outline | None:
    h, w = ink.shape
    rim = _rim_points(pts)
    rim = rim[(rim[:, 0] > 1) & (rim[:, 1] > 1) & (rim[:, 0] < w - 2) & (rim[:, 1] < h - 2)]
    if len(rim) < 12:
        return None
    ellipse = cv2.fitEllipse(rim)
    _, (d1, d2), _ = ellipse
    if not (ROUND_MIN_MM <= mm(max(d1, d2), dpi) <= MAX_MM) or min(d1, d2) < 0.5 * max(d1, d2):
        return None
    if _ellipse_spread(rim, ellipse) > MAX_SPREAD:
        return None  # the outer edge is no ellipse (a rectangle's corners stick out)
    hit, on = _hits(ink, _ellipse_rays(ellipse, np.linspace(0.8, 1.03, 8)))
    if on < MIN_ON_PAGE * SAMPLES or hit / on < (STRICT_RING if strict else RING_MIN):
        return None
    if strict and _outer_ink_on_rim(ink, ellipse) < STRICT_RING:
        return None
    if not _stands_out(ink, lambda k: _ellipse_poly(ellipse, k)):
        return None
    inner = _inside(ink.shape, _ellipse_poly(ellipse, 0.75))
    if not inner.any() or float(ink[inner].mean()) > 0.5:
        return None  # a solid blob, not a ring
    if not _on_paper(ink, paper, _inside(ink.shape, _ellipse_poly(ellipse, 0.95))):
        return None
    shape = "round" if min(d1, d2) >= 0.88 * max(d1, d2) else "oval"
    box = _clip_box(_ellipse_poly(ellipse, 1.0), (h, w))
    return Outline(shape, box, min(1.0, (hit / on - RING_MIN) / (1 - RING_MIN)))


def _as_rectangle(
    pts: np.ndarray,
    comp: Mask,
    ink: Mask,
    raw: Mask,
    paper: Mask,
    dpi: float,
    light: Mask | None = None,
) -> Outline | None:
    rect = cv2.minAreaRect(pts)
    (_, _), (rw, rh), _ = rect
    side_mm = mm(max(rw, rh), dpi)
    if not (MIN_MM <= side_mm <= SQUARE_MAX_MM) or min(rw, rh) < 0.6 * max(rw, rh):
        return None
    h, w = ink.shape
    body = _inside(ink.shape, _rect_poly(rect, 1.0))
    if not body.any():
        return None
    fill = float(raw[body].mean())
    solid = float(comp[body].mean())  # the cluster fills its rectangle: a rectangular outline
    if side_mm <= 30 and solid >= 0.85 and 0.3 <= fill <= 0.93:
        # 白文: letters cut out of a red ground (a red bar is solid); bare paper all round it
        # (a square seal's block of letters has the seal's frame round it)
        around = _inside(ink.shape, _rect_poly(rect, 1.25)) & ~_inside(
            ink.shape, _rect_poly(rect, 1.05)
        )
        if (
            float(raw[around].mean()) < 0.1
            and _on_paper(ink, paper, around)
            and (light is None or _letters_show_paper(raw, light, body))
        ):
            return Outline("block", _clip_box(_rect_poly(rect, 1.0), (h, w)), (0.93 - fill) / 0.63)
    if not _on_paper(ink, paper, body):
        return None
    hit, on = _hits(ink, _rect_rays(rect, np.linspace(0.86, 1.02, 7)))
    if on < MIN_ON_PAGE * SAMPLES or hit / on < FRAME_MIN:
        return None
    if not _stands_out(ink, lambda k: _rect_poly(rect, k)):
        return None
    if light is not None and _frame_mm(raw, rect, dpi) < FRAME_MM:
        return None  # a thin printed box, grey only by the scan's blur
    inner = _inside(ink.shape, _rect_poly(rect, 0.8))
    if not inner.any() or float(raw[inner].mean()) > 0.5:
        return None
    score = (hit / on - FRAME_MIN) / (1 - FRAME_MIN)
    return Outline("square", _clip_box(_rect_poly(rect, 1.0), (h, w)), min(1.0, score))


def _frame_mm(raw: Mask, rect: Ellipse, dpi: float) -> float:
    """The frame's mean thickness: its ink in a band along the sides over their length."""
    (_, _), (rw, rh), _ = rect
    band = _inside(raw.shape, _rect_poly(rect, 1.04)) & ~_inside(raw.shape, _rect_poly(rect, 0.86))
    return mm(float(raw[band].sum()) / max(1.0, 2.0 * (rw + rh)), dpi)


def _letters_show_paper(raw: Mask, light: Mask, body: Mask) -> bool:
    """A 白文 seal's letters are cut out of its ground: paper shows through them. A shaded
    cell's gaps are its black print."""
    gaps = body & ~raw
    return not gaps.any() or float(light[gaps].mean()) >= HOLES_PAPER
