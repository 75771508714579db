"""One page of the application form as the readers see it: its ruled grid, its cells and the
labels found in them (or, for an attached page, the introduction's lines), and how a value
read off it becomes evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.form.cells import FormCell, LabelHit, find_labels, form_cells
from extractors.form.rules import rules
from extractors.form.table import Grid, find_grid
from extractors.form.values import join_lines
from extractors.grade.confidence import mean_read, weighed
from extractors.text.normalize import compact
from extractors.text.rows import union_box
from extractors.types import Line, PageView
from models.result import Evidence

_PAGE_NUMBER = re.compile(r"^[\s\-—–第页]*\d{1,3}[\s\-—–页]*$")


@dataclass(slots=True)
class FormPage:
    view: PageView
    grid: Grid | None
    cells: list[FormCell]
    hits: list[LabelHit]
    attachment: list[Line] | None = None  # a 附页's body lines (then it has no labels)

    @property
    def label_cells(self) -> set[int]:
        # Cells whose text is a label (with nothing else): values stop there.
        return {id(h.cell) for h in self.hits if not h.value}

    def first(self, key: str) -> LabelHit | None:
        return next((h for h in self.hits if h.key == key), None)


def read_page(view: PageView, first: bool) -> FormPage:
    """Cells and labels of a form page; `first` is the form's first page (never a 附页)."""
    body = None if first else attachment_body(view)
    grid = find_grid(view)
    cells = form_cells(grid, view.lines)
    if body is not None:
        return FormPage(view, grid, cells, [], body)
    return FormPage(view, grid, cells, find_labels(cells))


def attachment_body(view: PageView) -> list[Line] | None:
    """An attached page (附页) after the form: the lines under its title, or None when the
    page does not start so."""
    top = view.upright_size[1] * 0.3
    for k, line in enumerate(view.lines):
        if line.box[1] > top:
            return None
        text = compact(line.text)
        titled = any(
            text.startswith(t) or text.endswith(f"({t})") for t in rules().attachment_titles
        )
        if len(text) <= 24 and titled:
            return [ln for ln in view.lines[k + 1 :] if not _PAGE_NUMBER.match(ln.text)]
    return None


def evidence(view: PageView, lines: Iterable[Line], text: str | None = None) -> list[Evidence]:
    """Where a value was read: the lines' joint box on the displayed page, and their text."""
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    box = union_box([ln.box for ln in lines])
    shown = text if text is not None else join_lines([ln.text for ln in lines])
    return [Evidence(page=view.number, bbox=view.to_page_bbox(box), text=shown[:300])]


def confidence(lines: Iterable[Line], ruled: bool) -> float:
    """The lines' read confidence, a little less where no ruled cell vouches for the place."""
    base = mean_read(ln.confidence for ln in lines)
    return weighed(base, ["ruled_cell" if ruled else "unruled_cell"], cap=1.0)
