"""The application form read end to end from small rendered pages: which pages, each field's
value and evidence, the introduction across pages, signing row, and "label：value" lines
without rulings; plus the value cleaners."""

from __future__ import annotations

import pytest

from extractors.form.read import form_pages, read_application
from extractors.form.rules import rules
from extractors.form.values import clean_email, clean_phone, clean_summary, split_units
from extractors.types import Line, PageView
from models.result import Application
from tests.extractors import formpage as fp
from tests.extractors.viewkit import view as text_view


def _read(views: list[PageView], kinds: list[str] | None = None) -> Application:
    app, _ = read_application(views, kinds or ["other"] * len(views))  # type: ignore[arg-type]
    return app


def _values(app: Application) -> dict[str, object]:
    return {key: field.value for key, field in app.fields}


def test_rules_load_and_are_compacted() -> None:
    r = rules()
    assert "申报主体单位(盖章)" in r.labels["unit_sealed"]
    assert r.directions.clear < r.directions.ticked


@pytest.mark.parametrize("contact_rows", [True, False])
@pytest.mark.parametrize("partner_rows", [True, False])
def test_fields_from_the_ruled_table(contact_rows: bool, partner_rows: bool) -> None:
    spec = fp.FormSpec(contact_rows=contact_rows, partner_rows=partner_rows, ticks={"1": "check"})
    app = _read(fp.views(spec))
    got = _values(app)
    assert app.present
    assert got["project_name"] == spec.project_name
    assert got["lead_unit"] == spec.lead_unit
    assert got["leader"] == spec.leader
    assert got["leader_title"] == spec.leader_title
    assert got["contact_name"] == "李敏"
    assert got["contact_phone"] == "021-61234567"
    assert got["contact_email"] == "li.min@sh-hospital.cn"
    assert got["partner_units"] == list(spec.partners)
    assert got["summary"] == spec.summary
    assert got["filled_date"] == "2023-09-15"
    assert got["leader_signed"] is True
    assert got["unit_sealed"] is True
    assert [d.checked for d in app.directions] == [True] + [False] * 8


def test_every_value_has_evidence_on_its_page() -> None:
    app = _read(fp.views(fp.FormSpec()))
    for key, field in app.fields:
        assert field.confidence is not None and 0 <= field.confidence <= 1, key
        assert field.evidence and field.evidence[0].page == 1, key
        assert field.evidence[0].bbox is not None, key
    name = app.fields.project_name.evidence[0]
    assert name.text == "5G智慧急救一体化平台建设项目"
    assert name.bbox is not None and name.bbox[0] > fp.VX  # the value, not the label


def test_skewed_noisy_scan_reads_the_same() -> None:
    spec = fp.FormSpec(ticks={"2": "hand", "other": "cross"}, other_text="5G+智慧药房")
    app = _read(fp.views(spec, skew=1.5, noise=True))
    got = _values(app)
    assert got["leader"] == spec.leader and got["contact_phone"] == "021-61234567"
    assert got["summary"] == spec.summary
    other = app.directions[-1]
    assert other.checked is True and other.text == "5G+智慧药房"
    assert [d.id for d in app.directions if d.checked] == ["2", "other"]


def test_introduction_continued_on_the_next_page() -> None:
    spec = fp.FormSpec(summary="本项目" + "建设完成并投入使用，" * 12 + "成效明显。")
    app, warnings = read_application(fp.views(spec, summary_pages=2), ["other", "other"])
    assert app.fields.summary.value == spec.summary
    assert {e.page for e in app.fields.summary.evidence} == {1, 2}
    assert app.fields.leader_signed.value is True  # signing row on page 2
    assert not [w for w in warnings if w.code == "summary_too_long"]


def test_too_long_introduction_is_warned() -> None:
    spec = fp.FormSpec(summary="项目进展顺利，" * 80)
    _, warnings = read_application(fp.views(spec, summary_pages=2), ["other", "other"])
    assert [w.code for w in warnings].count("summary_too_long") == 1


def test_blank_date_unsigned_unsealed() -> None:
    spec = fp.FormSpec(filled="", signed=False, sealed=False)
    got = _values(_read(fp.views(spec)))
    assert got["filled_date"] is None
    assert got["leader_signed"] is False
    assert got["unit_sealed"] is False


def test_label_value_lines_without_rulings() -> None:
    page = text_view(
        [
            "5G+医疗健康应用试点项目验收申请书",
            "填报时间：2023年10月8日",
            "项目名称：5G远程超声诊断示范",
            "申报主体单位：上海市第六人民医院",
            ["项目负责人：张伟", "职务/职称：教授"],
            ["姓名：陈晨", "联系电话：138 1234 5678", "联系邮箱：Chen.Chen ＠163.com"],
            "联合申报单位：上海电信、华东医院；同济大学",
            "试点项目介绍：",
            "项目完成了远程超声系统部署，",
            "覆盖10家社区卫生服务中心。",
            ["负责人（签名）：", "申报主体单位（盖章）："],
        ]
    )
    got = _values(_read([page]))
    assert got["project_name"] == "5G远程超声诊断示范"
    assert got["lead_unit"] == "上海市第六人民医院"
    assert got["leader"] == "张伟" and got["leader_title"] == "教授"
    assert got["contact_name"] == "陈晨"
    assert got["contact_phone"] == "13812345678"
    assert got["contact_email"] == "chen.chen@163.com"
    assert got["partner_units"] == ["上海电信", "华东医院", "同济大学"]
    assert got["summary"] == "项目完成了远程超声系统部署，覆盖10家社区卫生服务中心。"
    assert got["filled_date"] == "2023-10-08"


def test_form_found_by_its_cues_whatever_the_classifier_says() -> None:
    report = text_view(["5G+医疗健康应用试点项目验收总结报告", "一、试点项目总体进展情况"])
    form = fp.views(fp.FormSpec())
    views = [report, *form]
    for i, v in enumerate(views):
        v.number = i + 1
    assert form_pages(views, ["report_cover", "other"]) == [1]
    assert form_pages(views, ["report_cover", "report_body"]) == [1]
    app = _read(views)
    assert app.present and app.directions[0].page == 2


def test_no_form_means_not_present() -> None:
    report = text_view(["5G+医疗健康应用试点项目年度总结报告", "项目名称：远程超声诊断示范"])
    app, warnings = read_application([report], ["report_cover"])
    assert not app.present and warnings == []
    assert all(d.checked is None for d in app.directions)


def test_prose_that_names_a_label_is_not_one() -> None:
    page = text_view(
        [
            "项目负责人带领团队完成了全部建设任务，并组织开展了多轮培训和推广交流活动，"
            "取得了良好的社会效益。"
        ]
    )
    app, _ = read_application([page], ["application_form"])
    assert app.fields.leader.value is None


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("021-61234567", "021-61234567"),
        ("021 6123 4567", "021-61234567"),
        ("02161234567", "021-61234567"),
        ("0571-8765432", "0571-8765432"),
        ("138 1234 5678", "13812345678"),
        ("l38I234S678", "13812345678"),
        ("12", None),
    ],
)
def test_clean_phone(raw: str, phone: str | None) -> None:
    assert clean_phone(raw) == phone


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        ("Li.Min@SH-Hospital.cn", "li.min@sh-hospital.cn"),
        ("li min ＠ 163.com", "limin@163.com"),
        ("wang(at)fudan.edu.cn", "wang@fudan.edu.cn"),
        ("zhang@tongji.edu.dn", "zhang@tongji.edu.cn"),
        ("liu©qq.com", "liu@qq.com"),
        ("chen，wei@126。com", "chen.wei@126.com"),
    ],
)
def test_clean_email(raw: str, email: str) -> None:
    assert clean_email(raw) == email


def test_split_units_leave_out_the_labels_tail_and_row_numbers() -> None:
    """A narrow label column pushes "（可扩行）" (OCR reading a row number into it) and the row
    numbers of a numbered table into the value cell; a bracket that closes nothing ends a name."""
    assert split_units(["(可扩1行)", "上海联影医疗科技股份有限公司", "2", "上海大学"]) == [
        "上海联影医疗科技股份有限公司",
        "上海大学",
    ]
    assert split_units(["上海中医药大学附属曙光医院）中国电信股份有限公司上海分公司"]) == [
        "上海中医药大学附属曙光医院",
        "中国电信股份有限公司上海分公司",
    ]
    assert split_units([".上海商汤智能科技有限公司"]) == ["上海商汤智能科技有限公司"]
    assert split_units(["东软集团（上海）有限公司、复旦大学"]) == [
        "东软集团（上海）有限公司",
        "复旦大学",
    ]


def test_split_units() -> None:
    assert split_units(["上海电信、华东医院", "；同济大学"]) == ["上海电信", "华东医院", "同济大学"]
    assert split_units(["1. 上海市第一人民医院", "2. 同济大学"]) == [
        "上海市第一人民医院",
        "同济大学",
    ]
    assert split_units(["1、上海市第一人民", "医院", "2、同济大学"]) == [
        "上海市第一人民医院",
        "同济大学",
    ]
    assert split_units(["（1）上海联通", "（2）复旦大学附属", "华山医院"]) == [
        "上海联通",
        "复旦大学附属华山医院",
    ]
    assert split_units(["上海市第一人民医院", "同济大学"]) == ["上海市第一人民医院", "同济大学"]


def test_clean_summary_drops_the_instruction_and_attachment_note() -> None:
    text = clean_summary(
        ["（说明项目完成情况、应用效果等，500字以内，可附页）", "本项目已完成。", "（详见附页）"]
    )
    assert text == "本项目已完成。"


def test_lines_keep_their_confidence_in_the_field() -> None:
    page = text_view(["项目名称：远程超声诊断示范", "申报主体单位：华东医院", "项目申报方向"])
    page.lines = [Line(ln.text, ln.box, 0.5) for ln in page.lines]
    app, _ = read_application([page], ["application_form"])
    assert app.fields.project_name.confidence is not None
    assert app.fields.project_name.confidence < 0.6
