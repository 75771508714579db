"""Compact lines of one page and label finding, tolerant to OCR: spaces dropped, one character
misread in a label of four or more."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.text.normalize import compact, similarity
from extractors.types import Box, PageView

_CLAUSE = ",;。:、)"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a page in compact form (NFKC, unified punctuation, no white space)."""

    page: int
    index: int  # position in the page's reading order
    text: str
    raw: str
    box: Box
    confidence: float


def rows_of(view: PageView) -> list[Row]:
    out = []
    for i, line in enumerate(view.lines):
        text = compact(line.text)
        if text:
            out.append(Row(view.number, i, text, line.text, line.box, line.confidence))
    return out


def find_label(text: str, label: str) -> tuple[int, int] | None:
    """(start, end) of `label` in `text`; labels of 5+ characters may have one misread."""
    at = text.find(label)
    if at >= 0:
        return at, at + len(label)
    n = len(label)
    if n < 5 or len(set(label) & set(text)) < n - 1:
        return None
    floor = (n - 1) / n - 1e-9
    # a misread label still begins its row or a clause: only those places are tried
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch in _CLAUSE]
    for start in starts:
        if start + n - 1 <= len(text) and similarity(text[start : start + n], label) >= floor:
            return start, start + n
    return None


def starts_with(text: str, labels: list[str]) -> bool:
    return any((span := find_label(text, label)) is not None and span[0] == 0 for label in labels)
