"""Cells from ruling lines: clean renders, merged cells, skewed noisy scans, lines cut where
they cross a ruling, and pages without a table."""

from __future__ import annotations

import numpy as np
import pytest

from extractors.form.linegeom import char_spans
from extractors.form.table import Cell, Grid, find_grid
from extractors.marks.level import Level, estimate_skew, ink_mask
from extractors.types import Line, PageView
from tests.extractors import formpage as fp


def _grid(view: PageView) -> Grid:
    grid = find_grid(view)
    assert grid is not None
    return grid


def _cell(grid: Grid, text: str) -> Cell:
    found = [c for c in grid.cells if text in c.text]
    assert found, f"no cell holds {text!r}"
    return found[0]


def test_label_and_value_cells_side_by_side() -> None:
    grid = _grid(fp.views(fp.FormSpec())[0])
    label, value = _cell(grid, "项目名称"), _cell(grid, "5G智慧急救一体化平台建设项目")
    assert label is not value
    assert abs(label.box[2] - value.box[0]) < 3
    assert abs(label.box[1] - value.box[1]) < 3
    assert label.text == "项目名称"


def test_merged_label_cell_spans_its_value_rows() -> None:
    spec = fp.FormSpec(partners=("上海联通公司", "复旦大学", "同济大学"))
    grid = _grid(fp.views(spec)[0])
    label = _cell(grid, "联合申报单位")
    rows = [_cell(grid, u) for u in spec.partners]
    assert len({id(r) for r in rows}) == 3
    assert label.box[1] <= rows[0].box[1] + 2 and label.box[3] >= rows[-1].box[3] - 2


def test_titles_outside_the_table_are_outside() -> None:
    grid = _grid(fp.views(fp.FormSpec())[0])
    assert any("验收申请书" in ln.text for ln in grid.outside)
    assert any("填报时间" in ln.text for ln in grid.outside)


@pytest.mark.parametrize("skew", [-1.8, 0.9])
def test_skewed_noisy_scan_gives_the_same_cells(skew: float) -> None:
    clean = _grid(fp.views(fp.FormSpec())[0])
    scan = _grid(fp.views(fp.FormSpec(), skew=skew, noise=True)[0])
    assert abs(scan.level.skew + skew) < 0.2  # the levelling undoes the scan's turn
    assert len(scan.cells) == len(clean.cells)
    for text in ("项目名称", "王建国", "职务/职称", "主任医师", "复旦大学"):
        assert _cell(scan, text).text == _cell(clean, text).text


def test_a_line_across_a_ruling_is_cut_at_the_gap() -> None:
    view = fp.views(fp.FormSpec())[0]
    label = next(ln for ln in view.lines if ln.text == "项目名称")
    value = next(ln for ln in view.lines if ln.text.startswith("5G智慧"))
    joined = Line(
        f"{label.text} {value.text}", (label.box[0], label.box[1], value.box[2], value.box[3])
    )
    view.lines = [ln for ln in view.lines if ln not in (label, value)] + [joined]
    grid = _grid(view)
    assert _cell(grid, "项目名称").text == "项目名称"
    assert _cell(grid, "急救一体化").text == value.text


def test_word_spans_follow_the_ink() -> None:
    view = fp.views(fp.FormSpec())[0]
    grid = _grid(view)
    label = next(ln for ln in view.lines if ln.text == "项目负责人")
    name = next(ln for ln in view.lines if ln.text == "王建国")
    joined = Line("项目负责人 王建国", (label.box[0], label.box[1], name.box[2], name.box[3]))
    spans = char_spans(joined, grid.level, grid.ink)
    assert abs(spans[6][0] - name.box[0]) < 3  # 王 starts where it was printed
    assert abs(spans[4][1] - label.box[2]) < 3


def test_page_without_rulings_has_no_grid() -> None:
    view = fp.views(fp.FormSpec())[0]
    assert view.image is not None
    view.image[:] = 255
    assert find_grid(view) is None
    view.image = None
    assert find_grid(view) is None


def test_skew_estimate_on_a_turned_page() -> None:
    view = fp.views(fp.FormSpec(), skew=1.5)[0]
    assert view.image is not None
    assert abs(estimate_skew(ink_mask(view.image), view.dpi) + 1.5) < 0.15
    level = Level.of(view, 0.0)
    assert level.point(10, 20) == pytest.approx((10 * view.dpi / 72, 20 * view.dpi / 72))
    box = level.to_points((0, 0, 150, 150))
    assert np.allclose(box, (0, 0, 72, 72), atol=0.01)


def test_a_table_whose_right_side_is_too_faint_to_see_still_closes_its_cells() -> None:
    from extractors.form import table

    dpi = 150.0
    ink = np.zeros((900, 1200), np.uint8)
    for y in (100, 200, 300, 400):  # rows ruled across, ending together at x = 1100
        ink[y : y + 2, 100:1100] = 255
    for x in (100, 300):  # the left side and the label column; the right side lost
        ink[100:402, x : x + 2] = 255
    regions = table._regions(table._rulings(ink, dpi), dpi)
    assert len(regions) == 6  # three rows of label and value cells
    wide = [r for r in regions if r[2] > 700]
    assert len(wide) == 3


def test_a_cut_piece_stays_inside_its_cell() -> None:
    # OCR ran the label into the value and the span estimate cuts late or early: the value
    # cell's piece must not start left of the value cell (a check box search starts there).
    view = fp.views(fp.FormSpec())[0]
    label = next(ln for ln in view.lines if ln.text == "项目名称")
    value = next(ln for ln in view.lines if ln.text.startswith("5G智慧"))
    joined = Line(
        f"项 目 名 称 {value.text}", (label.box[0] - 8, label.box[1], value.box[2], value.box[3])
    )
    view.lines = [ln for ln in view.lines if ln not in (label, value)] + [joined]
    grid = _grid(view)
    cell = next(c for c in grid.cells if any("急救" in ln.text for ln in c.lines))
    for line in cell.lines:
        assert cell.box[0] <= line.box[0] and line.box[2] <= cell.box[2] + 0.5


def test_a_piece_reaching_back_over_the_ruling_is_held_to_its_cell() -> None:
    from extractors.form import table

    view = fp.views(fp.FormSpec())[0]
    level = Level.of(view, 0.0)
    s = level.scale
    regions = [
        (int(50 * s), int(100 * s), int(150 * s), int(130 * s)),  # label cell
        (int(152 * s), int(100 * s), int(530 * s), int(130 * s)),
    ]  # value cell
    # the span estimate put the value piece's start at x = 146, left of its cell at 152
    box = table._inside((146.0, 104.0, 282.0, 120.0), 1, regions, level)
    assert 151.0 <= box[0] <= 153.0 and box[2] == 282.0
    assert table._inside((146.0, 104.0, 282.0, 120.0), -1, regions, level)[0] == 146.0
