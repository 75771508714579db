"""The nine direction boxes on small rendered form pages: every tick style, none, several,
其他 with its text, boxes printed as glyphs, and skewed noisy scans."""

from __future__ import annotations

import pytest

from extractors.form.checkboxes import DirectionMark, read_directions
from extractors.form.table import find_grid
from extractors.marks.level import Level
from extractors.types import Line, PageView
from models.template import DIRECTION_IDS
from tests.extractors import formpage as fp


def _read(view: PageView) -> dict[str, DirectionMark]:
    grid = find_grid(view)
    assert grid is not None
    marks = read_directions(view, list(view.lines), grid.level, grid.ink)
    assert [m.id for m in marks] == list(DIRECTION_IDS)
    return {m.id: m for m in marks}


def _checked(marks: dict[str, DirectionMark]) -> set[str]:
    return {did for did, m in marks.items() if m.checked}


@pytest.mark.parametrize("style", fp.TICK_STYLES)
def test_each_tick_style_is_seen_and_only_there(style: str) -> None:
    view = fp.views(fp.FormSpec(ticks={"4": style}))[0]
    marks = _read(view)
    assert _checked(marks) == {"4"}
    assert all(m.checked is False for did, m in marks.items() if did != "4")
    assert marks["4"].confidence >= 0.6
    assert marks["4"].box is not None


def test_empty_form_has_nothing_ticked_and_every_box_found() -> None:
    marks = _read(fp.views(fp.FormSpec())[0])
    assert _checked(marks) == set()
    assert all(m.box is not None and m.confidence >= 0.8 for m in marks.values())


def test_two_ticks_and_other_with_its_text() -> None:
    spec = fp.FormSpec(ticks={"1": "check", "other": "hand"}, other_text="5G+智慧药房")
    marks = _read(fp.views(spec)[0])
    assert _checked(marks) == {"1", "other"}
    assert marks["other"].text == "5G+智慧药房"
    assert marks["1"].text is None


def test_other_without_text_is_none() -> None:
    marks = _read(fp.views(fp.FormSpec(ticks={"2": "cross"}))[0])
    assert marks["other"].text is None


@pytest.mark.parametrize("per_row", [1, 2, 3])
def test_rows_of_one_to_three_boxes(per_row: int) -> None:
    spec = fp.FormSpec(ticks={"3": "filled", "8": "check"}, per_row=per_row)
    assert _checked(_read(fp.views(spec)[0])) == {"3", "8"}


def test_boxes_printed_as_glyphs_that_ocr_reads_as_a_character() -> None:
    spec = fp.FormSpec(ticks={"6": "check"}, glyph_boxes=True)
    assert _checked(_read(fp.views(spec)[0])) == {"6"}


@pytest.mark.parametrize("skew", [-2.0, 1.2])
def test_skewed_noisy_scan(skew: float) -> None:
    spec = fp.FormSpec(ticks={"2": "hand", "7": "cross"}, per_row=2)
    marks = _read(fp.views(spec, skew=skew, noise=True, dpi=150)[0])
    assert _checked(marks) == {"2", "7"}
    assert sum(m.box is not None for m in marks.values()) == 9


def test_low_resolution_scan_with_ticks() -> None:
    spec = fp.FormSpec(ticks={"5": "boxed_check", "other": "overflow"}, other_text="5G+养老")
    marks = _read(fp.views(spec, skew=0.7, noise=True, dpi=110)[0])
    assert _checked(marks) == {"5", "other"}


def test_label_without_a_box_reads_unticked_with_low_confidence() -> None:
    view = fp.views(fp.FormSpec())[0]
    # The same labels on a blank image: no box to be found anywhere.
    assert view.image is not None
    view.image[:] = 255
    marks = read_directions(view, list(view.lines), Level.of(view, 0.0))
    assert all(m.checked is False and m.confidence < 0.6 for m in marks)


def test_tick_read_by_ocr_in_place_of_a_missing_box() -> None:
    view = fp.views(fp.FormSpec())[0]
    assert view.image is not None
    view.image[:] = 255
    lines = [Line(ln.text.replace("方向3", "√方向3"), ln.box) for ln in view.lines]
    marks = {m.id: m for m in read_directions(view, lines, Level.of(view, 0.0))}
    assert marks["3"].checked is True
    assert marks["1"].checked is False


def test_no_labels_means_nothing_known() -> None:
    view = fp.views(fp.FormSpec())[0]
    lines = [ln for ln in view.lines if "方向" not in ln.text]
    marks = read_directions(view, lines, Level.of(view, 0.0))
    assert all(m.checked is None for m in marks)


@pytest.mark.parametrize(("noise", "dpi"), [(False, 150), (True, 150), (True, 120)])
def test_a_tick_rising_on_into_the_box_above_counts_for_its_own_box_only(
    noise: bool, dpi: int
) -> None:
    # At 120 dpi the tick hides its box's outline, and a 口 in the label's 监 is a square.
    spec = fp.FormSpec(ticks={"4": "steep"}, per_row=1)
    marks = _read(fp.views(spec, noise=noise, skew=0.5 if noise else 0.0, dpi=dpi)[0])
    assert _checked(marks) == {"4"}
    assert marks["3"].confidence >= 0.8


def test_two_ticks_one_above_the_other_both_count_where_one_runs_into_the_other() -> None:
    spec = fp.FormSpec(ticks={"3": "steep", "4": "steep", "7": "overflow"}, per_row=1)
    assert _checked(_read(fp.views(spec, noise=True)[0])) == {"3", "4", "7"}


@pytest.mark.parametrize("per_row", [1, 3])
def test_an_empty_form_on_a_coarse_noisy_scan_has_nothing_ticked(per_row: int) -> None:
    marks = _read(fp.views(fp.FormSpec(per_row=per_row), skew=-1.0, noise=True, dpi=120)[0])
    assert _checked(marks) == set()
    assert all(m.checked is False for m in marks.values())
