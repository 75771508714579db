"""Handwriting and ink checks on a page's upright raster: is there a signature next to a
签字/签名 label, and how much ink lies in a box (checkbox readers use that).

Works on `PageView.image` (grayscale, seal ink NOT removed), so seal boxes are masked out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from extractors.types import Box, Line, PageView
from extractors.vocabulary import vocabulary

INK_LEVEL = 150  # gray below this is ink; pencil-light strokes at 150 dpi stay above ~170
# Inside a seal only near-black counts: red seal ink turns mid-grey (80-140) in the gray image,
# a pen's ink stays darker, so a signature written across a seal is still seen.
DARK_INK_LEVEL = 70
# A row's next label ends the signing area: "日期：", "年 月 日", "（盖章）" …
_NEXT_LABEL = re.compile(r"[:：]|日期|盖章|年.*月|\d{4}")

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SignatureFind:
    """Whether handwriting was found beside a signing label, and where (upright points)."""

    present: bool
    confidence: float
    box: Box | None = None


def ink_ratio(view: PageView, box: Box) -> float:
    """Fraction of dark pixels in an upright-points `box`, seal areas left out (0.0 when
    the page has no image or the box is empty)."""
    region = _pixel_region(view, box)
    if view.image is None or region is None:
        return 0.0
    x0, y0, x1, y1 = region
    ink = view.image[y0:y1, x0:x1] < INK_LEVEL
    keep = ~_seal_mask(view, region)
    counted = int(keep.sum())
    return float((ink & keep).sum()) / counted if counted else 0.0


def detect_signature(view: PageView, label: Line) -> SignatureFind:
    """Look for handwriting to the right of (and just around) a 签字/签名 `label`."""
    if view.image is None or view.dpi <= 0:
        return SignatureFind(False, 0.0, None)
    area = _search_area(view, label)
    region = _pixel_region(view, area)
    if region is None:
        return SignatureFind(False, 0.0, None)
    ink = _strokes(view, region, _printed_mask(view, label, region))
    label_px = max(1.0, (label.box[3] - label.box[1]) * view.dpi / 72.0)
    return _judge(view, ink, region, label_px)


def detect_over_print(
    view: PageView, row: Sequence[Line], label: Box, x_to: float
) -> SignatureFind:
    """Handwriting written across a printed row (a leader signing over the typed name and
    the 签字 marker): ink between `x_from` and `x_to` that leaves the row's printed band,
    above or below it. Printed glyphs stay inside their band; a signature's strokes do not.
    OCR boxes of the row itself are not trusted as print (they grow round the strokes);
    the band is read off the ink of the printed `label` (项目负责人：) instead."""
    x_from = label[2]
    if view.image is None or view.dpi <= 0 or not row or x_to <= x_from:
        return SignatureFind(False, 0.0, None)
    h = _typical_height(view)
    top, bottom = _printed_band(view, label, h)
    # A line's size below is its print's, not its OCR boxes' (a cover's few, tall boxes make
    # the page's usual box height up to twice its glyphs', and the band's margins swallow
    # the strokes that leave it).
    h = min(h, 1.25 * (bottom - top))
    mid = (top + bottom) / 2
    band = (x_from, top - 0.15 * h, x_to, bottom + 0.15 * h)
    region = _pixel_region(view, (x_from, mid - 2.0 * h, x_to, mid + 2.0 * h))
    if region is None:
        return SignatureFind(False, 0.0, None)
    others = [ln.box for ln in view.lines if ln not in row]
    ink = _strokes(view, region, _box_mask(view, [*others, band], region))
    h_px = h * view.dpi / 72.0
    # Strokes reach well out of the band; the sliver a tight OCR box leaves of a neighbouring
    # row's glyphs is flat. Keep the pieces at least a quarter of a line tall.
    ink = _tall_pieces(ink, 0.25 * h_px)
    if int(ink.sum()) < 0.05 * h_px * h_px:
        return SignatureFind(False, 0.7, None)
    find = _judge(view, ink, region, h_px)
    if not find.present:
        return find
    # Only part of the signature is seen (the rest lies on the print): a little less sure.
    return SignatureFind(True, round(min(find.confidence, 0.85), 3), find.box)


def detect_unread_ink(view: PageView, area: Box) -> SignatureFind:
    """Handwriting in `area` outside every OCR line: where a signature scrawled over a
    printed row made OCR drop the whole row, the strokes are what is left there."""
    region = _pixel_region(view, area)
    if view.image is None or region is None:
        return SignatureFind(False, 0.0, None)
    h_px = _typical_height(view) * view.dpi / 72.0
    printed = _box_mask(view, [ln.box for ln in view.lines], region)
    ink = _tall_pieces(_strokes(view, region, printed), 0.5 * h_px)
    if int(ink.sum()) < 0.1 * h_px * h_px:
        return SignatureFind(False, 0.6, None)
    return _judge(view, ink, region, h_px)


def _judge(
    view: PageView, ink: Mask, region: tuple[int, int, int, int], label_px: float
) -> SignatureFind:
    """Whether the ink left in `region` (print, seals, rulings, specks removed) is handwriting."""
    x0, y0, _, _ = region
    n = int(ink.sum())
    if n < max(20.0, 0.03 * label_px * label_px):
        return SignatureFind(False, 0.9 if n == 0 else 0.7, None)
    ys, xs = np.nonzero(ink)
    bx0, bx1, by0, by1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    height = by1 - by0
    width = bx1 - bx0
    # A signature is a cluster of strokes at least half a text line high; a lone dot, a
    # short dash or a flat sliver of a ruling is not one.
    if height < 0.25 * label_px or (height < 0.4 * label_px and width < 1.5 * label_px):
        return SignatureFind(False, 0.55, None)
    fill = n / float(max(1, height * width))
    s = 72.0 / view.dpi
    box = (
        round((x0 + bx0) * s, 2),
        round((y0 + by0) * s, 2),
        round((x0 + bx1) * s, 2),
        round((y0 + by1) * s, 2),
    )
    # More ink and a stroke-like fill (not a solid blob) make it surer.
    amount = min(1.0, n / (3.0 * label_px * label_px))
    stroke_like = 1.0 if 0.02 <= fill <= 0.5 else 0.6
    confidence = round(min(0.99, (0.55 + 0.4 * amount) * stroke_like), 3)
    return SignatureFind(True, confidence, box)


def is_signature_label(text: str) -> bool:
    """Whether a line is a signing label (项目负责人（签字）…)."""
    return any(word in text for word in vocabulary().sign_words)


def label_end_x(label: Line, em: float | None = None) -> float:
    """x where the signing words end inside the label line (lines may run on past them).

    Characters are taken as equally wide; but where OCR read a signature after the words as
    a character or two ("…（签字）丸"), those few stand for the whole scrawl, and the words
    end where the page's usual character width `em` puts them, if that is sooner."""
    text = label.text
    x0, _, x1, _ = label.box
    ends = [text.find(w) + len(w) for w in vocabulary().sign_words if w in text]
    if not ends or not text:
        return x1
    end = max(ends)
    while end < len(text) and text[end] in "）)】]:：　 ":
        end += 1
    even = x0 + (x1 - x0) * end / len(text)
    if em is None or not text[end:].strip():
        return even
    return min(even, x0 + _ems(text[:end]) * em)


def char_width(view: PageView) -> float | None:
    """The page's usual width of one full-width character (points), from its lines of print
    (none with signing words, which a signature may stretch); None with too few lines."""
    widths = sorted(
        (ln.box[2] - ln.box[0]) / _ems(ln.text)
        for ln in view.lines
        if len(ln.text.strip()) >= 4 and not is_signature_label(ln.text)
    )
    return widths[len(widths) // 2] if len(widths) >= 2 else None


def _ems(text: str) -> float:
    """Width of `text` in full-width characters: ASCII and half-width forms count a half."""
    return max(1.0, sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text.strip()))


def _search_area(view: PageView, label: Line) -> Box:
    """Right of the label on its row, up to the next label, with room above and below:
    signatures straddle the line they are written on."""
    _, y0, _, y1 = label.box
    h = max(6.0, y1 - y0)
    start = label_end_x(label, char_width(view)) + 0.2 * h
    uw, _ = view.upright_size
    stop = min(uw, start + 14 * h)
    for line in view.lines:
        lx0, ly0, _, ly1 = line.box
        same_row = ly0 < y1 and ly1 > y0
        if line is not label and same_row and lx0 > start + h and _NEXT_LABEL.search(line.text):
            stop = min(stop, lx0 - 0.2 * h)
    return (start, y0 - 1.2 * h, max(start, stop), y1 + 1.2 * h)


def _strokes(view: PageView, region: tuple[int, int, int, int], printed: Mask) -> Mask:
    """Pen ink in `region` that is not print, a ruling or a speck."""
    ink = _pen_ink(view, region) & ~printed
    return _drop_specks(_drop_rulings(ink, view.dpi), view.dpi)


def _pen_ink(view: PageView, region: tuple[int, int, int, int]) -> Mask:
    """Dark pixels of `region`; inside seals only near-black ones (see DARK_INK_LEVEL)."""
    assert view.image is not None
    x0, y0, x1, y1 = region
    gray = view.image[y0:y1, x0:x1]
    seal = _seal_mask(view, region)
    out: Mask = np.where(seal, gray < DARK_INK_LEVEL, gray < INK_LEVEL)
    return out


def _printed_band(view: PageView, label: Box, h: float) -> tuple[float, float]:
    """Top and bottom (points) of the printed text in `label`'s box: the rows where its ink
    is dense. A label box OCR stretched round a signature would give too tall a band."""
    region = _pixel_region(view, label)
    fallback = ((label[1] + label[3]) / 2 - 0.5 * h, (label[1] + label[3]) / 2 + 0.5 * h)
    if view.image is None or region is None:
        return fallback
    x0, y0, x1, y1 = region
    per_row = (view.image[y0:y1, x0:x1] < INK_LEVEL).sum(axis=1)
    dense = np.nonzero(per_row >= max(2, 0.15 * per_row.max()))[0]
    if len(dense) == 0:
        return fallback
    s = 72.0 / view.dpi
    top, bottom = (y0 + int(dense[0])) * s, (y0 + int(dense[-1]) + 1) * s
    return (top, bottom) if bottom - top <= 1.4 * h else fallback


def _typical_height(view: PageView) -> float:
    """The page's usual printed line height in points (median over lines of some length)."""
    heights = sorted(ln.box[3] - ln.box[1] for ln in view.lines if len(ln.text) >= 3)
    return heights[len(heights) // 2] if heights else 14.0


def _pixel_region(view: PageView, box: Box) -> tuple[int, int, int, int] | None:
    if view.image is None or view.dpi <= 0:
        return None
    h, w = view.image.shape[:2]
    x0, y0, x1, y1 = view.to_image_box(box)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(w, x1), min(h, y1)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def _box_mask(view: PageView, boxes: list[Box], region: tuple[int, int, int, int]) -> Mask:
    x0, y0, x1, y1 = region
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    for box in boxes:
        bx0, by0, bx1, by1 = view.to_image_box(box)
        cx0, cy0 = max(bx0, x0) - x0, max(by0, y0) - y0
        cx1, cy1 = min(bx1, x1) - x0, min(by1, y1) - y0
        if cx1 > cx0 and cy1 > cy0:
            mask[cy0:cy1, cx0:cx1] = True
    return mask


def _seal_mask(view: PageView, region: tuple[int, int, int, int]) -> Mask:
    return _box_mask(view, [s.box for s in view.seals], region)


def _printed_mask(view: PageView, label: Line, region: tuple[int, int, int, int]) -> Mask:
    """Printed lines in the area: every text-layer line (handwriting is never in a text
    layer); on OCR pages only label-like lines, since OCR may read the signature itself,
    and of the label's own line only up to its signing words (OCR often runs the line on
    over a signature beside it: "项目负责人：张三（签字） MA")."""
    boxes = [
        line.box
        for line in view.lines
        if line is not label and (view.source == "text" or _NEXT_LABEL.search(line.text))
    ]
    x0, y0, _, y1 = label.box
    end = label_end_x(label, char_width(view))
    boxes.append(label.box if view.source == "text" else (x0, y0, end, y1))
    return _box_mask(view, boxes, region)


def _drop_rulings(ink: Mask, dpi: float) -> Mask:
    """Remove underlines and table rules: long straight runs are printed, not written."""
    if not ink.any():
        return ink
    u8 = ink.astype(np.uint8)
    run = max(15, int(dpi * 0.6))  # 0.6 inch of straight ink
    horiz = cv2.morphologyEx(u8, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    vert = cv2.morphologyEx(u8, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    lines = cv2.dilate(np.maximum(horiz, vert), np.ones((3, 3), np.uint8))
    out: Mask = ink & (lines == 0)
    return out


def _tall_pieces(ink: Mask, min_height: float) -> Mask:
    """Only the connected pieces of ink at least `min_height` pixels tall."""
    return _keep_pieces(ink, cv2.CC_STAT_HEIGHT, min_height)


def _drop_specks(ink: Mask, dpi: float) -> Mask:
    """Scanner dust and halftone dots are not strokes."""
    return _keep_pieces(ink, cv2.CC_STAT_AREA, max(3, int((dpi / 150.0) ** 2 * 6)))


def _keep_pieces(ink: Mask, stat: int, minimum: float) -> Mask:
    """The connected pieces of `ink` whose `stat` (a cv2.CC_STAT_* column) is >= `minimum`."""
    if not ink.any():
        return ink
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, stat] >= minimum
    out: Mask = keep[labels]
    return out
