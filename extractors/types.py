"""Plain data passed between extraction stages (dataclasses: these sit in hot loops).

Coordinates: every `box` on a Line is in PDF points of the page *read upright* (after the
rotation correction), origin top-left. `PageView.to_page_bbox` maps such a box back to the
page as displayed, which is what the contract and the reviewer UI use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
GrayImage = npt.NDArray[np.uint8]  # H x W, upright, 0 = black ink


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as read from the text layer or by OCR."""

    text: str
    box: Box
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class SealFind:
    """A seal found on a page: box in upright points, its read text when legible."""

    box: Box
    confidence: float
    text: str | None = None


@dataclass(slots=True)
class PageView:
    """What perception made of one page; the interpretation stages read only this."""

    number: int  # 1-based
    width: float  # displayed page size, points
    height: float
    source: Literal["text", "ocr"]
    rotation: int = 0  # clockwise correction applied to read the page upright
    lines: list[Line] = field(default_factory=list)  # reading order, upright coords
    ocr_confidence: float | None = None
    seals: list[SealFind] = field(default_factory=list)
    # Upright grayscale raster of the whole page (red seal ink NOT removed), for ink analysis:
    # checkboxes, signatures, form rulings. Set by perception for every page.
    image: GrayImage | None = None
    dpi: float = 0.0  # of `image`
    errors: list[str] = field(default_factory=list)
    # A photographed sheet's corners in the displayed frame (shares of width and height, TL TR
    # BR BL): perception read the sheet warped flat, so output boxes are mapped back onto them.
    page_corners: list[tuple[float, float]] | None = None
    # Points of the sheet read per page point (raster.paper_scale): a scanned page of no
    # paper's size is read as A4, its width, height, lines and image in that sheet's points;
    # to_page_bbox maps back to the page's own.
    scale: float = 1.0

    @property
    def upright_size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def to_page_bbox(self, box: Box) -> tuple[float, float, float, float]:
        """Map an upright box to the displayed page's coordinates (undo the correction)."""
        x0, y0, x1, y1 = box
        uw, uh = self.upright_size
        if self.rotation == 0:
            out = (x0, y0, x1, y1)
        elif self.rotation == 180:
            out = (uw - x1, uh - y1, uw - x0, uh - y0)
        elif self.rotation == 90:
            # upright = displayed turned 90° clockwise; displayed x = upright y, y = uw - x
            out = (y0, uw - x1, y1, uw - x0)
        else:  # 270
            out = (uh - y1, x0, uh - y0, x1)
        if self.page_corners:
            out = _unflatten(out, self.page_corners, self.width, self.height)
        return tuple(round(v / self.scale, 2) for v in out)  # type: ignore[return-value]

    def to_image_box(self, box: Box) -> tuple[int, int, int, int]:
        """Upright points -> pixel box in `image`."""
        s = self.dpi / 72.0
        return (int(box[0] * s), int(box[1] * s), round(box[2] * s), round(box[3] * s))


def _unflatten(
    box: tuple[float, float, float, float],
    corners: list[tuple[float, float]],
    width: float,
    height: float,
) -> tuple[float, float, float, float]:
    """A box on the flattened sheet (displayed-page points) -> the box it covers on the photo:
    each corner through the perspective that maps the unit square onto `corners`."""
    src = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    a, b = [], []
    for (u, v), (x, y) in zip(src, corners, strict=True):
        a.append([u, v, 1, 0, 0, 0, -u * x, -v * x])
        b.append(x)
        a.append([0, 0, 0, u, v, 1, -u * y, -v * y])
        b.append(y)
    h = np.append(np.linalg.solve(np.array(a), np.array(b)), 1.0).reshape(3, 3)
    x0, y0, x1, y1 = box
    pts = np.array(
        [
            [x0 / width, y0 / height, 1],
            [x1 / width, y0 / height, 1],
            [x1 / width, y1 / height, 1],
            [x0 / width, y1 / height, 1],
        ]
    ).T
    mapped = h @ pts
    xs, ys = mapped[0] / mapped[2] * width, mapped[1] / mapped[2] * height
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())
