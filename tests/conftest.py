"""Shared fixtures: small PDFs built on the fly, the committed sample corpus."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"


def make_text_pdf(lines: list[str], pages: int = 1) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=595, height=842)
        y = 80.0
        for line in lines:
            page.insert_text((72, y), line, fontname="china-s", fontsize=12)
            y += 24
    data: bytes = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def text_pdf() -> bytes:
    return make_text_pdf(["5G+医疗健康应用试点项目年度总结报告", "项目名称：远程超声诊断示范"])


def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf"))
