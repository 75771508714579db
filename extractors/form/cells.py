"""The form page as cells that hold labels and values: ruled cells where the table has rulings,
one cell per text line where it has none, and each label found in them with its inline value.

Navigation is geometric (the cells right of a label, the cell under it), so merged cells and
rows added by hand (可扩行) need no row/column model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.form.linegeom import sub_line
from extractors.form.rules import rules
from extractors.form.table import Grid
from extractors.text.normalize import compact
from extractors.types import Box, Line
from extractors.vocabulary import vocabulary

_COLON = ":："
# A label at the start of a cell is taken when the rest is this short (or after a colon):
# a long run of prose that happens to begin with 项目负责人 is not the label.
_SHORT_REST = 60


@dataclass(frozen=True, slots=True)
class FormCell:
    """A ruled cell (`ruled`) or a lone text line; `lines` in reading order."""

    box: Box
    lines: tuple[Line, ...]
    ruled: bool

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class LabelHit:
    """One label in a cell: which field it names and the text written after it there."""

    key: str
    cell: FormCell
    start: int  # in the cell's compact text
    end: int
    value: str  # inline value (compact text up to the next label), may be ""
    value_lines: tuple[Line, ...]  # the cell's lines the value came from


def form_cells(grid: Grid | None, lines: list[Line]) -> list[FormCell]:
    """Ruled cells plus the lines outside them, or every line when the page has no rulings."""
    cells: list[FormCell] = []
    if grid is not None:
        cells = [FormCell(c.box, c.lines, True) for c in grid.cells if c.lines]
        loose = list(grid.outside)
    else:
        loose = list(lines)
    cells += [FormCell(line.box, (line,), False) for line in loose if line.text.strip()]
    return cells


def _all_spellings() -> list[tuple[str, str]]:
    """(spelling, key), longest spelling first: 申报主体单位(盖章) before 申报主体单位."""
    pairs = [(s, key) for key, spellings in rules().labels.items() for s in spellings]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, key) label spellings in compact `text`."""
    taken: list[tuple[int, int, str]] = []
    for spelling, key in _all_spellings():
        for m in re.finditer(re.escape(spelling), text, re.IGNORECASE):  # e-mail, EMAIL
            s, e = m.start(), m.end()
            if all(e <= a or s >= b for a, b, _ in taken):
                taken.append((s, e, key))
    for key, words in _sign_keywords().items():
        if any(k == key for _, _, k in taken):
            continue
        for word in words:
            at = text.find(word)
            if at < 0:
                continue
            # The garbled label: from the cell's start (or the label before) to the word; a
            # label right before it is its own first half (申报主体单位、盖章).
            start = max([b for a, b, _ in taken if b <= at], default=0)
            start = min([a for a, b, _ in taken if at - 2 <= b <= at], default=start)
            end = at + len(word)
            while end < len(text) and text[end] in ")）]】":
                end += 1
            taken = [t for t in taken if t[1] <= start or t[0] >= end]
            taken.append((start, end, key))
            break
    return sorted(taken)


def _sign_keywords() -> dict[str, list[str]]:
    """The signing cell's words and the stamping cell's (a word both use, 签章, says neither)."""
    vocab = vocabulary()
    both = set(vocab.sign_words) & set(vocab.stamp_words)
    return {
        "leader_signed": [w for w in vocab.sign_words if w not in both],
        "unit_sealed": [w for w in vocab.stamp_words if w not in both] + rules().stamp_word_garbles,
    }


def _accepted(text: str, start: int, end: int) -> bool:
    """A label starts its cell (with a short rest or a colon after it) or has a colon."""
    after = text[end : end + 1]
    if after and after in _COLON:
        return True
    if text[end - 1 : end] in ")）":  # 负责人（签名） and the like end their own label
        return True
    head = text[:start].strip("□口☐√✓■()（）:：")
    return not head and len(text) - end <= _SHORT_REST


def _strip_instructions(text: str) -> str:
    for instruction in rules().instructions:
        text = text.replace(instruction, "")
    return text


def find_labels(cells: list[FormCell]) -> list[LabelHit]:
    """Every accepted label in every cell, in cell order, each with its inline value."""
    hits: list[LabelHit] = []
    cut = _cut_labels(cells)
    for cell in cells:
        own = compact(cell.text)
        head, lost = cut.get(id(cell), ("", 0))
        text = head + own[: len(own) - lost]
        shift = len(head)  # positions in `text` less this are positions in the cell's own text
        found = [c for c in _candidates(text) if _accepted(text, c[0], c[1])]
        for k, (start, end, key) in enumerate(found):
            stop = found[k + 1][0] if k + 1 < len(found) else len(text)
            raw = _strip_instructions(text[end:stop]).strip(_COLON + " ")
            s, e, t = (max(0, x - shift) for x in (start, end, stop))
            hits.append(LabelHit(key, cell, s, e, raw, _lines_of(cell, e, t)))
    return hits


def _cut_labels(cells: list[FormCell]) -> dict[int, tuple[str, int]]:
    """Labels a ruling cut in two, OCR's line split there (联系人 姓 | 名：魏卓…): by cell id,
    the label's first characters the cell right of the ruling begins with, and how many
    characters the cell left of it gives away. Only where the right cell starts with no
    label of its own."""
    out: dict[int, tuple[str, int]] = {}
    spellings = [s for s, _ in _all_spellings() if len(s) >= 2]
    for cell in cells:
        right = right_of(cell, cells, set()) if cell.ruled else []
        if not right or not right[0].ruled or id(right[0]) in out:
            continue
        text, nxt = compact(cell.text), compact(right[0].text)
        if any(nxt.startswith(s) for s in spellings):
            continue
        for spelling in spellings:
            k = next(
                (
                    k
                    for k in range(1, len(spelling))
                    if text.endswith(spelling[:k]) and nxt.startswith(spelling[k:])
                ),
                0,
            )
            if k:
                out[id(cell)] = (out.get(id(cell), ("", 0))[0], k)
                out[id(right[0])] = (spelling[:k], 0)
                break
    return out


def _lines_of(cell: FormCell, start: int, stop: int) -> tuple[Line, ...]:
    """The cell's lines (cut to size) holding compact-text range [start, stop)."""
    out: list[Line] = []
    pos = 0
    for line in cell.lines:
        n = len(compact(line.text))
        lo, hi = max(start, pos), min(stop, pos + n)
        if hi > lo:
            out.append(_cut(line, lo - pos, hi - pos) if (lo - pos, hi - pos) != (0, n) else line)
        pos += n
    return tuple(out)


def _cut(line: Line, start: int, stop: int) -> Line:
    """`line` cut to compact-character range [start, stop) (white space is not counted)."""
    keep = [i for i, ch in enumerate(line.text) if not ch.isspace()]
    if not keep or start >= len(keep):
        return line
    return sub_line(line, keep[start], keep[min(stop, len(keep)) - 1] + 1)


def label_line(hit: LabelHit) -> Line:
    """The label itself as a line with its own box (for ink checks beside it)."""
    return _lines_of(hit.cell, hit.start, hit.end)[0] if hit.cell.lines else hit.cell.lines[0]


def _v_overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def right_of(cell: FormCell, cells: list[FormCell], label_cells: set[int]) -> list[FormCell]:
    """Cells to the right of `cell` on the rows it spans, row by row, each row stopping at the
    next label cell (a merged label spans several value rows: 可扩行)."""
    x0, y0, x1, y1 = cell.box
    # A skewed page's cells have upright boxes a little larger than they are (by up to
    # tan 2° of the other side): allow for it.
    x_tol = max(2.0, 0.05 * (y1 - y0))
    if not cell.ruled:
        # A label left outside the grid (its rulings not found) is the piece of an OCR line
        # cut where the value's cell begins: its box ends up to a character into that cell.
        x_tol = max(x_tol, y1 - y0)
    y_tol = max(2.0, 0.035 * (x1 - x0))
    found = [
        c
        for c in cells
        if c is not cell
        and c.box[0] >= x1 - x_tol
        and y0 - y_tol <= (c.box[1] + c.box[3]) / 2 <= y1 + y_tol
    ]
    rows: dict[int, list[FormCell]] = {}
    for c in sorted(found, key=lambda c: ((c.box[1] + c.box[3]) / 2, c.box[0])):
        key = next(
            (k for k, row in rows.items() if _v_overlap(row[0].box, c.box) > 0.5 * _h(c.box)),
            len(rows),
        )
        rows.setdefault(key, []).append(c)
    out: list[FormCell] = []
    for row in rows.values():
        for c in sorted(row, key=lambda c: c.box[0]):
            if id(c) in label_cells:
                break
            out.append(c)
    return out


def below(cell: FormCell, cells: list[FormCell]) -> FormCell | None:
    """The cell right under `cell` (same columns, starting where it ends)."""
    x0, _, x1, y1 = cell.box
    best: FormCell | None = None
    for c in cells:
        if c is cell or c.box[1] < y1 - 0.5 * _h(cell.box):
            continue
        overlap = min(x1, c.box[2]) - max(x0, c.box[0])
        if overlap < 0.5 * min(x1 - x0, c.box[2] - c.box[0]):
            continue
        if best is None or c.box[1] < best.box[1]:
            best = c
    if best is not None and best.box[1] - y1 > 2.0 * _h(cell.box):
        return None
    return best


def _h(box: Box) -> float:
    return max(1.0, box[3] - box[1])
