"""The text layer: is it real (visible, legible, matching the ink), and its Lines in reading
order in upright points. A scanner's invisible OCR layer or mojibake means: OCR the page."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pymupdf

from extractors.perception.readorder import SPACE_GAP, Fragment, to_lines
from extractors.types import Box, GrayImage, Line

MIN_CHARS = 5  # fewer visible characters than this: nothing worth trusting
MAX_BAD_SHARE = 0.15  # control, private-use, replacement, Latin-1 mojibake characters
MIN_INKED_SHARE = 0.4  # of visible spans that must sit on ink in the rendered page


@dataclass(frozen=True, slots=True)
class Verdict:
    usable: bool
    reason: str  # why not, for the page's record ("invisible", "garbage", …)
    chars: int = 0


def assess(page: pymupdf.Page, gray: GrayImage | None = None, dpi: float = 0.0) -> Verdict:
    """Decide whether the page's text layer can be used instead of OCR. `gray` (the page
    rendered as displayed at `dpi`) enables the text-matches-ink check."""
    spans: list[dict[str, Any]] = page.get_texttrace()  # type: ignore[no-untyped-call]
    visible: list[dict[str, Any]] = []
    hidden = 0
    for span in spans:
        n = len(span.get("chars", ()))
        if span.get("type") == 3 or float(span.get("opacity", 1.0)) <= 0.01:
            hidden += n  # render mode 3: a scanner's invisible OCR layer
        else:
            visible.append(span)
    text = "".join(chr(c[0]) for s in visible for c in s["chars"] if c[0] > 0)
    count = sum(1 for ch in text if not ch.isspace())
    if count < MIN_CHARS:
        return Verdict(False, "invisible" if hidden else "no_text", count)
    if hidden > count:
        return Verdict(False, "invisible", count)
    if is_garbage(text):
        return Verdict(False, "garbage", count)
    if gray is not None and dpi > 0 and not _matches_ink(page, visible, gray, dpi):
        return Verdict(False, "no_ink", count)
    return Verdict(True, "", count)


def is_garbage(text: str) -> bool:
    """Mojibake or junk: many unprintable/odd characters, or Chinese that is not GB2312
    (what UTF-8 bytes read as GBK turn into), or hardly any CJK and no words either."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return True
    bad = sum(1 for c in chars if _is_bad(c))
    if bad / len(chars) > MAX_BAD_SHARE:
        return True
    cjk = [c for c in chars if "\u3400" <= c <= "\u9fff"]
    if len(cjk) >= 10:
        rare = sum(1 for c in cjk if not _in_gb2312(c))
        return rare / len(cjk) > 0.3
    wordish = sum(1 for c in chars if c.isascii() and (c.isalnum() or c in ".,:;()-/%+"))
    return (len(cjk) + wordish) / len(chars) < 0.6


def _is_bad(c: str) -> bool:
    if c == "\ufffd" or "\u0080" <= c <= "\u024f":
        return True
    return unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs")


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _matches_ink(
    page: pymupdf.Page, spans: list[dict[str, Any]], gray: GrayImage, dpi: float
) -> bool:
    """Visible text must sit on ink; text drawn white or under an opaque image does not."""
    scale = dpi / 72.0
    matrix = page.rotation_matrix
    h, w = gray.shape[:2]
    inked = checked = 0
    for span in spans[:400]:
        rect = pymupdf.Rect(span["bbox"]) * matrix  # type: ignore[no-untyped-call]
        x0, y0 = max(0, int(rect.x0 * scale)), max(0, int(rect.y0 * scale))
        x1, y1 = min(w, int(rect.x1 * scale) + 1), min(h, int(rect.y1 * scale) + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        checked += 1
        if np.count_nonzero(gray[y0:y1, x0:x1] < 160) >= 3:
            inked += 1
    return checked == 0 or inked / checked >= MIN_INKED_SHARE


def read_lines(page: pymupdf.Page) -> tuple[list[Line], int]:
    """Text-layer Lines in reading order, upright points, and the rotation applied (text
    written sideways on the displayed page is turned upright like a scan would be)."""
    matrix = page.rotation_matrix
    shift = pymupdf.Matrix(matrix.a, matrix.b, matrix.c, matrix.d, 0, 0)  # type: ignore[no-untyped-call]
    pieces: list[tuple[str, Box, int]] = []
    raw: dict[str, Any] = page.get_text("rawdict")  # type: ignore[no-untyped-call]
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            d = pymupdf.Point(line["dir"]) * shift  # type: ignore[no-untyped-call]
            rotation = _rotation_for(d.x, d.y)
            for text, rect in _split_line(line):
                box = rect * matrix
                pieces.append((text, (box.x0, box.y0, box.x1, box.y1), rotation))
    if not pieces:
        return [], 0
    # The page turns one way: the way most of its characters ask for.
    votes: Counter[int] = Counter()
    for text, _, rot in pieces:
        votes[rot] += len(text)
    rotation = votes.most_common(1)[0][0]
    width, height = page.rect.width, page.rect.height
    frags = [
        Fragment(text, to_upright(box, rotation, width, height))
        for text, box, rot in pieces
        if rot == rotation
    ]
    return to_lines(frags), rotation


def _rotation_for(dx: float, dy: float) -> int:
    """Clockwise turn that makes text running along (dx, dy) on the displayed page run
    left to right."""
    if abs(dx) >= abs(dy):
        return 0 if dx >= 0 else 180
    return 270 if dy > 0 else 90


def _split_line(line: dict[str, Any]) -> list[tuple[str, pymupdf.Rect]]:
    """One text-layer line cut where a gap opens (spaces or empty room), like OCR sees it."""
    out: list[tuple[str, pymupdf.Rect]] = []
    text, rect = "", pymupdf.Rect()  # type: ignore[no-untyped-call]
    prev_x1: float | None = None
    for span in line.get("spans", []):
        size = float(span.get("size", 10.0)) or 10.0
        for ch in span.get("chars", []):
            c = ch["c"]
            r = pymupdf.Rect(ch["bbox"])  # type: ignore[no-untyped-call]
            if c.isspace() or not c.isprintable():
                continue
            if text and prev_x1 is not None and r.x0 - prev_x1 > SPACE_GAP * size:
                out.append((text, rect))
                text, rect = "", pymupdf.Rect()  # type: ignore[no-untyped-call]
            text += c
            rect = pymupdf.Rect(r) if rect.is_empty else rect | r  # type: ignore[no-untyped-call]
            prev_x1 = r.x1
    if text:
        out.append((text, rect))
    return out


def to_upright(box: Box, rotation: int, width: float, height: float) -> Box:
    """Displayed-page box -> upright box (inverse of PageView.to_page_bbox)."""
    x0, y0, x1, y1 = box
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 90:
        return (height - y1, x0, height - y0, x1)
    if rotation == 270:
        return (y0, width - x1, y1, width - x0)
    return box
