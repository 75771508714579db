"""Flow Chinese text onto A4 pages: wrapping, headings, ruled tables, headers and footers.

The writer remembers every printed line per page (the OCR truth text) and the page each
heading landed on (the outline truth).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

import pymupdf

A4 = pymupdf.Rect(0, 0, 595, 842)
_NO_LINE_START = set("，。、；：）》”’！？%")


@cache  # one Font object, so the document embeds the font once
def cjk_font() -> pymupdf.Font:
    return pymupdf.Font("china-s")


def write(
    page: pymupdf.Page,
    at: tuple[float, float],
    text: str,
    size: float,
    *,
    bold: bool = False,
    colour: tuple[float, float, float] = (0, 0, 0),
) -> float:
    """Print one line with the embedded CJK font; returns its width."""
    font = cjk_font()
    tw = pymupdf.TextWriter(page.rect)
    tw.append(at, text, font=font, fontsize=size)
    tw.write_text(page, color=colour, render_mode=2 if bold else 0)
    return float(font.text_length(text, fontsize=size))


def text_width(text: str, size: float) -> float:
    return float(cjk_font().text_length(text, fontsize=size))


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break `text` into lines no wider than `width`; no line starts with closing punctuation."""
    font = cjk_font()
    lines: list[str] = []
    line, used, limit = "", 0.0, width - first_indent
    for ch in text:
        w = font.text_length(ch, fontsize=size)
        if used + w > limit and line and ch not in _NO_LINE_START:
            lines.append(line)
            line, used, limit = "", 0.0, width
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines


@dataclass
class Style:
    """How one document sets its body text."""

    size: float = 12.0
    leading: float = 1.6
    left: float = 80.0
    right: float = 80.0
    top: float = 80.0
    bottom: float = 80.0
    header: str | None = None
    footer: str = "plain"  # plain | dash | of | none
    first_number: int = 1


@dataclass
class Flow:
    """A text cursor over new pages appended to `doc`."""

    doc: pymupdf.Document
    style: Style
    rng: random.Random
    pages: list[int] = field(default_factory=list)
    lines: dict[int, list[str]] = field(default_factory=dict)
    headings: dict[str, int] = field(default_factory=dict)
    heading_text: dict[str, str] = field(default_factory=dict)  # as printed, numbering too
    y: float = 0.0

    @property
    def page(self) -> pymupdf.Page:
        return self.doc[self.pages[-1]]

    @property
    def width(self) -> float:
        return A4.width - self.style.left - self.style.right

    def new_page(self) -> None:
        self.doc.new_page(width=A4.width, height=A4.height)
        self.pages.append(self.doc.page_count - 1)
        self.lines[self.pages[-1]] = []
        self.y = self.style.top

    def _room(self, height: float) -> None:
        if not self.pages or self.y + height > A4.height - self.style.bottom:
            self.new_page()

    def _line(self, x: float, text: str, size: float, bold: bool = False) -> None:
        self._room(size * self.style.leading)
        self.y += size * self.style.leading
        write(self.page, (x, self.y - size * (self.style.leading - 1) / 2), text, size, bold=bold)
        self.lines[self.pages[-1]].append(text)

    def heading(
        self,
        text: str,
        size: float,
        bold: bool,
        key: str | None = None,
        indent: float = 0.0,
        space_before: float = 0.4,
        space_after: float = 0.0,
    ) -> None:
        """A heading, wrapped when too long; kept with two following lines on its page."""
        lines = wrap(text, self.width - indent, size)
        self._room(
            size * self.style.leading * (len(lines) + space_before + space_after)
            + self.style.size * 3.5
        )
        self.y += size * space_before
        for i, line in enumerate(lines):
            self._line(self.style.left + (indent if i == 0 else 0), line, size, bold)
            if key and i == 0:
                self.headings[key] = self.pages[-1] + 1
                self.heading_text[key] = text
        self.y += size * space_after

    def runin(self, head: str, text: str, bold: bool, key: str, indent_chars: float = 2.0) -> None:
        """A heading followed on the same line by its text: "（一）项目建设情况。本项目…"."""
        size = self.style.size
        indent = size * indent_chars
        self._room(size * self.style.leading * 3.5)
        for i, line in enumerate(wrap(head + text, self.width, size, indent)):
            x = self.style.left + (indent if i == 0 else 0)
            if i == 0:
                self._room(size * self.style.leading)
                self.y += size * self.style.leading
                base = self.y - size * (self.style.leading - 1) / 2
                bold_part = line[: len(head)]
                w = write(self.page, (x, base), bold_part, size, bold=bold)
                if len(line) > len(head):
                    write(self.page, (x + w, base), line[len(head) :], size)
                self.lines[self.pages[-1]].append(line)
                self.headings[key] = self.pages[-1] + 1
                self.heading_text[key] = head.rstrip("。")
            else:
                self._line(x, line, size)

    def paragraph(self, text: str, indent_chars: float = 2.0) -> None:
        size = self.style.size
        indent = size * indent_chars
        for i, line in enumerate(wrap(text, self.width, size, indent)):
            self._line(self.style.left + (indent if i == 0 else 0), line, size)

    def table(self, rows: list[tuple[str, str]], header: tuple[str, str]) -> None:
        """A two-column ruled table (label | quantity)."""
        size = self.style.size
        row_h = size * 2.0
        col = self.width * 0.62
        x0, x1 = self.style.left, self.style.left + self.width
        for cells in [header, *rows]:
            self._room(row_h)
            top = self.y + 2
            page = self.page
            page.draw_rect(pymupdf.Rect(x0, top, x1, top + row_h), color=(0, 0, 0), width=0.7)
            page.draw_line((x0 + col, top), (x0 + col, top + row_h), color=(0, 0, 0), width=0.7)
            base = top + row_h / 2 + size * 0.38
            write(page, (x0 + 8, base), cells[0], size, bold=cells is header)
            write(page, (x0 + col + 8, base), cells[1], size, bold=cells is header)
            self.lines[self.pages[-1]].append(f"{cells[0]} {cells[1]}")
            self.y = top + row_h
        self.y += size * 0.6

    def printed_number(self, page_index: int) -> int:
        """The page number the footer prints on the document's page `page_index`."""
        return self.style.first_number + self.pages.index(page_index)

    def finish(self) -> None:
        """Headers and page numbers on every page of this flow."""
        st = self.style
        for i, index in enumerate(self.pages):
            page = self.doc[index]
            number = st.first_number + i
            if st.header:
                size = 9.0
                write(page, (st.left, st.top - 30), st.header, size, colour=(0.25, 0.25, 0.25))
                page.draw_line(
                    (st.left, st.top - 24),
                    (A4.width - st.right, st.top - 24),
                    color=(0.3, 0.3, 0.3),
                    width=0.6,
                )
                self.lines[index].insert(0, st.header)
            label = {
                "plain": str(number),
                "dash": f"— {number} —",
                "of": f"第 {number} 页 共 {st.first_number + len(self.pages) - 1} 页",
                "none": "",
            }[st.footer]
            if label:
                size = 10.0
                x = (A4.width - text_width(label, size)) / 2
                write(page, (x, A4.height - st.bottom / 2), label, size)
                self.lines[index].append(label)
