"""Seals on grayscale and 1-bit scans found by their ink's shape: a wide oval whose flat top
and bottom look like rulings, a ring running off the page, a 白文 name seal and a thick square
frame in mid-grey, an oval on a 1-bit scan; and no seal in a grey-shaded cell of black print,
a thin printed box round grey words, or a small ruled grid."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pymupdf
import pytest

from extractors.marks import seals
from extractors.perception import raster
from samples.generate import seal as draw
from samples.generate.seal import SealStyle

MM = 72 / 25.4
DPI = 200
BODY = "本项目由瑞金医院牵头，联合中国移动共同实施，累计培训医护人员三百余人次。"


def _page() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=420)
    for i in range(3):  # print above the seals, clear of them
        page.insert_text((20, 30 + 22 * i), BODY[: 18 + i], fontname="china-s", fontsize=12)
    return doc, page


def _gray(page: pymupdf.Page, binarise: bool = False) -> np.ndarray:
    img = raster.render_rgb(page, DPI)
    gray = cv2.GaussianBlur(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), (3, 3), 0.8)  # scan blur
    if binarise:
        gray = np.where(gray < 180, 0, 255).astype(np.uint8)
    return np.asarray(gray, np.uint8)


def _found(gray: np.ndarray) -> list[tuple[float, ...]]:
    return [tuple(v * 72 / DPI for v in s.box) for s in seals.find_gray(gray, DPI)]


def _iou(a: tuple[float, ...], b: pymupdf.Rect) -> float:
    b = b & pymupdf.Rect(0, 0, 420, 420)
    ix = max(0.0, min(a[2], b.x1) - max(a[0], b.x0))
    iy = max(0.0, min(a[3], b.y1) - max(a[1], b.y0))
    union = (a[2] - a[0]) * (a[3] - a[1]) + b.width * b.height - ix * iy
    return ix * iy / union


CASES = [
    # a wide oval (no Hough circle): its flat top and bottom run straight for over a centimetre
    (SealStyle("oval", 47 * MM, 33 * MM, "red", "合同专用章"), (210, 250), False),
    # a third of the ring off the page's right edge
    (SealStyle("round", 42 * MM, 42 * MM, "dark_red"), (400, 250), False),
    (SealStyle("name", 16 * MM, 16 * MM, "red", white_letters=True), (210, 250), False),
    (SealStyle("square", 34 * MM, 34 * MM, "red", "财务专用章"), (210, 250), False),
    (SealStyle("oval", 44 * MM, 31 * MM, "dark_red", "发票专用章"), (210, 250), True),
]


@pytest.mark.parametrize(
    ("style", "centre", "binarise"),
    CASES,
    ids=["wide-oval", "ring-off-edge", "white-letters", "square-frame", "oval-1bit"],
)
def test_grey_or_1bit_seal_is_found_by_its_outline(
    style: SealStyle, centre: tuple[float, float], binarise: bool
) -> None:
    _, page = _page()
    text = "王建国" if style.shape == "name" else "上海市第一人民医院"
    # (a 1-bit scan breaks a ring where the pressure was light: 5 of 8 draws stay whole enough)
    rng = random.Random(1 if binarise else 4)
    where = draw.stamp(page, pymupdf.Point(*centre), text, rng, style=style)
    found = _found(_gray(page, binarise))
    assert len(found) == 1, found
    assert _iou(found[0], where) >= 0.6


def test_shaded_cell_thin_box_and_small_grid_are_no_seal() -> None:
    _, page = _page()
    # a grey-shaded square cell with black print on it (its gaps are print, not paper)
    page.draw_rect(pymupdf.Rect(40, 120, 100, 180), fill=(0.62, 0.62, 0.62), width=0)
    for k in range(3):
        page.insert_text((44, 138 + 17 * k), "合计金额", fontname="china-s", fontsize=13)
    # a thin printed box round light grey words
    page.draw_rect(pymupdf.Rect(150, 120, 250, 220), color=(0.45, 0.45, 0.45), width=0.6)
    for k in range(3):
        page.insert_text(
            (160, 150 + 25 * k), "备注说明", fontname="china-s", fontsize=14, color=(0.55,) * 3
        )
    # a small ruled 2 x 2 grid in grey
    for k in range(3):
        page.draw_line((290, 120 + 50 * k), (390, 120 + 50 * k), color=(0.5,) * 3, width=0.8)
        page.draw_line((290 + 50 * k, 120), (290 + 50 * k, 220), color=(0.5,) * 3, width=0.8)
    assert _found(_gray(page)) == []


def _tinted(img: np.ndarray, tint: tuple[float, float, float]) -> np.ndarray:
    """The page on cream paper under uneven light, as a colour scan or a photo sees it."""
    w = img.shape[1]
    shade = 1.0 - 0.2 * np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    out = (40 + 0.8 * img.astype(np.float32)) * shade * np.array(tint, np.float32)
    return np.clip(out, 0, 255).astype(np.uint8)


def test_a_grey_copy_on_cream_paper_is_a_grey_scan_and_its_seal_is_found() -> None:
    _, page = _page()
    style = SealStyle("round", 42 * MM, 42 * MM, "red")
    where = draw.stamp(
        page, pymupdf.Point(210, 250), "上海市第一人民医院", random.Random(4), style=style
    )
    grey = cv2.cvtColor(_gray(page), cv2.COLOR_GRAY2RGB)  # a photocopy: the seal is grey
    img = raster.deskew(_tinted(grey, (1.0, 0.95, 0.8)), 0.4)  # white corners filled in
    assert seals.is_grayscale(img)
    found = [tuple(v * 72 / DPI for v in s.box) for s in seals.find_seals(img, DPI)]
    assert len(found) == 1 and _iou(found[0], where) >= 0.6


def test_a_red_seal_on_cream_paper_keeps_the_page_in_colour() -> None:
    _, page = _page()
    style = SealStyle("round", 42 * MM, 42 * MM, "red")
    draw.stamp(page, pymupdf.Point(210, 250), "上海市第一人民医院", random.Random(4), style=style)
    img = _tinted(raster.render_rgb(page, DPI), (1.0, 0.95, 0.8))
    assert not seals.is_grayscale(img)
    (found,) = seals.find_seals(img, DPI)
    assert found.coloured and found.confidence > 0.9  # by its red ink, not only the detector
