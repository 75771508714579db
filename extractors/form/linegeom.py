"""Where each character of a text line lies: lines carry one box, not one per character.

Characters get widths in proportion to their kind (CJK wide, Latin narrow); where the line has
spaces, the words are first laid on the ink they cover in the levelled page image, because a
space stands for a gap of any width (a label and its value in two cells read as one line).
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from extractors.marks.level import Level, line_band
from extractors.types import Line

Span = tuple[float, float]
Mask = npt.NDArray[np.uint8]


def char_weights(text: str) -> list[float]:
    """Relative advance of each character: wide (CJK, full-width) 1, others about half."""
    return [
        1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else (0.3 if ch == " " else 0.55)
        for ch in text
    ]


def _spread(text: str, x0: float, x1: float) -> list[Span]:
    weights = char_weights(text)
    unit = (x1 - x0) / (sum(weights) or 1.0)
    spans, x = [], x0
    for w in weights:
        spans.append((x, x + w * unit))
        x += w * unit
    return spans


def char_spans(line: Line, level: Level | None = None, ink: Mask | None = None) -> list[Span]:
    """Estimated x extent (upright points) of each character of `line`. With the levelled
    page's `ink` (rulings removed), words split by spaces sit on the ink runs they cover."""
    x0, _, x1, _ = line.box
    words = _words(line.text)
    if level is None or ink is None:
        return _spread(line.text, x0, x1)
    runs = _ink_runs(line, level, ink, len(words)) if len(words) > 1 else None
    if runs is None:
        return _over_ink(line, level, ink) or _spread(line.text, x0, x1)
    spans: list[Span] = [(0.0, 0.0)] * len(line.text)
    for (start, end), (a, b) in zip(words, runs, strict=True):
        spans[start:end] = _spread(line.text[start:end], a, b)
    # Spaces take the gap they stand for.
    for i, ch in enumerate(line.text):
        if ch == " ":
            left = spans[i - 1][1] if i else x0
            right = next(
                (spans[j][0] for j in range(i + 1, len(line.text)) if line.text[j] != " "), x1
            )
            spans[i] = (left, max(left, right))
    return spans


def _true_runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of every run of True."""
    out, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out


def _words(text: str) -> list[tuple[int, int]]:
    return _true_runs([ch != " " for ch in text])


def _ink_runs(line: Line, level: Level, ink: Mask, n: int) -> list[Span] | None:
    """The line's ink cut at its n-1 widest gaps, as upright x ranges; None when the image
    does not show n words clearly (then spacing by proportion is the better guess)."""
    found = _profile(line, level, ink)
    if found is None:
        return None
    profile, inked, lx0, cx, h = found
    first, last = int(inked[0]), int(inked[-1])
    blank = [not profile[i] for i in range(first, last + 1)]
    gaps = [(first + a, first + b) for a, b in _true_runs(blank)]  # blank columns in the ink
    if len(gaps) < n - 1:
        return None
    widest = sorted(sorted(gaps, key=lambda g: g[1] - g[0], reverse=True)[: n - 1])
    # A word break narrower than a quarter of the text height is a letter gap: not trusted.
    if min(g[1] - g[0] for g in widest) < 0.25 * h:
        return None
    edges = [int(inked[0])] + [v for g in widest for v in g] + [int(inked[-1]) + 1]
    to_pt = level.scale
    x_mid = (line.box[0] + line.box[2]) / 2
    return [
        (x_mid + (lx0 + edges[2 * k] - cx) / to_pt, x_mid + (lx0 + edges[2 * k + 1] - cx) / to_pt)
        for k in range(n)
    ]


def _over_ink(line: Line, level: Level, ink: Mask) -> list[Span] | None:
    """Characters spread over the line's ink with its wide gaps (a ruling and the cell
    padding round it) left out: a label and value OCR read as one run stay apart."""
    found = _profile(line, level, ink)
    if found is None:
        return None
    _, inked, lx0, cx, h = found
    segments: list[tuple[int, int]] = []
    start = int(inked[0])
    for a, b in pairwise(inked):
        if b - a > 0.6 * h:  # a gap wider than half an em: nothing printed there
            segments.append((start, int(a) + 1))
            start = int(b)
    segments.append((start, int(inked[-1]) + 1))
    if len(segments) < 2:
        return None
    total = sum(b - a for a, b in segments)
    weights = char_weights(line.text)
    unit = total / (sum(weights) or 1.0)
    x_mid = (line.box[0] + line.box[2]) / 2

    def at(offset: float) -> float:  # distance along the ink -> upright x
        for a, b in segments:
            if offset <= b - a:
                return x_mid + (lx0 + a + offset - cx) / level.scale
            offset -= b - a
        return x_mid + (lx0 + segments[-1][1] - cx) / level.scale

    spans, run = [], 0.0
    for w in weights:
        left = at(run + 1e-6)
        run += w * unit
        spans.append((left, max(left, at(run))))
    return spans


def _profile(
    line: Line, level: Level, ink: Mask
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp], int, float, float] | None:
    """Which columns of the line's band on the levelled page hold ink, and their indices;
    with the band's left pixel, the line's centre x and its text height (pixels). None
    when the band holds fewer than two inked columns."""
    cx, cy, half, h = line_band(line, level)
    height, width = ink.shape[:2]
    lx0, lx1 = max(0, int(cx - half)), min(width, int(cx + half) + 1)
    ly0, ly1 = max(0, int(cy - 0.4 * h)), min(height, int(cy + 0.4 * h) + 1)
    if lx1 - lx0 < 4 or ly1 <= ly0:
        return None
    profile: npt.NDArray[np.bool_] = np.asarray((ink[ly0:ly1, lx0:lx1] > 0).any(axis=0))
    inked = np.nonzero(profile)[0]
    return (profile, inked, lx0, cx, h) if len(inked) >= 2 else None


def sub_line(line: Line, start: int, end: int, spans: list[Span] | None = None) -> Line:
    """The characters [start, end) of `line` with their estimated box."""
    spans = spans or char_spans(line)
    if not spans or start >= end:
        return Line(text="", box=line.box, confidence=line.confidence)
    return Line(
        text=line.text[start:end],
        box=(round(spans[start][0], 2), line.box[1], round(spans[end - 1][1], 2), line.box[3]),
        confidence=line.confidence,
    )
