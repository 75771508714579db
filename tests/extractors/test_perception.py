"""Perception on small pages built here: text layer without OCR, image-only pages read by
OCR, upside-down and sideways scans, boxes mapped back to the displayed page, invisible and
garbage text layers ignored, the cache sparing a second OCR run."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from evaluation.normalize import char_error_rate
from extractors.options import PipelineOptions
from extractors.perception import perceive as perception
from extractors.perception.cache import PerceptionCache
from extractors.perception.engine_choice import EngineUnavailable
from extractors.types import PageView

W, H = 420.0, 300.0  # small pages: OCR tests stay quick
LINES = [
    "上海市5G+医疗健康应用试点项目年度报告",
    "本项目由瑞金医院牵头，联合中国移动共同实施。",
    "截至2023年12月，累计申请发明专利12项。",
    "培训医护人员350人次，覆盖社区卫生服务中心27家。",
]
TOP, STEP, LEFT, SIZE = 60.0, 30.0, 40.0, 13.0


def draw_lines(page: pymupdf.Page, lines: list[str], top: float = TOP) -> None:
    for i, line in enumerate(lines):
        page.insert_text((LEFT, top + i * STEP), line, fontname="china-s", fontsize=SIZE)


def draw_seal(page: pymupdf.Page, center: tuple[float, float], text: str, r: float = 58) -> None:
    """A red round stamp: ring, star, text along the upper arc."""
    red = (0.85, 0.1, 0.12)
    cx, cy = center
    page.draw_circle(pymupdf.Point(cx, cy), r, color=red, width=2.5)
    star = []
    for k in range(10):
        rad = (r * 0.28) if k % 2 == 0 else (r * 0.11)
        t = -math.pi / 2 + k * math.pi / 5
        star.append(pymupdf.Point(cx + rad * math.cos(t), cy + rad * math.sin(t)))
    page.draw_polyline([*star, star[0]], color=red, fill=red, width=0.5)
    n = len(text)
    size = min(r * 0.26, 2 * math.pi * r * 0.7 * (220 / 360) / n * 0.9)
    for i, ch in enumerate(text):
        ang = math.radians(-200 + 220 * (i + 0.5) / n)  # lower-left, over the top, to lower-right
        rr = r * 0.7
        px, py = cx + rr * math.cos(ang), cy + rr * math.sin(ang)
        rot = math.degrees(ang) + 90  # letter tops point outward
        m = pymupdf.Matrix(-rot)
        page.insert_text(
            pymupdf.Point(px - size / 2, py + size / 2),
            ch,
            fontname="china-s",
            fontsize=size,
            color=red,
            morph=(pymupdf.Point(px, py), m),
        )


def draw_scribble(page: pymupdf.Page, x: float, y: float) -> None:
    """A handwritten-looking signature: a few loose curves."""
    pts = [
        pymupdf.Point(x + t * 1.2, y + 7 * math.sin(t / 3.0) + 3 * math.cos(t / 1.3))
        for t in range(0, 70)
    ]
    page.draw_polyline(pts, color=(0.05, 0.05, 0.2), width=1.3)
    page.draw_bezier(
        (x + 10, y + 8),
        (x + 25, y - 14),
        (x + 40, y + 14),
        (x + 60, y - 6),
        color=(0.05, 0.05, 0.2),
        width=1.2,
    )


def text_pdf(lines: list[str] = LINES, rotation: int = 0) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    draw_lines(page, lines)
    if rotation:
        page.set_rotation(rotation)
    return bytes(doc.tobytes())


def scan_pdf(
    lines: list[str] = LINES,
    *,
    turn: int = 0,
    seal: str | None = None,
    invisible: str | None = None,
    gray: bool = False,
    skew: float = 0.0,
    dpi: int = 200,
) -> bytes:
    """An image-only page like a scanner makes: drawn, rasterised, turned, embedded (JPEG),
    optionally with an invisible text layer on top."""
    src = pymupdf.open()
    page = src.new_page(width=W, height=H)
    if seal:  # stamped after printing; black ink stays black where they cross
        draw_seal(page, (LEFT + 150, TOP + STEP), seal)
    draw_lines(page, lines)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY if gray else pymupdf.csRGB)
    img = pymupdf.Pixmap(pix, 0) if pix.alpha else pix
    if skew:  # the sheet lay crooked on the glass: turn the raster, white corners
        arr = np.frombuffer(img.samples, np.uint8).reshape(img.h, img.w, img.n)
        m = cv2.getRotationMatrix2D((img.w / 2, img.h / 2), skew, 1.0)
        fill = (255,) * img.n
        arr = cv2.warpAffine(arr, m, (img.w, img.h), borderValue=fill)
        cs = pymupdf.csGRAY if img.n == 1 else pymupdf.csRGB
        img = pymupdf.Pixmap(cs, img.w, img.h, np.ascontiguousarray(arr).tobytes(), False)
    jpg = img.tobytes("jpg", jpg_quality=92)
    out = pymupdf.open()
    size = (H, W) if turn in (90, 270) else (W, H)
    p = out.new_page(width=size[0], height=size[1])
    p.insert_image(p.rect, stream=jpg, rotate=turn)
    if invisible:
        p.insert_text((40, 80), invisible, fontsize=11, render_mode=3)
    return bytes(out.tobytes())


def perceive(data: bytes, cache: PerceptionCache | None = None, **opts: int) -> list[PageView]:
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        return perception.perceive_document(doc, PipelineOptions(**opts), cache=cache)
    finally:
        doc.close()


def cer(got: str, truth: str) -> float:
    """Character error rate, white space ignored (the contract's way)."""
    errors, length = char_error_rate(truth, got)
    return errors / max(1, length)


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR must not run")

    monkeypatch.setattr(perception, "read_scanned", refuse)
    monkeypatch.setattr(perception, "get_engine", refuse)


def test_text_layer_is_read_without_ocr(no_ocr: None) -> None:
    (view,) = perceive(text_pdf())
    assert view.source == "text"
    assert view.rotation == 0
    assert [ln.text for ln in view.lines] == LINES
    assert view.image is not None and view.dpi == 150
    assert view.image.shape == (round(H * 150 / 72), round(W * 150 / 72))
    first = view.lines[0].box
    assert abs(first[0] - LEFT) < 2 and abs(first[3] - TOP) < 5


def test_rotated_text_page_maps_to_displayed_page(no_ocr: None) -> None:
    (view,) = perceive(text_pdf(rotation=90))
    assert view.source == "text"
    assert (view.width, view.height) == (H, W)  # displayed: the page stands on its side
    assert view.rotation == 270  # text runs downwards on the displayed page
    assert [ln.text for ln in view.lines] == LINES
    x0, y0, _x1, _y1 = view.to_page_bbox(view.lines[0].box)
    # Displayed page = unrotated turned 90° clockwise: (x, y) -> (H - y, x).
    assert abs(y0 - LEFT) < 2 and abs(x0 - (H - TOP)) < 5  # baseline -> left edge
    assert view.image is not None and view.image.shape[:2] == (
        round(H * 150 / 72),
        round(W * 150 / 72),
    )


def test_invisible_text_layer_is_ignored() -> None:
    from extractors.perception import textlayer

    doc = pymupdf.open(stream=scan_pdf(invisible="Lorem ipsum dolor sit amet " * 5), filetype="pdf")
    verdict = textlayer.assess(doc[0])
    assert not verdict.usable and verdict.reason == "invisible"


def test_garbage_text_layer_is_ignored() -> None:
    from extractors.perception import textlayer

    assert textlayer.is_garbage("ÃƒÂ¤Ã‚Â¸Ã‚Â­Ã¦â€“â€¡ Ã¦Âµâ€¹Ã¨Â¯â€¢")
    assert textlayer.is_garbage("鍖椾含甯傚尰鐤楀仴搴峰簲鐢ㄨ瘯鐐归」鐩")  # UTF-8 read as GBK
    assert not textlayer.is_garbage("上海市5G+医疗健康应用试点项目年度报告")
    assert not textlayer.is_garbage("Proceedings of the IEEE, vol. 12, pp. 3-9 (2023).")


def test_text_that_does_not_match_ink_is_ignored() -> None:
    from extractors.perception import raster, textlayer

    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((40, 80), "上海市5G+医疗健康应用试点项目", fontname="china-s", color=(1, 1, 1))
    gray = raster.to_gray(raster.render_rgb(page, 150))
    verdict = textlayer.assess(page, gray, 150)
    assert not verdict.usable and verdict.reason == "no_ink"


def test_fingerprint_is_stable_and_page_specific() -> None:
    from extractors.perception import raster

    data = text_pdf()
    a = pymupdf.open(stream=data, filetype="pdf")
    b = pymupdf.open(stream=data, filetype="pdf")
    assert raster.page_fingerprint(a, a[0]) == raster.page_fingerprint(b, b[0])
    other = pymupdf.open(stream=text_pdf(LINES[::-1]), filetype="pdf")
    assert raster.page_fingerprint(a, a[0]) != raster.page_fingerprint(other, other[0])


@pytest.mark.ocr
def test_image_only_page_is_read_by_ocr() -> None:
    (view,) = perceive(scan_pdf())
    assert view.source == "ocr" and view.rotation == 0
    assert cer(view.text, "".join(LINES)) <= 0.02
    assert view.ocr_confidence is not None and view.ocr_confidence > 0.9
    assert view.image is not None and view.image.shape == (round(H * 150 / 72), round(W * 150 / 72))


@pytest.mark.ocr
def test_invisible_layer_page_is_ocrd_not_trusted() -> None:
    (view,) = perceive(scan_pdf(invisible="Lorem ipsum dolor sit amet " * 5))
    assert view.source == "ocr"
    assert "Lorem" not in view.text
    assert cer(view.text, "".join(LINES)) <= 0.02


@pytest.mark.ocr
def test_upside_down_scan_is_turned_and_boxes_map_back() -> None:
    (view,) = perceive(scan_pdf(turn=180))
    assert view.rotation == 180
    assert cer(view.text, "".join(LINES)) <= 0.02
    first = next(ln for ln in view.lines if "年度报告" in ln.text)
    # Upright, the line sits where it was drawn; displayed, it is turned half a circle.
    assert abs(first.box[0] - LEFT) < 6 and abs(first.box[3] - TOP) < 8
    _x0, y0, x1, _y1 = view.to_page_bbox(first.box)
    assert abs(x1 - (W - LEFT)) < 6 and abs(y0 - (H - TOP)) < 8


@pytest.mark.ocr
def test_sideways_scan_is_turned() -> None:
    (view,) = perceive(scan_pdf(turn=90))
    assert view.rotation in (90, 270)
    assert (view.width, view.height) == (H, W)
    assert cer(view.text, "".join(LINES)) <= 0.02
    assert view.image is not None and view.image.shape[:2] == (
        round(H * 150 / 72),
        round(W * 150 / 72),
    )


@pytest.fixture
def ocr_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per page OCR'd in this process (perceive with workers=1)."""
    calls: list[int] = []
    real = perception.read_scanned

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(perception, "read_scanned", counting)
    return calls


@pytest.mark.ocr
def test_cache_hit_runs_no_ocr(tmp_path: Path, ocr_calls: list[int]) -> None:
    cache = PerceptionCache(tmp_path)
    data = scan_pdf()
    (first,) = perceive(data, cache, workers=1)  # read here, where the count is kept
    (again,) = perceive(data, cache, workers=1)
    assert len(ocr_calls) == 1
    assert again.lines == first.lines and again.rotation == first.rotation
    assert again.image is not None and first.image is not None
    assert np.array_equal(again.image, first.image)


@pytest.mark.ocr
def test_a_drawn_page_without_an_image_is_served_from_the_cache(
    tmp_path: Path, ocr_calls: list[int]
) -> None:
    # Lettering drawn as paths (text outlined on export): no image and no text layer, so OCR.
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for i in range(6):
        page.draw_rect(pymupdf.Rect(40, 40 + 30 * i, 360, 52 + 30 * i), color=(0, 0, 0), width=2)
    data = bytes(doc.tobytes())
    cache = PerceptionCache(tmp_path)
    (first,) = perceive(data, cache, workers=1)
    (again,) = perceive(data, cache, workers=1)
    assert first.source == "ocr" and len(ocr_calls) == 1
    assert again.image is not None and first.image is not None
    assert np.array_equal(again.image, first.image)


def test_blank_page_needs_no_ocr(no_ocr: None) -> None:
    doc = pymupdf.open()
    doc.new_page(width=W, height=H)
    (view,) = perceive(bytes(doc.tobytes()))
    assert view.lines == [] and view.image is not None


@pytest.mark.ocr
def test_skewed_scan_is_straightened() -> None:
    (view,) = perceive(scan_pdf(skew=-1.5))  # lines fall to the right
    assert view.rotation == 0
    assert cer(view.text, "".join(LINES)) <= 0.02
    # Straightened, each line's box is as high as one line of type, not a slanted band.
    for line in view.lines:
        assert line.box[3] - line.box[1] < SIZE * 1.4


@pytest.mark.ocr
@pytest.mark.parametrize("skew", [4.5, -4.5])
def test_a_steeply_skewed_scan_is_straightened(skew: float) -> None:
    (view,) = perceive(scan_pdf(skew=skew))
    assert cer(view.text, "".join(LINES)) <= 0.02
    assert len(view.lines) == len(LINES)  # each line read once, none broken into pieces
    for line in view.lines:
        assert line.box[3] - line.box[1] < SIZE * 1.4


@pytest.mark.ocr
@pytest.mark.slow
def test_pages_in_parallel_processes_read_the_same() -> None:
    one = pymupdf.open(stream=scan_pdf(), filetype="pdf")
    two = pymupdf.open(stream=scan_pdf(turn=180), filetype="pdf")
    one.insert_pdf(two)
    data = bytes(one.tobytes())
    serial = perceive(data)
    parallel = perceive(data, workers=2)
    assert [v.text for v in parallel] == [v.text for v in serial]
    assert [v.rotation for v in parallel] == [0, 180]


def perceive_with(
    data: bytes, cache: PerceptionCache | None = None, **opts: object
) -> tuple[list[PageView], perception.PerceptionStats]:
    stats = perception.PerceptionStats()
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        views = perception.perceive_document(
            doc,
            PipelineOptions(**opts),
            cache=cache,
            stats=stats,  # type: ignore[arg-type]
        )
    finally:
        doc.close()
    return views, stats


@pytest.mark.ocr
def test_openvino_and_onnxruntime_read_the_same(tmp_path: Path) -> None:
    try:
        perception.planned("openvino", False)
    except EngineUnavailable:
        pytest.skip("OpenVINO does not run here")
    cache = PerceptionCache(tmp_path)
    data = scan_pdf(seal="上海市第一人民医院", skew=-0.8)
    (ov,), ov_stats = perceive_with(data, cache, workers=1, ocr_engine="openvino")
    # The same page, the same cache: the other engine's reading is not served from it.
    (ort,), ort_stats = perceive_with(data, cache, workers=1, ocr_engine="onnxruntime")
    assert ov_stats.engine() == perception.planned("openvino", False)
    assert ort_stats.engine() == perception.planned("onnxruntime", False)
    assert len(list(tmp_path.rglob("*.json"))) == 2
    assert cer(ov.text, ort.text) <= 0.01
    assert cer(ov.text, "".join(LINES)) <= 0.02 and cer(ort.text, "".join(LINES)) <= 0.02
    assert ov.rotation == ort.rotation
    assert [s.text for s in ov.seals] == [s.text for s in ort.seals]


@pytest.mark.ocr
def test_a_scanned_page_is_rendered_once(tmp_path: Path) -> None:
    cache = PerceptionCache(tmp_path)
    data = scan_pdf()
    (first,), stats = perceive_with(data, cache, workers=1, ocr_dpi=200)
    assert stats.renders == [(0, 200)]  # the OCR raster; the readers' image is scaled from it
    assert first.image is not None and first.dpi == 150
    (view,), stats = perceive_with(data, cache, workers=1, ocr_dpi=200)
    assert stats.renders == [(0, 200)]  # a cache hit: the readers' image, made the same way
    assert view.lines and view.image is not None and view.dpi == 150
    assert np.array_equal(view.image, first.image)


def test_a_reading_stored_under_the_fallback_engine_is_found_again(tmp_path: Path) -> None:
    """`auto` plans OpenVINO; where its start-up check sent a process to ONNX Runtime, the
    reading was stored under ONNX Runtime's key and a re-run must find it there."""
    from extractors.perception.engine_choice import onnxruntime_info, planned

    auto = PipelineOptions(ocr_engine="auto")
    if planned("auto", False).backend != "openvino":
        pytest.skip("auto does not plan OpenVINO on this machine")
    cache = PerceptionCache(tmp_path)
    ort = onnxruntime_info(False)
    cache.put(perception.cache_key("page-fp", auto, "ocr", ort), {"kind": "ocr", "lines": []})
    found = perception.cached_reading(cache, "page-fp", auto, "ocr")
    assert found is not None and found[1] == ort
    # an engine forced by name finds only its own readings
    forced = PipelineOptions(ocr_engine="openvino")
    assert perception.cached_reading(cache, "page-fp", forced, "ocr") is None
    assert perception.cached_reading(cache, "other-page", auto, "ocr") is None


def _resized(data: bytes, factor: float) -> bytes:
    """The same scan in a page `factor` times the size, as image-to-PDF tools make from the
    resolution a file claims (72 dpi: a 56-inch page from a phone photo)."""
    src = pymupdf.open(stream=data, filetype="pdf")
    ((xref, *_),) = src[0].get_images()
    out = pymupdf.open()
    page = out.new_page(width=src[0].rect.width * factor, height=src[0].rect.height * factor)
    page.insert_image(page.rect, stream=src.extract_image(xref)["image"])
    return bytes(out.tobytes())


def _a4_scan() -> bytes:
    """An A4 scan at 200 dpi: the lines and a 41 mm seal."""
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    draw_seal(page, (LEFT + 150, TOP + STEP), "上海市第六人民医院")
    draw_lines(page, LINES)
    jpg = page.get_pixmap(dpi=200).tobytes("jpg", jpg_quality=92)
    out = pymupdf.open()
    out.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=jpg)
    return bytes(out.tobytes())


@pytest.mark.ocr
@pytest.mark.parametrize("factor", [3.0, 0.3])
def test_a_scan_in_a_page_of_no_papers_size_is_read_as_a4(factor: float) -> None:
    data = _a4_scan()
    (plain,) = perceive(data)
    (view,) = perceive(_resized(data, factor))
    # The A4 scan in a page of 1785 x 2526 or 179 x 253 pt is read as the A4 sheet it is.
    assert view.scale == pytest.approx(1 / factor) and plain.scale == 1.0
    assert view.width == pytest.approx(595) and view.dpi == 150
    assert view.image is not None and plain.image is not None
    assert abs(view.image.shape[0] - plain.image.shape[0]) <= 1
    assert cer(view.text, "".join(LINES)) <= 0.02
    assert len(view.seals) == len(plain.seals) == 1
    # Boxes come back in the page's own points.
    first = next(ln for ln in view.lines if "年度报告" in ln.text)
    x0, y0, _, _ = view.to_page_bbox(first.box)
    assert abs(x0 - LEFT * factor) < 6 * factor and abs(y0 - (TOP - SIZE) * factor) < 8 * factor
    sx0, _, sx1, _ = view.to_page_bbox(view.seals[0].box)
    px0, _, px1, _ = plain.to_page_bbox(plain.seals[0].box)
    assert abs(sx0 - px0 * factor) < 3 * factor and abs(sx1 - px1 * factor) < 3 * factor


def test_paper_sizes_are_read_as_they_are() -> None:
    from extractors.perception.raster import paper_scale

    doc = pymupdf.open()
    for w, h in ((595, 842), (842, 595), (420, 595), (298, 420), (842, 1191)):
        assert paper_scale(doc.new_page(width=w, height=h), has_images=True) == 1.0
    huge = doc.new_page(width=2480, height=3508)
    assert paper_scale(huge, has_images=True) == pytest.approx(842 / 3508)
    assert paper_scale(huge, has_images=False) == 1.0  # a born-digital page keeps its size
