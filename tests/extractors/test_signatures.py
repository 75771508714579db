"""Signatures and ink: handwriting beside 项目负责人（签字） found or not, seal rings
excluded, ink ratio of a box."""

from __future__ import annotations

import pymupdf

from extractors.perception.signatures import detect_signature, ink_ratio, is_signature_label
from extractors.types import PageView, SealFind
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
