"""Build PageViews straight from text rows (no PDF, no OCR) for the interpretation tests,
with helpers that add the OCR noise PP-OCR produces on these documents."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from extractors.options import PipelineOptions
from extractors.perception.pdf import open_pdf
from extractors.perception.perceive import perceive_document
from extractors.types import Line, PageView
from tests.conftest import CORPUS

LINE_H = 14.0
LEFT = 72.0
CHAR_W = 12.0


def view(rows: list[str | list[str]], number: int = 1, source: str = "ocr") -> PageView:
    """One A4 page; each row a string or several strings side by side on one line."""
    lines: list[Line] = []
    y = 72.0
    for row in rows:
        x = LEFT
        for part in [row] if isinstance(row, str) else row:
            width = CHAR_W * max(1, len(part))
            lines.append(Line(text=part, box=(x, y, x + width, y + LINE_H), confidence=0.95))
            x += width + 2 * CHAR_W
        y += 2 * LINE_H
    return PageView(
        number=number,
        width=595.0,
        height=842.0,
        source=source,  # type: ignore[arg-type]
        lines=lines,
    )


def document(pages: list[list[str | list[str]]]) -> list[PageView]:
    return [view(rows, number=i + 1) for i, rows in enumerate(pages)]


PARA = (
    "项目建设过程中，各参与单位明确分工、定期会商，及时协调解决网络覆盖、设备接入、"
    "数据互通等方面的问题，总体进度符合预期。"
)


def prose(n: int) -> list[str | list[str]]:
    """n rows of running text."""
    return [PARA[i % 7 :] + PARA[: i % 7] for i in range(n)]


@cache
def corpus_views(name: str) -> tuple[list[PageView], dict[str, Any]]:
    """Perception of one committed corpus sample (once per test session) and its truth."""
    pdf = CORPUS / f"{name}.pdf"
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    options = PipelineOptions()
    doc = open_pdf(pdf.read_bytes(), options)
    try:
        return perceive_document(doc, options), truth
    finally:
        doc.close()


def corpus_names(scanned: bool) -> list[str]:
    """Committed corpus samples, born-digital or scanned (by their truth's variant)."""
    names = []
    for truth_path in sorted(CORPUS.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if bool(truth.get("variant", {}).get("scanned")) == scanned:
            names.append(truth_path.name.removesuffix(".truth.json"))
    return names
