"""Cover fields: values after their labels, markers stripped, date, signature and seal; with
the reconcile stage after the reader, as the pipeline runs them (names against repeats)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from extractors.layout import classify_pages
from extractors.marks.signatures import SignatureFind
from extractors.reconcile.stage import reconcile
from extractors.report import cover
from extractors.report.cover import clean_value
from extractors.text.normalize import compact, comparable
from extractors.types import Line, PageView, SealFind
from models.result import Application, PageKind, ReportFields, Warning
from tests.extractors.viewkit import corpus_names, corpus_views, prose, view

KINDS: list[PageKind] = ["report_cover", "report_body"]
TITLE = "5G+医疗健康应用试点项目年度总结报告"


def read_cover(
    views: list[PageView], kinds: list[PageKind], fields: ReportFields
) -> tuple[ReportFields, list[Warning]]:
    """The cover reader, then the reconcile stage over its reading."""
    read = cover.read_cover(views, kinds, fields)
    return read.fields, reconcile(views, read, Application()).warnings


def _read(
    rows: list[str | list[str]], seals: list[SealFind] | None = None, image: bool = False
) -> tuple[ReportFields, list[str]]:
    page = view(rows)
    page.seals = seals or []
    if image:
        page.image = np.full((1170, 827), 255, dtype=np.uint8)
        page.dpi = 100.0
    fields, warnings = read_cover([page, view(prose(10), number=2)], KINDS, ReportFields())
    return fields, [w.code for w in warnings]


def test_plain_cover() -> None:
    fields, warnings = _read(
        [
            TITLE,
            "项目名称：基于5G的远程超声诊断示范应用",
            "项目负责人：张伟（签字）",
            "项目牵头单位：上海市第六人民医院（盖章）",
            "2023年9月15日",
        ]
    )
    assert fields.project_name.value == "基于5G的远程超声诊断示范应用"
    assert fields.leader.value == "张伟"
    assert fields.lead_unit.value == "上海市第六人民医院"
    assert fields.date.value == "2023-09-15"
    assert warnings == []
    evidence = fields.lead_unit.evidence[0]
    assert evidence.page == 1 and evidence.bbox is not None and "牵头单位" in evidence.text
    # the value's box starts after the label
    assert evidence.bbox[0] > 72 + 6 * 12
    assert all(0 < (f.confidence or 0) <= 1 for f in (fields.project_name, fields.leader))


def test_ocr_split_labels_and_values() -> None:
    fields, _ = _read(
        [
            TITLE,
            ["项目名称:", "5G+远程康复治疗一体化", "应用"],
            ["项目负责人", ":", "袁敏蓉", "(签 字)"],
            ["项目牵头单", "位： 上海联影医疗科技股份有限公司 (盖章"],
            "二〇二三年九月十六日",
        ]
    )
    assert fields.project_name.value == "5G+远程康复治疗一体化应用"
    assert fields.leader.value == "袁敏蓉"
    assert fields.lead_unit.value == "上海联影医疗科技股份有限公司"
    assert fields.date.value == "2023-09-16"


def test_misread_label_and_underscores() -> None:
    fields, _ = _read(
        [
            TITLE,
            "顶目名称：____远程影像诊断平台____",
            "项目负责人：________（签字）",
            "项目牵头单立：上海市第十人民医院",
            "2023年九月六日",
        ]
    )
    assert fields.project_name.value == "远程影像诊断平台"
    assert fields.project_name.confidence is not None and fields.project_name.confidence < 0.95
    assert fields.leader.value is None  # signed only, or left blank
    assert fields.lead_unit.value == "上海市第十人民医院"
    assert fields.date.value == "2023-09-06"


def test_long_name_wraps_onto_the_next_row() -> None:
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：5G智慧重症监护病房建设与区域协同",
        "示范应用",
        "项目负责人：丁军（签字）",
        "项目牵头单位：上海商汤智能科技有限公司",
    ]
    fields, _ = _read(rows)
    assert fields.project_name.value == "5G智慧重症监护病房建设与区域协同示范应用"
    assert len(fields.project_name.evidence) == 2


def test_missing_fields_are_warned() -> None:
    fields, warnings = _read([TITLE, "项目名称：远程超声", "年  月  日"])
    assert fields.leader.value is None and fields.date.value is None
    assert warnings.count("cover_field_missing") == 2


def test_warnings_are_written_in_chinese() -> None:
    page = view(_cover_rows())
    page.seals = [SealFind(SEAL_BOX, 0.9, "复旦大学附属中山医院")]
    _, warnings = read_cover([page, view(prose(10), number=2)], KINDS, ReportFields())
    assert [w.message for w in warnings] == [
        "封面印章印文为「复旦大学附属中山医院」，与牵头单位「上海市第六人民医院」不符"
    ]
    bare = view([TITLE, "项目名称：远程超声"])
    _, missing = read_cover([bare, view(prose(10), number=2)], KINDS, ReportFields())
    assert sorted(w.message for w in missing) == [
        "报告封面未找到牵头单位",
        "报告封面未找到项目负责人",
    ]


def test_no_report_leaves_fields_alone() -> None:
    fields, warnings = read_cover([view(prose(3))], ["other"], ReportFields())
    assert fields.project_name.value is None and warnings == []


SEAL_BOX = (250.0, 110.0, 370.0, 230.0)  # over the lead unit's row (y 128..142 is row 3)


def _cover_rows(unit: str = "上海市第六人民医院") -> list[str | list[str]]:
    return [
        TITLE,
        "项目名称：远程超声诊断",
        "项目负责人：张伟（签字）",
        f"项目牵头单位：{unit}（盖章）",
    ]


def test_seal_near_the_unit() -> None:
    fields, warnings = _read(_cover_rows(), [SealFind(SEAL_BOX, 0.95, "上海市第六人民医院")])
    assert fields.unit_sealed.value is True and (fields.unit_sealed.confidence or 0) > 0.9
    assert fields.unit_sealed.evidence[0].bbox == SEAL_BOX
    assert "seal_unit_mismatch" not in warnings


def test_no_seal() -> None:
    fields, _ = _read(_cover_rows(), [], image=True)
    assert fields.unit_sealed.value is False and (fields.unit_sealed.confidence or 0) >= 0.8


def test_seal_naming_another_unit_is_warned() -> None:
    _, warnings = _read(_cover_rows(), [SealFind(SEAL_BOX, 0.9, "复旦大学附属中山医院")])
    assert "seal_unit_mismatch" in warnings


def test_illegible_seal_text_is_no_evidence() -> None:
    _, warnings = _read(_cover_rows(), [SealFind(SEAL_BOX, 0.9, "章")])
    assert "seal_unit_mismatch" not in warnings


def test_seal_restores_a_character_it_covered() -> None:
    fields, warnings = _read(
        _cover_rows("上海市第六人民院"), [SealFind(SEAL_BOX, 0.9, "上海市第六人民医院★")]
    )
    assert fields.lead_unit.value == "上海市第六人民医院"
    assert fields.lead_unit.confidence == pytest.approx(0.7)
    assert warnings == []


def test_leader_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Line] = []

    def fake(view: PageView, label: Line) -> SignatureFind:
        seen.append(label)
        present = "签字" in label.text
        return SignatureFind(present, 0.8 if present else 0.6, (300.0, 90.0, 360.0, 110.0))

    monkeypatch.setattr(cover, "detect_signature", fake)
    fields, _ = _read(_cover_rows(), image=True)
    assert fields.leader_signed.value is True
    assert fields.leader_signed.confidence == pytest.approx(0.8)
    assert any("签字" in line.text for line in seen)


def test_a_signature_taken_for_a_small_seal_is_no_seal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The seal finder took the leader's scrawl for a textless mark 20 mm across; the unit's
    # seal itself is missing.
    signature = (300.0, 90.0, 360.0, 110.0)
    monkeypatch.setattr(
        cover, "detect_signature", lambda view, label: SignatureFind(True, 0.8, signature)
    )
    scrawl = SealFind((295.0, 85.0, 352.0, 118.0), 0.62, None)
    fields, _ = _read(_cover_rows(), [scrawl], image=True)
    assert fields.leader_signed.value is True
    assert fields.unit_sealed.value is False
    # Letters OCR read in the pen's strokes are not a seal's text; Chinese rim text is.
    fields, _ = _read(_cover_rows(), [replace(scrawl, text="An")], image=True)
    assert fields.unit_sealed.value is False
    fields, _ = _read(_cover_rows(), [replace(scrawl, text="人民医院")], image=True)
    assert fields.unit_sealed.value is True
    # A textless mark of an official seal's size is still a seal, over the signature or not.
    stamp = SealFind((280.0, 60.0, 400.0, 180.0), 0.9, None)
    fields, _ = _read(_cover_rows(), [stamp], image=True)
    assert fields.unit_sealed.value is True


def test_signature_unknown_without_an_image() -> None:
    fields, _ = _read(_cover_rows())
    assert fields.leader_signed.value is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("张三（签字）", "张三"),
        ("张三(字", "张三"),  # OCR dropped half the marker
        ("东软集团（上海）有限公司（盖章）", "东软集团(上海)有限公司"),
        ("___李四___", "李四"),
        ("某医院(上海)", "某医院(上海)"),
        ("马雯（签字）TZ2", "马雯"),  # OCR read the signature after the marker
        ("（签字）：马雯", "马雯"),
        ("\\上海市第一人民医院", "上海市第一人民医院"),  # a seal's rim stroke read as a symbol
        ("马雯|", "马雯"),
    ],
)
def test_clean_value(raw: str, value: str) -> None:
    assert clean_value(compact(raw)) == value


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("上海移远通信技术股份有限公司股", "上海移远通信技术股份有限公司"),  # seal ink read as 股
        ("上海市第六人民医院东院", "上海市第六人民医院东院"),
        ("复旦大学附属中山医院青浦分院", "复旦大学附属中山医院青浦分院"),
    ],
)
def test_trim_unit(raw: str, unit: str) -> None:
    assert cover.trim_unit(raw) == unit


def test_seal_text_below_the_unit_is_not_a_wrapped_name() -> None:
    rows: list[str | list[str]] = [*_cover_rows(), ["", "合同专用章"]]
    fields, _ = _read(rows, [SealFind(SEAL_BOX, 0.95, "上海市第六人民医院")])
    assert fields.lead_unit.value == "上海市第六人民医院"


def _corpus_params() -> list[Any]:
    return [
        *(pytest.param(n, marks=pytest.mark.slow) for n in corpus_names(scanned=False)),
        *(
            pytest.param(n, marks=[pytest.mark.slow, pytest.mark.ocr])
            for n in corpus_names(scanned=True)
        ),
    ]


@pytest.mark.parametrize("name", _corpus_params())
def test_corpus_cover_text_fields(name: str) -> None:
    views, truth = corpus_views(name)
    fields, _ = read_cover(views, classify_pages(views), ReportFields())
    want = truth["report"].get("fields", {})
    for key in ("project_name", "leader", "lead_unit", "date"):
        if key not in want:
            continue
        got, expected = getattr(fields, key).value, want[key]["value"]
        if key != "date" and isinstance(got, str) and isinstance(expected, str):
            got, expected = comparable(got), comparable(expected)
        assert got == expected, key


def test_names_are_restored_from_their_repeats() -> None:
    form_page = view(
        [
            "5G+医疗健康应用试点项目验收申请书",
            ["项目名称", "5G+医联体远程诊断与居民健康管理协同应用"],
            ["申报主体单位", "上海交通大学医学院附属第九人民医院"],
        ],
        number=2,
    )
    cover_page = view(
        [
            TITLE,
            "项目名称：5G+医联体远程诊断与居民健管理协同应用",  # 康 lost
            "项目负责人：张伟（签字）",
            "项目牵头单位：上海交通大学医学院附属第九人民医",
        ]
    )
    fields, _ = read_cover(
        [cover_page, form_page], ["report_cover", "application_form"], ReportFields()
    )
    assert fields.project_name.value == "5G+医联体远程诊断与居民健康管理协同应用"
    assert fields.lead_unit.value == "上海交通大学医学院附属第九人民医院"  # 院 under the seal
    assert fields.project_name.evidence[-1].page == 2
    assert (fields.project_name.confidence or 1) <= 0.8


def test_a_confirmed_name_is_surer() -> None:
    rows = _cover_rows()
    alone, _ = _read(rows)
    page = view(rows)
    body = view(["本项目由上海市第六人民医院牵头实施。", *prose(5)], number=2)
    confirmed, _ = read_cover([page, body], KINDS, ReportFields())
    assert (confirmed.lead_unit.confidence or 0) > (alone.lead_unit.confidence or 0)


def test_signature_over_a_garbled_name_is_looked_for_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake(view: PageView, label: Line) -> SignatureFind:
        # like the real detector: ink inside an OCR line's box counts as print
        hidden = any("变" in ln.text for ln in view.lines)
        return SignatureFind(not hidden, 0.8, None if hidden else (150.0, 96.0, 220.0, 118.0))

    monkeypatch.setattr(cover, "detect_signature", fake)
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：远程超声诊断",
        "项目负责人：变（(字）",
        "项目牵头单位：上海市第六人民医院",
    ]
    form = view([["项目负责人", "马磊雯", "职务/职称", "主任医师"]], number=2)
    page = view(rows)
    page.image = np.full((1170, 827), 255, dtype=np.uint8)
    page.dpi = 100.0
    fields, warnings = read_cover(
        [page, form], ["report_cover", "application_form"], ReportFields()
    )
    assert fields.leader_signed.value is True
    assert (fields.leader_signed.confidence or 1) <= 0.65
    assert fields.leader.value == "马磊雯" and fields.leader.evidence[-1].page == 2
    assert "cover_field_missing" not in [w.code for w in warnings]


def test_strokes_read_as_extra_characters_after_the_name_are_dropped() -> None:
    # OCR read a signature's tail as characters (宋静颖 -> 宋静颖源); the form's own cell
    # says who leads, and the cover's value starts with it.
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：远程超声诊断",
        "项目负责人：宋静颖源（签字）",
        "项目牵头单位：上海市第六人民医院",
    ]
    form = view([["项目负责人", "宋静颖", "职务/职称", "主任医师"]], number=2)
    fields, _ = read_cover([view(rows), form], ["report_cover", "application_form"], ReportFields())
    assert fields.leader.value == "宋静颖" and fields.leader.evidence[-1].page == 2
    # A different person on the form is not a reason to overwrite a clean cover value.
    other = view([["项目负责人", "马磊雯", "职务/职称", "主任医师"]], number=2)
    kept, _ = read_cover(
        [view([*rows[:2], "项目负责人：宋静颖（签字）", rows[3]]), other],
        ["report_cover", "application_form"],
        ReportFields(),
    )
    assert kept.leader.value == "宋静颖"


def test_a_character_lost_inside_the_name_under_the_strokes_comes_from_the_form() -> None:
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：远程超声诊断",
        "项目负责人：郭卓（签字）",  # 郭霞卓 signed across: the middle character lost
        "项目牵头单位：上海市第六人民医院",
    ]
    form = view([["项目负责人", "郭霞卓", "职务/职称", "主任医师"]], number=2)
    fields, _ = read_cover([view(rows), form], ["report_cover", "application_form"], ReportFields())
    assert fields.leader.value == "郭霞卓" and fields.leader.evidence[-1].page == 2


def test_name_mixed_with_the_signing_marker_is_flagged() -> None:
    # 苏海翔（签字） signed across: OCR kept one character of the name and part of the marker.
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：远程超声诊断",
        "项目负责人：苏字）",
        "项目牵头单位：上海市第六人民医院",
    ]
    fields, _ = read_cover([view(rows)], ["report_cover"], ReportFields())
    assert fields.leader.confidence is not None and fields.leader.confidence <= 0.4
    clean, _ = read_cover(
        [view([*rows[:2], "项目负责人：苏海翔（签字）", rows[3]])], ["report_cover"], ReportFields()
    )
    assert clean.leader.value == "苏海翔" and (clean.leader.confidence or 0) > 0.8


def test_two_cover_rows_ocr_ran_into_one_line_are_two_values() -> None:
    fields, _ = _read(
        [
            TITLE,
            "项目名称：面向长三角的5G远程会诊协同平台项目负责人:姜建洋",
            "项目牵头单位：上海市第六人民医院（盖章）",
            "2023年9月15日",
        ]
    )
    assert fields.project_name.value == "面向长三角的5G远程会诊协同平台"


def test_a_signature_stroke_read_as_a_letter_after_the_name_is_not_the_name() -> None:
    fields, _ = _read(
        [
            TITLE,
            "项目名称：基于5G的远程超声诊断示范应用",
            "项目负责人：董强娟V",
            "项目牵头单位：上海市第六人民医院（盖章）",
            "2023年9月15日",
        ]
    )
    assert fields.leader.value == "董强娟"


def test_a_cover_date_whose_year_lost_its_ring_numeral() -> None:
    fields, _ = _read(
        [
            TITLE,
            "项目名称：基于5G的远程超声诊断示范应用",
            "项目负责人：张伟（签字）",
            "项目牵头单位：上海市第六人民医院（盖章）",
            "二二二年九月二十一日",
        ]
    )
    assert fields.date.value == "2022-09-21"
    assert fields.date.confidence is not None and fields.date.confidence < 0.8  # flagged


def test_a_wrapped_name_ending_in_punctuation_still_wraps() -> None:
    fields, _ = _read(
        [
            TITLE,
            "项目名称：5G智慧重症监护病房建设与区域协同",
            "示范应用，",
            "项目负责人：丁军（签字）",
            "项目牵头单位：上海商汤智能科技有限公司",
        ]
    )
    assert fields.project_name.value == "5G智慧重症监护病房建设与区域协同示范应用"
