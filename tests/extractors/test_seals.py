"""Seals on built pages: found by colour, red ink hidden from OCR so the words beneath are
read, the arc text unwrapped and read; grayscale scans fall back to ring shape."""

from __future__ import annotations

import pymupdf
import pytest

from extractors.marks import seals
from extractors.perception import raster
from tests.extractors.test_perception import LEFT, LINES, STEP, TOP, cer, perceive, scan_pdf

SEAL_TEXT = "上海市第一人民医院"


def page_raster(data: bytes, dpi: int = 200) -> raster.RgbImage:
    doc = pymupdf.open(stream=data, filetype="pdf")
    return raster.render_rgb(doc[0], dpi)


def test_red_seal_is_found_where_it_was_stamped() -> None:
    found = seals.find_seals(page_raster(scan_pdf(seal=SEAL_TEXT)), 200)
    assert len(found) == 1
    x0, y0, x1, y1 = (v * 72 / 200 for v in found[0].box)
    cx, cy = LEFT + 150, TOP + STEP  # where test_perception.draw_seal put it
    assert abs((x0 + x1) / 2 - cx) < 6 and abs((y0 + y1) / 2 - cy) < 6
    assert 100 < x1 - x0 < 135  # 58 pt radius ring
    assert found[0].coloured and found[0].confidence >= 0.8


def test_no_seal_on_plain_page() -> None:
    assert seals.find_seals(page_raster(scan_pdf()), 200) == []


def test_red_ink_is_suppressed() -> None:
    img = page_raster(scan_pdf(seal=SEAL_TEXT))
    mask = seals.red_mask(img)
    assert mask.sum() > 1000
    clean = seals.suppress_red(img, mask)
    assert seals.red_mask(clean).sum() < 0.01 * mask.sum()
    # Black text crossing the stamp is kept.
    assert (clean.max(axis=2) < 80).sum() >= 0.95 * (img.max(axis=2) < 80).sum()


def test_grayscale_scan_falls_back_to_ring_shape() -> None:
    img = page_raster(scan_pdf(seal=SEAL_TEXT, gray=True))
    assert seals.is_grayscale(img)
    found = seals.find_seals(img, 200)
    assert len(found) == 1 and not found[0].coloured
    assert found[0].confidence < 0.7


@pytest.mark.ocr
def test_text_under_seal_survives_and_seal_text_is_read() -> None:
    (view,) = perceive(scan_pdf(seal=SEAL_TEXT))
    assert cer(view.text, "".join(LINES)) <= 0.02
    assert len(view.seals) == 1
    assert view.seals[0].text == SEAL_TEXT
    # The page image keeps the stamp (other stages look at ink as printed).
    assert view.image is not None


@pytest.mark.ocr
def test_seal_on_upside_down_scan_is_read_upright() -> None:
    (view,) = perceive(scan_pdf(seal=SEAL_TEXT, turn=180))
    assert view.rotation == 180
    assert len(view.seals) == 1 and view.seals[0].text == SEAL_TEXT


@pytest.mark.ocr
@pytest.mark.parametrize(("seed", "shape"), [(9000, "round"), (9039, "oval"), (9701, "round")])
def test_arc_text_of_scanned_round_and_oval_seals_is_read(seed: int, shape: str) -> None:
    """Sealbench pages (colour scans at 200 dpi): the name along the rim is read whole, a
    long one (9701: fifteen characters, 250° round) too."""
    from evaluation.sealbench import at_read_dpi, iou
    from extractors.perception.ocr import get_engine
    from samples.generate.sealset import seal_page

    page = seal_page(seed)
    img, truth = at_read_dpi(page)
    found_seals = seals.find_seals(img, 200)
    want, found = next(
        (t, f)
        for t, b in zip(page.seals, truth, strict=True)
        for f in found_seals
        if shape in t.style and iou(f.box, b) >= 0.3
    )
    assert found.shape == shape
    assert seals.read_text(get_engine(threads=1), img, found) == want.text
