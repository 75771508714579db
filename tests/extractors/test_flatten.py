"""Phone photos: the sheet's outline is found against the desk and warped flat; a flatbed scan
(paper to the frame's edge) is left alone."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf
import pytest

from extractors.perception import flatten, raster
from samples.generate import capture
from tests.extractors.test_perception import LEFT, LINES, TOP, H, W, cer, draw_lines, perceive


def _page_image(dpi: int = 120) -> np.ndarray:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for k in range(6):
        draw_lines(page, LINES, top=80 + 120 * k)
    page.draw_rect(pymupdf.Rect(40, 760, 555, 800), width=1)
    return raster.render_rgb(page, dpi)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_photographed_sheet_is_found_and_flattened(seed: int) -> None:
    flat = _page_image()
    photo, truth = capture.photograph(flat, np.random.default_rng(seed))
    corners = flatten.find_page(photo)
    assert corners is not None
    h, w = photo.shape[:2]
    for (x, y), (tx, ty) in zip(corners, truth, strict=True):
        assert abs(x * w - tx) < 0.02 * w and abs(y * h - ty) < 0.02 * h
    back = flatten.warp(photo, corners)
    # the sheet fills the frame again: paper at the edges, not desk
    gray = back.mean(axis=2)
    assert np.median(gray[5:-5, :8]) > 150 and np.median(gray[5:-5, -8:]) > 150


def test_flatbed_scan_is_left_alone() -> None:
    scan = _page_image(150)
    assert flatten.find_page(scan) is None
    assert flatten.warp(scan, None) is scan


def _photo_pdf(seed: int) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    draw_lines(page, LINES)
    flat = raster.render_rgb(page, 150)
    photo, _ = capture.photograph(flat, np.random.default_rng(seed))
    ok, jpg = cv2.imencode(
        ".jpg", cv2.cvtColor(photo, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 40]
    )
    assert ok
    out = pymupdf.open()
    target = out.new_page(width=W, height=H)
    target.insert_image(target.rect, stream=jpg.tobytes())
    data: bytes = out.tobytes()
    return data


@pytest.mark.ocr
def test_photographed_page_reads_like_a_scan() -> None:
    (view,) = perceive(_photo_pdf(7))
    assert cer(view.text, "".join(LINES)) <= 0.03
    # the page image was flattened like the OCR input: the first line starts near where it
    # was printed, not where the photo put it
    first = view.lines[0].box
    assert abs(first[0] - LEFT) < 12 and abs(first[3] - TOP) < 12


def test_boxes_read_on_the_flattened_sheet_land_on_the_photo() -> None:
    from extractors.types import PageView

    flat = PageView(number=1, width=600, height=800, source="ocr")
    assert flat.to_page_bbox((60, 80, 300, 400)) == (60, 80, 300, 400)
    # the sheet filled the photo's left half: a box at the sheet's middle is at x 150 on it
    photo = PageView(
        number=1,
        width=600,
        height=800,
        source="ocr",
        page_corners=[(0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (0.0, 1.0)],
    )
    assert photo.to_page_bbox((290, 390, 310, 410)) == (145, 390, 155, 410)
    # a tilted quad: the box's corners go through the perspective, the result bounds them
    tilted = PageView(
        number=1,
        width=600,
        height=800,
        source="ocr",
        page_corners=[(0.1, 0.05), (0.9, 0.1), (0.95, 0.95), (0.05, 0.9)],
    )
    x0, y0, x1, y1 = tilted.to_page_bbox((0, 0, 600, 800))
    assert (x0, y0, x1, y1) == (30, 40, 570, 760)
