"""Duplex scans: a blank back where the front's text shows through (mirrored, faint) is a
blank page with no lines read, and show-through beside a page's own text adds nothing to it."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf
import pytest

from evaluation.normalize import char_error_rate
from extractors.layout import classify_pages
from extractors.options import PipelineOptions
from extractors.perception import faint
from extractors.perception import perceive as perception
from extractors.types import PageView

W, H = 420.0, 300.0
FRONT = [
    "项目名称：基于5G的远程重症监护平台建设",
    "本项目由瑞金医院牵头，联合中国移动共同实施。",
    "截至2023年12月，累计申请发明专利12项。",
    "培训医护人员350人次，覆盖社区卫生服务中心27家。",
]
OWN = ["二、试点项目建设应用情况", "项目建设过程中，各参与单位明确分工。"]


def _raster(lines: list[str], top: float = 60.0, dpi: int = 200) -> np.ndarray:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for i, line in enumerate(lines):
        page.insert_text((40, top + i * 30), line, fontname="china-s", fontsize=13)
    pix = page.get_pixmap(dpi=dpi, alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3).astype(np.float32)


def _scan(own: list[str], back: list[str], depth: float) -> bytes:
    """A page printed with `own`, the sheet's other side (`back`) showing through mirrored
    `depth` of its darkness deep (blurred by the paper), scanned on slightly grey paper."""
    img = _raster(own, top=170.0) if own else np.full_like(_raster([]), 255.0)
    ghost = 255.0 - _raster(back)[:, ::-1]
    ghost = cv2.GaussianBlur(ghost, (0, 0), 1.2) * depth
    rng = np.random.default_rng(5)
    out = np.clip(img * 0.97 - ghost + rng.normal(0, 3, img.shape[:2])[:, :, None], 0, 255)
    for y in (0.3, 0.7) if not own else ():  # punch holes: the blank back is not skipped
        cv2.circle(out, (25, int(y * out.shape[0])), 20, (40, 40, 40), -1)
    pm = pymupdf.Pixmap(
        pymupdf.csRGB, out.shape[1], out.shape[0], out.astype(np.uint8).tobytes(), False
    )
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_image(page.rect, stream=pm.tobytes("jpg", jpg_quality=70))
    return bytes(doc.tobytes())


def _perceive(data: bytes) -> PageView:
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        (view,) = perception.perceive_document(doc, PipelineOptions())
        return view
    finally:
        doc.close()


def test_faint_crops_are_not_ink() -> None:
    paper = np.full((30, 200), 240, np.uint8)
    ghost, text = paper.copy(), paper.copy()
    ghost[10:20, 20:180:3] = 205  # show-through: a few dozen grey levels under the paper
    text[10:20, 20:180:3] = 40
    assert faint.inked([ghost]) == [False]
    assert faint.inked([text, ghost]) == [True, False]
    assert faint.inked([text]) == [True]


@pytest.mark.ocr
@pytest.mark.parametrize("depth", [0.15, 0.25])
def test_a_blank_back_with_show_through_is_blank(depth: float) -> None:
    view = _perceive(_scan([], FRONT, depth))
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in view.text)  # a hole may read as ●
    assert classify_pages([view]) == ["blank"]


@pytest.mark.ocr
def test_show_through_adds_no_lines_to_a_page() -> None:
    view = _perceive(_scan(OWN, FRONT, 0.2))
    errors, length = char_error_rate("".join(OWN), view.text)
    assert errors / length <= 0.02
    assert len(view.lines) == len(OWN)
