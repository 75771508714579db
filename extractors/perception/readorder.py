"""Text fragments (OCR lines or text-layer words) into Lines in reading order: rows top to
bottom, left to right in a row; neighbours in a row joined, far-apart pieces (table cells,
a label and a distant date) kept as separate Lines. Text layer and OCR share this rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from extractors.types import Box, Line

JOIN_GAP = 3.0  # in line heights: farther apart stays a separate Line
SPACE_GAP = 0.6  # in line heights: a visible gap becomes one space


@dataclass(slots=True)
class Fragment:
    text: str
    box: Box
    confidence: float = 1.0


def _height(box: Box) -> float:
    return max(1e-6, box[3] - box[1])


def _same_row(row: list[Fragment], frag: Fragment) -> bool:
    top = min(f.box[1] for f in row)
    bottom = max(f.box[3] for f in row)
    overlap = min(bottom, frag.box[3]) - max(top, frag.box[1])
    return overlap >= 0.5 * min(bottom - top, _height(frag.box))


def group_rows(fragments: Iterable[Fragment]) -> list[list[Fragment]]:
    """Fragments into rows by vertical overlap, rows sorted top to bottom."""
    rows: list[list[Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (f.box[1] + f.box[3]) / 2):
        # Only recent rows can overlap: fragments arrive by centre height.
        for row in reversed(rows[-3:]):
            if _same_row(row, frag):
                row.append(frag)
                break
        else:
            rows.append([frag])
    for row in rows:
        row.sort(key=lambda f: f.box[0])
    rows.sort(key=lambda r: min(f.box[1] for f in r))
    return rows


def _join(parts: list[Fragment]) -> Line:
    text = parts[0].text
    for prev, frag in pairwise(parts):
        gap = frag.box[0] - prev.box[2]
        h = min(_height(prev.box), _height(frag.box))
        text += (" " if gap > SPACE_GAP * h else "") + frag.text
    box = (
        min(f.box[0] for f in parts),
        min(f.box[1] for f in parts),
        max(f.box[2] for f in parts),
        max(f.box[3] for f in parts),
    )
    # Weighted by length: a long well-read line outweighs a one-character speck.
    weight = sum(max(1, len(f.text)) for f in parts)
    conf = sum(f.confidence * max(1, len(f.text)) for f in parts) / weight
    return Line(text=text.strip(), box=tuple(round(v, 2) for v in box), confidence=round(conf, 4))  # type: ignore[arg-type]


def to_lines(fragments: Iterable[Fragment]) -> list[Line]:
    """Fragments -> Lines in reading order."""
    lines: list[Line] = []
    for row in group_rows(f for f in fragments if f.text.strip()):
        current = [row[0]]
        for frag in row[1:]:
            prev = current[-1]
            h = min(_height(prev.box), _height(frag.box))
            if frag.box[0] - prev.box[2] > JOIN_GAP * h:
                lines.append(_join(current))
                current = [frag]
            else:
                current.append(frag)
        lines.append(_join(current))
    return lines
