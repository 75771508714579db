"""Signatures and ink: handwriting beside 项目负责人（签字） found or not, seal rings
excluded, ink ratio of a box."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pymupdf

from extractors.marks.signatures import (
    detect_over_print,
    detect_signature,
    detect_unread_ink,
    ink_ratio,
    is_signature_label,
)
from extractors.types import Box, Line, PageView, SealFind
from tests.extractors.test_perception import H, W, draw_scribble, draw_seal, perceive

LABEL = "项目负责人（签字）："


def form_pdf(*, signed: bool, seal: bool = False, date: bool = True) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((40, 60), "项目名称：远程超声诊断示范", fontname="china-s", fontsize=12)
    page.insert_text((40, 150), LABEL, fontname="china-s", fontsize=12)
    page.draw_line((160, 153), (290, 153), color=(0, 0, 0), width=0.6)  # the line to sign on
    if date:
        page.insert_text((300, 150), "日期：2024年6月", fontname="china-s", fontsize=12)
    if signed:
        draw_scribble(page, 170, 144)
    if seal:
        draw_seal(page, (250, 150), "上海市第一人民医院", r=45)
    return bytes(doc.tobytes())


def label_of(view: PageView) -> object:
    return next(ln for ln in view.lines if is_signature_label(ln.text))


def test_signature_present() -> None:
    (view,) = perceive(form_pdf(signed=True))
    found = detect_signature(view, label_of(view))  # type: ignore[arg-type]
    assert found.present and found.confidence >= 0.6
    assert found.box is not None
    x0, y0, x1, y1 = found.box
    assert x0 >= 160 and x1 <= 260 and y0 < 150 < y1


def test_signature_absent_despite_underline_and_date() -> None:
    (view,) = perceive(form_pdf(signed=False))
    found = detect_signature(view, label_of(view))  # type: ignore[arg-type]
    assert not found.present and found.box is None


def test_seal_ring_is_not_a_signature() -> None:
    (view,) = perceive(form_pdf(signed=False, seal=True, date=False))
    assert len(view.seals) == 1  # found by colour; its ring crosses the signing area
    label = label_of(view)
    assert not detect_signature(view, label).present  # type: ignore[arg-type]
    # The grayscale image keeps the ring's ink: without the seal box it would count.
    view.seals = []
    assert detect_signature(view, label).present  # type: ignore[arg-type]


def test_ink_ratio() -> None:
    (view,) = perceive(form_pdf(signed=True))
    assert ink_ratio(view, (170, 130, 250, 160)) > 0.02
    assert ink_ratio(view, (40, 200, 140, 280)) == 0.0
    view.seals = [SealFind(box=(160, 120, 260, 170), confidence=0.9)]
    assert ink_ratio(view, (170, 130, 250, 160)) == 0.0  # all of it lies under a seal


def _ocr_cover(
    *, signed: bool, beside: bool = False, read_as: str = "MA"
) -> tuple[PageView, Line, Box]:
    """A scanned cover's three rows as OCR sees them: a gray raster, line boxes, no text
    layer. `signed` scrawls a signature across the typed name and the 签字 marker, or with
    `beside` after the marker, where OCR reads it as letters running the line on."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    rows = ["项目名称：远程超声诊断示范", "项目负责人：张三（签字）", "项目牵头单位：第一人民医院"]
    for i, text in enumerate(rows):
        page.insert_text((40, 100 + 40 * i), text, fontname="china-s", fontsize=12)
    if signed:
        draw_scribble(page, 200 if beside else 100, 134)
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).copy()
    lines = [
        Line(text=t, box=(40.0, 88.0 + 40 * i, 40.0 + 12 * len(t), 103.0 + 40 * i))
        for i, t in enumerate(rows)
    ]
    if beside:  # "MA": the strokes read as letters, the line's box stretched over them
        lines[1] = Line(text=f"项目负责人：张三（签字）{read_as}", box=(40.0, 120.0, 290.0, 150.0))
    view = PageView(number=1, width=W, height=H, source="ocr", lines=lines, image=image, dpi=150)
    return view, lines[1], (40.0, lines[1].box[1], 40.0 + 12 * 6, lines[1].box[3])


def test_signature_written_across_the_typed_name_is_found() -> None:
    view, row, label = _ocr_cover(signed=True)
    assert not detect_signature(view, row).present  # nothing beside the marker
    found = detect_over_print(view, [row], label, 40.0 + 12 * 12)
    assert found.present and 0.5 <= found.confidence <= 0.85
    assert found.box is not None and found.box[0] >= label[2] - 1


def test_typed_name_alone_is_not_a_signature() -> None:
    view, row, label = _ocr_cover(signed=False)
    assert not detect_over_print(view, [row], label, 40.0 + 12 * 12).present
    assert not detect_signature(view, row).present


def test_ocr_line_run_on_over_a_signature_does_not_hide_it() -> None:
    view, row, _ = _ocr_cover(signed=True, beside=True)
    assert detect_signature(view, row).present
    unsigned, _, _ = _ocr_cover(signed=False)
    assert not detect_signature(unsigned, row).present


def test_a_row_ocr_lost_under_a_signature_still_shows_it() -> None:
    view, _, _ = _ocr_cover(signed=True)
    gap = (40.0, view.lines[0].box[3], 220.0, view.lines[2].box[1])
    assert detect_unread_ink(replace(view, lines=[view.lines[0], view.lines[2]]), gap).present
    # Every row read and nothing written between them: no ink is left over.
    clean, _, _ = _ocr_cover(signed=False)
    assert not detect_unread_ink(clean, gap).present


def test_a_long_signature_read_as_one_character_is_still_seen() -> None:
    # OCR read the whole scrawl after the marker as one character (…（签字）丸): spread evenly
    # over the stretched box, the characters would put the marker's end far into the strokes.
    view, row, _ = _ocr_cover(signed=True, beside=True, read_as="丸")
    found = detect_signature(view, row)
    assert found.present and found.box is not None and found.box[0] < 230
    unsigned, _, _ = _ocr_cover(signed=False)
    assert not detect_signature(unsigned, row).present


def test_strokes_across_the_name_are_seen_on_a_page_of_tall_boxes() -> None:
    # A cover's few rows, its titles boxed twice as tall as the row's glyphs: the page's
    # usual box height would widen the printed band until it swallowed the strokes.
    titles = [
        Line("标题文字很长的一行", (40.0, 200.0 + 40 * i, 300.0, 232.0 + 40 * i)) for i in range(3)
    ]
    for signed in (True, False):
        view, row, label = _ocr_cover(signed=signed)
        view = replace(view, lines=[*view.lines, *titles])
        found = detect_over_print(view, [row], label, 40.0 + 12 * 12)
        assert found.present is signed
