"""A page's Lines grouped into visual rows, left to right: perception keeps far-apart pieces
of one printed line apart (a label and its value, a number and its title); the readers of
headings and cover fields want the row whole, with a way back to each character's box."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.text.normalize import compact
from extractors.types import Box, Line, PageView


@dataclass(frozen=True, slots=True)
class Row:
    """Lines sharing one baseline band, sorted by x; `text` is their compact text (no white
    space, unified punctuation), computed once since every reader matches against it."""

    lines: tuple[Line, ...]
    text: str
    box: Box

    @classmethod
    def of(cls, lines: list[Line]) -> Row:
        ordered = tuple(sorted(lines, key=lambda ln: ln.box[0]))
        return cls(
            ordered,
            "".join(compact(ln.text) for ln in ordered),
            union_box([ln.box for ln in ordered]),
        )


def union_box(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _same_row(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    height = min(a[3] - a[1], b[3] - b[1])
    return height > 0 and overlap >= 0.5 * height


def page_rows(view: PageView) -> list[Row]:
    """The page's lines grouped into rows, top to bottom; each row's lines left to right."""
    rows: list[list[Line]] = []
    for line in sorted(view.lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0])):
        if not line.text.strip():
            continue
        # Compare with the row's last line only: a tall box (a signature, a merged cell)
        # must not swallow two printed lines into one row.
        if rows and _same_row(rows[-1][-1].box, line.box):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [Row.of(r) for r in rows]


def span_box(row: Row, start: int, end: int) -> Box | None:
    """Box of characters [start, end) of `row.text`, cut proportionally inside a line."""
    boxes: list[Box] = []
    offset = 0
    for line in row.lines:
        n = len(compact(line.text))
        lo, hi = max(start, offset), min(end, offset + n)
        if n and hi > lo:
            x0, y0, x1, y1 = line.box
            step = (x1 - x0) / n
            boxes.append((x0 + step * (lo - offset), y0, x0 + step * (hi - offset), y1))
        offset += n
    return union_box(boxes) if boxes else None
