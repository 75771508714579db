"""The form as hundreds of people fill the Word template: labels spaced out or respelt, other
column widths, values wrapping, partner units in one cell, a table broken over two pages, the
introduction carried on to a 附页, and ticks typed as glyphs (issue 9, Forms)."""

from __future__ import annotations

import numpy as np
import pytest

from extractors.form.read import read_application
from extractors.types import Line
from models.result import Application
from tests.extractors import formpage as fp

LONG_UNITS = (
    "中国联合网络通信有限公司上海市分公司",
    "复旦大学附属华山医院",
    "上海市卫生健康委员会信息中心",
)


def _read(spec: fp.FormSpec, pages: int = 1) -> Application:
    app, _ = read_application(fp.views(spec), ["other"] * pages)
    assert app.present
    return app


def _assert_fields(app: Application, spec: fp.FormSpec) -> None:
    got = {key: field.value for key, field in app.fields}
    assert got["project_name"] == spec.project_name
    assert got["lead_unit"] == spec.lead_unit
    assert got["leader"] == spec.leader
    assert got["leader_title"] == spec.leader_title
    assert got["contact_name"] == spec.contact[0]
    assert got["contact_phone"] == "021-61234567"
    assert got["contact_email"] == "li.min@sh-hospital.cn"
    assert got["partner_units"] == list(spec.partners)
    assert got["summary"] == spec.summary
    assert got["leader_signed"] is True and got["unit_sealed"] is True


@pytest.mark.parametrize(
    "labels",
    [
        {
            "项目名称": "项 目 名 称",
            "申报主体单位": "申 报 主 体 单 位",
            "项目负责人": "项 目 负 责 人",
        },
        {"项目负责人": "负责人"},
        {"联系电话": "手机", "联系邮箱": "E-mail"},
        {"联系电话": "手机号码", "联系邮箱": "电子信箱"},
        {"联系电话": "联系手机", "联系邮箱": "e-mail", "项目联系人": "联系人"},
    ],
)
@pytest.mark.parametrize("contact_rows", [True, False])
def test_label_variants(labels: dict[str, str], contact_rows: bool) -> None:
    spec = fp.FormSpec(labels=labels, contact_rows=contact_rows)
    _assert_fields(_read(spec), spec)


@pytest.mark.parametrize("label_w", [80.0, 140.0])
def test_other_column_widths(label_w: float) -> None:
    # 80 pt pushes the label column's instruction over the ruling: its ")" is no value.
    spec = fp.FormSpec(label_w=label_w)
    _assert_fields(_read(spec), spec)


def test_values_wrapping_over_lines() -> None:
    spec = fp.FormSpec(
        project_name="基于5G网络的区域协同急救与远程会诊一体化智慧医疗服务平台建设与应用示范项目",
        lead_unit="上海交通大学医学院附属瑞金医院（上海市第一人民医院）",
        partners=LONG_UNITS,
    )
    _assert_fields(_read(spec), spec)


@pytest.mark.parametrize("sep", ["、", "，", "；", ";", "\n"])
def test_partner_units_in_one_cell(sep: str) -> None:
    spec = fp.FormSpec(partner_rows=False, partner_sep=sep, partners=LONG_UNITS)
    _assert_fields(_read(spec), spec)


def test_table_broken_across_two_pages() -> None:
    spec = fp.FormSpec(table_break=True, summary=fp.FormSpec().summary * 6)
    app = _read(spec, 2)
    _assert_fields(app, spec)
    assert {e.page for e in app.fields.partner_units.evidence} == {2}


def test_introduction_continued_on_an_attached_page() -> None:
    spec = fp.FormSpec(attachment=True, summary=fp.FormSpec().summary * 6)
    app = _read(spec, 2)
    _assert_fields(app, spec)
    assert {e.page for e in app.fields.summary.evidence} == {1, 2}


@pytest.mark.parametrize("glyph", ["☑", "☒", "■", "√"])
def test_ticks_typed_as_glyphs(glyph: str) -> None:
    app = _read(fp.FormSpec(glyph_boxes=True, ticks={"3": f"glyph:{glyph}", "7": "glyph:□"}))
    assert [d.id for d in app.directions if d.checked] == ["3"]
    assert all(d.checked is False for d in app.directions if d.id != "3")


@pytest.mark.parametrize("glyph_boxes", [False, True])
@pytest.mark.parametrize("per_row", [1, 2, 3])
def test_a_ring_round_the_chosen_label(glyph_boxes: bool, per_row: int) -> None:
    spec = fp.FormSpec(glyph_boxes=glyph_boxes, per_row=per_row, ticks={"5": "circle"})
    app = _read(spec)
    assert [d.id for d in app.directions if d.checked] == ["5"]
    assert all(d.checked is False for d in app.directions if d.id != "5")


def test_a_ring_on_a_skewed_noisy_scan_beside_a_tick() -> None:
    spec = fp.FormSpec(ticks={"2": "check", "6": "circle"})
    app, _ = read_application(fp.views(spec, skew=1.5, noise=True), ["other"])
    assert [d.id for d in app.directions if d.checked] == ["2", "6"]


def test_value_characters_left_in_the_label_cell_by_a_cut_line() -> None:
    # OCR read 申报主体单位复旦… as one line across the ruling; cut at the wrong gap, its
    # first character stayed in the label's cell.
    spec = fp.FormSpec(lead_unit="复旦大学附属儿科医院")
    view = fp.views(spec)[0]
    lines = list(view.lines)
    at = next(i for i, ln in enumerate(lines) if ln.text == "申报主体单位")
    to = next(i for i, ln in enumerate(lines) if ln.text == spec.lead_unit)
    lines[at] = Line("申报主体单位复", lines[at].box, lines[at].confidence)
    lines[to] = Line("旦大学附属儿科医院", lines[to].box, lines[to].confidence)
    view.lines = lines
    app, _ = read_application([view], ["other"])
    assert app.fields.lead_unit.value == spec.lead_unit
    assert app.fields.project_name.value == spec.project_name


def test_rulings_above_and_below_a_label_are_no_ring() -> None:
    """The 其他方向 row sits tight between table rulings: straight lines crossing both bands
    are not a ring; a pen ellipse round another label still is."""
    from dataclasses import dataclass as _dc

    import cv2

    from extractors.form.circled import circled

    @_dc
    class Anchor:
        x: float
        cy: float
        h: float

    gray = np.full((400, 600), 255, np.uint8)
    anchors = {str(i): Anchor(60.0, 40.0 + 40 * i, 20.0) for i in range(1, 8)}
    anchors["other"] = Anchor(60.0, 360.0, 20.0)
    for a in anchors.values():  # the printed labels
        cv2.rectangle(gray, (60, int(a.cy - 9)), (140, int(a.cy + 9)), 0, -1)
    cv2.line(gray, (0, 344), (599, 344), 0, 2)  # rulings in both of other's bands
    cv2.line(gray, (0, 376), (599, 376), 0, 2)
    assert circled(gray, 128, anchors, 20.0) == set()
    cv2.ellipse(gray, (100, 120), (60, 17), 0, 0, 360, 0, 2)  # a ring round label 2
    assert circled(gray, 128, anchors, 20.0) == {"2"}


def test_a_label_outside_the_grid_reaches_the_value_cell_it_runs_into() -> None:
    # A phone photo: the label column's rulings were not found, so 项目名称 is the piece of
    # an OCR line cut where the value's ruled cell begins, and its box ends inside that cell.
    from extractors.form.cells import FormCell, right_of

    label = FormCell(
        (89.0, 146.0, 165.0, 164.0), (Line("项目名称", (89.0, 146.0, 165.0, 164.0)),), False
    )
    value_line = Line("5G+公共卫生应急指挥与疫苗冷链监测应用", (165.0, 146.0, 372.0, 164.0))
    value = FormCell((158.0, 137.0, 535.0, 174.0), (value_line,), True)
    below_it = FormCell(
        (158.0, 172.0, 536.0, 208.0),
        (Line("上海市第六人民医院", (166.0, 180.0, 264.0, 199.0)),),
        True,
    )
    assert right_of(label, [label, value, below_it], set()) == [value]
    # A ruled label cell keeps the tight tolerance: a cell reaching well left of its right
    # edge is not beside it.
    ruled = FormCell(label.box, label.lines, True)
    assert right_of(ruled, [ruled, value, below_it], set()) == []


def test_a_label_cut_in_two_by_a_ruling_is_whole_again() -> None:
    # OCR read 项目联系人 and 姓名：李敏… as one line across the ruling and cut it one
    # character late: 姓 stayed in the label's cell, 名：李敏… began the value's.
    spec = fp.FormSpec(contact_rows=False)
    view = fp.views(spec)[0]
    lines = list(view.lines)
    at = next(i for i, ln in enumerate(lines) if ln.text == "项目联系人")
    to = next(i for i, ln in enumerate(lines) if ln.text.startswith("姓名："))
    lines[at] = Line("项目联系人姓", lines[at].box, lines[at].confidence)
    lines[to] = Line(lines[to].text[1:], lines[to].box, lines[to].confidence)
    view.lines = lines
    app, _ = read_application([view], ["other"])
    assert app.fields.contact_name.value == spec.contact[0]
    assert app.fields.contact_phone.value == spec.contact[1]
    assert app.fields.project_name.value == spec.project_name


def test_partner_units_split_where_ocr_read_the_semicolon_as_a_colon() -> None:
    from extractors.form.values import split_units

    cell = ["上海中医药大学附属曙光医院：上海市疾病预防控制中心：上海市东方医院"]
    assert split_units(cell) == [
        "上海中医药大学附属曙光医院",
        "上海市疾病预防控制中心",
        "上海市东方医院",
    ]
    # a colon that does not follow a unit's ending is part of the name
    assert split_units(["上海市某某医院（地址：闵行区）"]) == ["上海市某某医院（地址：闵行区）"]


def test_a_list_number_left_before_a_partner_unit_is_dropped() -> None:
    from extractors.form.values import split_units

    assert split_units(["上海大学", "2.上海交通大学"]) == ["上海大学", "上海交通大学"]
    assert split_units(["上海大学", "2、上海交通大学"]) == ["上海大学", "上海交通大学"]


@pytest.mark.parametrize("spacing", [1.55, 1.7])
def test_rings_round_labels_set_at_a_tight_line_spacing(spacing: float) -> None:
    # The label lines' boxes are 1.3 em tall: bands measured by them reached the next rows.
    spec = fp.FormSpec(ticks={"2": "circle", "8": "circle"}, per_row=2, spacing=spacing)
    app, _ = read_application(fp.views(spec, noise=True), ["other"])
    assert [d.id for d in app.directions if d.checked] == ["2", "8"]
