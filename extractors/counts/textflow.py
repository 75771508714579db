"""Pages' lines joined into one text stream, with a map from character offsets back to the page
and line box they came from, so a match anywhere in the stream can carry its evidence.

Wrapped lines are joined without a break; paragraph ends, table rows and headings keep one.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from extractors.types import Box, Line, PageView
from models.result import Evidence

# Bands (share of the upright page height) where running headers and footers sit.
_HEADER_BAND = 0.07
_FOOTER_BAND = 0.07
_PAGE_NUMBER = re.compile(
    r"^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–_\s]*$"
    r"|^[-—–\s]*[IVXLivxl]{1,5}[-—–\s]*$"
)
_SENTENCE_END = "。！？!?；;：:"
# A line starting like this begins a heading or list item, never continues the line before.
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}(?:\.\d{1,2})*\s*[、.．)）]|[①-⑳•·\-–—●■◆▪]|第[一二三四五六七八九十\d]+[章节条部分])"
)
# A full stop; OCR sometimes reads 。 as "." after a CJK character (3.2万 keeps its point).
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]|(?<=[\u2e80-\uffff])\.(?!\d)")


def fold_width(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one (offsets hold).

    CJK punctuation (，。；：（）) is kept: rules match it as written.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch in "．％＋－／｜":
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch in "\u3000\u00a0":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class FlowLine:
    """One source line's place in the stream."""

    start: int
    end: int
    view: PageView
    line: Line


@dataclass(slots=True)
class TextFlow:
    """The joined stream: `text` (width-folded) and `raw` (as read) have equal length."""

    text: str
    raw: str
    lines: list[FlowLine]

    def lines_between(self, start: int, end: int) -> list[FlowLine]:
        """Source lines overlapping the stream range [start, end)."""
        starts = [fl.start for fl in self.lines]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        found = []
        while i < len(self.lines) and self.lines[i].start < end:
            if self.lines[i].end > start:
                found.append(self.lines[i])
            i += 1
        return found

    def page_at(self, pos: int) -> int | None:
        """Page number of the line holding (or last before) stream offset `pos`."""
        starts = [fl.start for fl in self.lines]
        i = bisect.bisect_right(starts, pos) - 1
        return self.lines[i].view.number if i >= 0 else None

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos`: up to 。！？ or a hard line break on either side."""
        start = pos
        while start > 0 and not _SENTENCE_BREAK.match(self.text, start - 1):
            start -= 1
        end = pos
        while end < len(self.text) and not _SENTENCE_BREAK.match(self.text, end):
            end += 1
        if end < len(self.text) and self.text[end] != "\n":
            end += 1  # keep the full stop with its sentence
        return start, end

    def sentences(self) -> Iterable[tuple[int, int]]:
        """Every non-empty sentence as (start, end)."""
        pos = 0
        while pos < len(self.text):
            start, end = self.sentence_bounds(pos)
            if self.text[start:end].strip():
                yield start, end
            pos = max(end, pos + 1)

    def evidence(self, start: int, end: int, text: str | None = None) -> list[Evidence]:
        """One Evidence per page the range touches: the union box of its lines, displayed."""
        quote = text if text is not None else self.quote(start, end)
        by_page: dict[int, tuple[PageView, Box]] = {}
        for fl in self.lines_between(start, end):
            n = fl.view.number
            box = fl.line.box
            if n in by_page:
                b = by_page[n][1]
                box = (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3]))
            by_page[n] = (fl.view, box)
        return [
            Evidence(page=n, bbox=view.to_page_bbox(box), text=quote)
            for n, (view, box) in sorted(by_page.items())
        ]

    def quote(self, start: int, end: int) -> str:
        """The source text of a range, as read, on one line."""
        return re.sub(r"\s*\n\s*", " ", self.raw[start:end]).strip()

    def offset_of(self, page: int, bbox: Box | None) -> int | None:
        """Stream offset of the line on `page` best matching a displayed-coordinates box."""
        candidates = [fl for fl in self.lines if fl.view.number == page]
        if not candidates:
            return None
        if bbox is None:
            return candidates[0].start

        def overlap(fl: FlowLine) -> float:
            b = fl.view.to_page_bbox(fl.line.box)
            w = min(b[2], bbox[2]) - max(b[0], bbox[0])
            h = min(b[3], bbox[3]) - max(b[1], bbox[1])
            return max(0.0, w) * max(0.0, h)

        best = max(candidates, key=overlap)
        if overlap(best) > 0:
            return best.start
        below = [fl for fl in candidates if fl.view.to_page_bbox(fl.line.box)[1] >= bbox[1] - 2]
        return below[0].start if below else candidates[-1].start


def _is_running(line: Line, height: float) -> bool:
    return line.box[3] <= height * _HEADER_BAND or line.box[1] >= height * (1 - _FOOTER_BAND)


def _running_texts(views: list[PageView]) -> set[str]:
    """Header/footer texts repeated (digits aside) on several pages: running heads."""
    seen: Counter[str] = Counter()
    for view in views:
        height = view.upright_size[1]
        keys = {
            re.sub(r"\d+", "#", ln.text.strip()) for ln in view.lines if _is_running(ln, height)
        }
        seen.update(keys)
    need = 2  # the same text in the margin band of two pages is furniture, not content
    return {key for key, n in seen.items() if n >= need}


def body_lines(view: PageView, running: Collection[str] = frozenset()) -> list[Line]:
    """A page's lines without page numbers and running headers/footers."""
    height = view.upright_size[1]
    kept = []
    for ln in view.lines:
        text = ln.text.strip()
        if not text:
            continue
        if _is_running(ln, height) and (
            _PAGE_NUMBER.match(text) or re.sub(r"\d+", "#", text) in running
        ):
            continue
        kept.append(ln)
    return kept


_LONG_LINE = 12  # characters: a line this long is running text, not a table cell
_NO_EDGE = float("inf")  # no running text to measure: every line ends its paragraph


def _right_edge(lines: list[Line], fallback: float, enough: int) -> float:
    """Where full lines end: wrapped lines reach it, paragraph ends and table rows do not.
    Measured on the page's running text, else on the whole document's."""
    ends = sorted(ln.box[2] for ln in lines if len(ln.text) >= _LONG_LINE)
    return ends[int(0.9 * (len(ends) - 1))] if len(ends) >= enough else fallback


def _same_row(a: Line, b: Line) -> bool:
    top, bottom = max(a.box[1], b.box[1]), min(a.box[3], b.box[3])
    height = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
    return height > 0 and bottom - top > 0.5 * height and b.box[0] >= a.box[2] - 2


def _joiner(a: Line, b: Line, right_edge: float) -> str:
    """What goes between two consecutive lines: nothing (a wrap), a space, or a break."""
    if _same_row(a, b):
        return " "  # table cells or a line split in two: one row
    text = a.text.rstrip()
    char = max(4.0, a.box[3] - a.box[1])
    if not text or text[-1] in _SENTENCE_END or _ITEM_START.match(b.text):
        return "\n"
    if a.box[2] < right_edge - 1.5 * char:
        return "\n"  # the line stops short: a paragraph end or a table row
    first = b.text.lstrip()[:1]
    if text[-1].isascii() and text[-1].isalpha() and first.isascii() and first.isalpha():
        return " "  # an English word wrapped; digits ("3|0次", "5|G") wrap with no space
    return ""


def build_flow(views: list[PageView]) -> TextFlow:
    """Join the given pages (in order) into one stream; page headers and footers dropped."""
    running = _running_texts(views)
    raw_parts: list[str] = []
    lines: list[FlowLine] = []
    pos = 0
    prev: tuple[PageView, Line, float] | None = None
    pages = [body_lines(view, running) for view in views]
    doc_edge = _right_edge([ln for page in pages for ln in page], _NO_EDGE, 1)
    in_row = False  # the previous line shares its row with the one before it (cells)
    for view, page_lines in zip(views, pages, strict=True):
        edge = _right_edge(page_lines, doc_edge, 2)
        for ln in page_lines:
            if prev is not None:
                pview, pline, pedge = prev
                if pview is view:
                    sep = _joiner(pline, ln, pedge)
                    if sep == "" and in_row and len(pline.text) < _LONG_LINE:
                        sep = "\n"  # a full-width table's short last cell: the row ends
                    in_row = sep == " "
                elif pview.number + 1 == view.number:
                    # across a page turn only the text decides: same-row makes no sense
                    sep = _joiner(pline, Line(ln.text, (0, 1e9, 0, 1e9)), pedge)
                else:
                    sep = "\n"
                raw_parts.append(sep)
                pos += len(sep)
            text = ln.text.replace("\n", " ")
            lines.append(FlowLine(pos, pos + len(text), view, ln))
            raw_parts.append(text)
            pos += len(text)
            prev = (view, ln, edge)
    raw = "".join(raw_parts)
    return TextFlow(text=fold_width(raw), raw=raw, lines=lines)
