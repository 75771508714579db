"""One scanned page raster in, what OCR made of it out: red ink hidden, page turned upright
and deskewed, lines detected, read and put in reading order, seals found and read. The
result is plain data, cached per page image and shipped between processes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from extractors.marks import seals
from extractors.perception import faint, flatten, orientation
from extractors.perception.ocr import TEXT_SCORE, OcrEngine, Quad, crop
from extractors.perception.raster import RgbImage, deskew, skew_matrix, turn
from extractors.perception.readorder import Fragment, to_lines
from extractors.types import Line, SealFind

# The recogniser puts spaces between half-width digits and CJK that the page does not have
# ("截至2 0 2 3年"); only a space between two Latin words is real.
_FALSE_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])|(?<=\d)\s+(?=\d)")


def tidy(text: str) -> str:
    """OCR text without the recogniser's false spaces."""
    return _FALSE_SPACE.sub("", text.strip())


@dataclass(slots=True)
class ScanRead:
    rotation: int = 0  # clockwise quarter turns applied
    skew: float = 0.0  # degrees, then undone by raster.deskew
    lines: list[Line] = field(default_factory=list)  # upright points
    confidence: float | None = None
    seals: list[SealFind] = field(default_factory=list)
    # A photographed sheet's corners (flatten.Corners), flattened before anything else
    page_corners: list[tuple[float, float]] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rotation": self.rotation,
            "skew": self.skew,
            "confidence": self.confidence,
            "lines": [[ln.text, list(ln.box), ln.confidence] for ln in self.lines],
            "seals": seals_to_json(self.seals),
            "page_corners": self.page_corners,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScanRead:
        return cls(
            rotation=int(data["rotation"]),
            skew=float(data["skew"]),
            confidence=data["confidence"],
            lines=[Line(str(t), tuple(b), float(c)) for t, b, c in data["lines"]],
            seals=seals_from_json(data["seals"]),
            page_corners=[(float(x), float(y)) for x, y in data.get("page_corners") or []] or None,
        )


def seals_to_json(found: list[SealFind]) -> list[list[Any]]:
    return [[list(s.box), s.confidence, s.text] for s in found]


def seals_from_json(data: list[list[Any]]) -> list[SealFind]:
    return [SealFind(tuple(b), float(c), t) for b, c, t in data]


def read_scanned(img: RgbImage, dpi: float, engine: OcrEngine) -> ScanRead:
    """OCR a page raster (RGB, as displayed, at `dpi`); a phone photo is flattened first."""
    corners = flatten.find_page(img)
    img = flatten.warp(img, corners)
    # OCR reads the page with the paper's tint taken out (cream paper, a warm lamp), red ink
    # judged against white; a page on white paper is left as it is. (find_seals does its own.)
    balanced = seals.white_balanced(img)
    coloured = not seals.is_grayscale(balanced)
    clean = seals.suppress_red(balanced, seals.red_mask(balanced)) if coloured else balanced
    page = np.asarray(cv2.cvtColor(clean, cv2.COLOR_RGB2BGR), dtype=np.uint8)
    quads = engine.detect(page)

    rotation = 0
    if orientation.is_sideways(quads):
        rotation = 90
        page = turn(page, 90)
        quads = engine.detect(page)
    if quads and orientation.is_upside_down(engine, page, quads):
        rotation = (rotation + 180) % 360
        h, w = page.shape[:2]
        page = turn(page, 180)
        quads = orientation.turn_quads_180(quads, w, h)

    skew = orientation.estimate_skew(quads)
    # Lines are cut from the page as scanned (each crop straightens its own line); only their
    # boxes move to the deskewed page. Turning the whole page first cost a page-sized warp.
    placed = orientation.transform_quads(quads, skew_matrix(page.shape, skew)) if skew else quads
    lines = _read_lines(engine, page, quads, placed, dpi)
    upright = deskew(turn(img, rotation), skew)
    found = []
    for shape in seals.find_seals(upright, dpi, engine.key.backend):
        found.append(seals.to_find(shape, dpi, seals.read_text(engine, upright, shape)))
    confidence = round(float(np.mean([ln.confidence for ln in lines])), 4) if lines else None
    return ScanRead(rotation, skew, lines, confidence, found, corners)


def _read_lines(
    engine: OcrEngine, page: np.ndarray, quads: list[Quad], placed: list[Quad], dpi: float
) -> list[Line]:
    """Read each line cut from `page` at `quads`; its box is `placed` (the upright page's)."""
    crops = [crop(page, q) for q in quads]
    keep = faint.inked(crops)  # text showing through from the back is not read
    quads = [q for q, k in zip(placed, keep, strict=True) if k]
    reads = engine.recognize([c for c, k in zip(crops, keep, strict=True) if k])
    s = 72.0 / dpi
    frags = []
    for quad, read in zip(quads, reads, strict=True):
        if read.score < TEXT_SCORE or not read.text.strip():
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        box = (float(xs.min()) * s, float(ys.min()) * s, float(xs.max()) * s, float(ys.max()) * s)
        frags.append(Fragment(tidy(read.text), box, read.score))
    return to_lines(frags)
