"""Evidence pages as PageViews straight from text rows (no PDF, no OCR): each row with its type
size, so layout-read fields (a paper's title by its size) are exercised too."""

from __future__ import annotations

from extractors.types import Line, PageView

Row = str | tuple[str, float] | tuple[str, float, float]  # text, size, x


def page(rows: list[Row], number: int = 1) -> PageView:
    lines = []
    y = 60.0
    for row in rows:
        text, size, x = (row, 12.0, 90.0) if isinstance(row, str) else (*row, 90.0)[:3]
        assert isinstance(text, str)
        width = size * len(text)
        lines.append(Line(text=text, box=(x, y, x + width, y + size), confidence=0.93))
        y += size * 2
    return PageView(number=number, width=595.0, height=842.0, source="ocr", lines=lines)
