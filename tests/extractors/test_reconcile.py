"""The reconcile stage: readers report their own pages only; cross-document repairs happen
after them, each one logged with the path, the old and new value and a reason."""

from __future__ import annotations

from extractors.reconcile.stage import reconcile
from extractors.report.cover import read_cover
from extractors.types import SealFind
from models.result import Application, Evidence, Field, ReportFields
from tests.extractors.viewkit import view

TITLE = "5G+医疗健康应用试点项目年度总结报告"
COVER_ROWS: list[str | list[str]] = [
    TITLE,
    "项目名称：5G+医联体远程诊断与居民健管理协同应用",  # 康 lost
    "项目负责人：宋静颖源（签字）",  # a signature's tail read as a character
    "项目牵头单位：上海市第六人民院",  # 医 under the seal
]
FORM = view(
    [
        "5G+医疗健康应用试点项目验收申请书",
        ["项目名称", "5G+医联体远程诊断与居民健康管理协同应用"],
        ["项目负责人", "宋静颖", "职务/职称", "主任医师"],
    ],
    number=2,
)


def _cover(seal: bool = False) -> list:  # type: ignore[type-arg]
    page = view(COVER_ROWS)
    if seal:
        page.seals = [SealFind((250.0, 110.0, 370.0, 230.0), 0.9, "上海市第六人民医院★")]
    return [page, FORM]


def test_the_reader_reports_only_its_own_page() -> None:
    read = read_cover(_cover(), ["report_cover", "application_form"], ReportFields())
    assert read.page == 0
    assert read.fields.project_name.value == "5G+医联体远程诊断与居民健管理协同应用"
    assert read.fields.leader.value == "宋静颖源"
    assert all(e.page == 1 for e in read.fields.leader.evidence)


def test_every_repair_is_logged_with_its_reason() -> None:
    views = _cover(seal=True)
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    done = reconcile(views, read, Application())
    assert read.fields.project_name.value == "5G+医联体远程诊断与居民健康管理协同应用"
    assert read.fields.leader.value == "宋静颖"
    assert read.fields.lead_unit.value == "上海市第六人民医院"
    changed = {c.path: c for c in done.changes}
    name = changed["report.fields.project_name.value"]
    assert name.old == "5G+医联体远程诊断与居民健管理协同应用" and "第2页" in name.reason
    leader = changed["report.fields.leader.value"]
    assert (leader.old, leader.new) == ("宋静颖源", "宋静颖")
    unit = changed["report.fields.lead_unit.value"]
    assert unit.new == "上海市第六人民医院" and "印章" in unit.reason
    assert changed["report.fields.lead_unit.confidence"].new == 0.7
    assert done.warnings == []


def test_a_symbol_read_on_the_seals_rim_is_not_taken_into_the_unit() -> None:
    views = _cover(seal=True)
    views[0].seals = [SealFind((250.0, 110.0, 370.0, 230.0), 0.9, "\\上海市第六人民医院")]
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    reconcile(views, read, Application())
    assert read.fields.lead_unit.value == "上海市第六人民医院"


def test_nothing_to_reconcile_without_a_report() -> None:
    views = [FORM]
    read = read_cover(views, ["application_form"], ReportFields())
    done = reconcile(views, read, Application())
    assert done.changes == [] and done.warnings == []


def test_the_leader_comes_from_the_form_readers_cell() -> None:
    # The form reader's own reading is used, not the form page's rows read again here.
    views = [view(COVER_ROWS), view(["其他内容"], number=2)]
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    application = Application(present=True)
    application.fields.leader = Field(
        value="宋静颖",
        confidence=0.97,
        evidence=[Evidence(page=2, bbox=(100.0, 80.0, 160.0, 96.0), text="宋静颖")],
    )
    done = reconcile(views, read, application)
    assert read.fields.leader.value == "宋静颖"
    assert read.fields.leader.evidence[-1].bbox == (100.0, 80.0, 160.0, 96.0)
    assert any(c.path == "report.fields.leader.value" for c in done.changes)


def _form_app(**values: str) -> Application:
    """The form reader's reading: each value in its own cell on page 2."""
    application = Application(present=True)
    for key, value in values.items():
        field = Field(value=value, confidence=0.95, evidence=[Evidence(page=2, text=value)])
        setattr(application.fields, key, field)
    return application


def _body(*sentences: str) -> list:  # type: ignore[type-arg]
    return [view([TITLE, *sentences], number=2), view(["三、项目成效"], number=3)]


def test_a_character_misread_under_the_seal_is_corrected_from_frequent_repeats() -> None:
    # 预 read as two characters (予页) and 术 as 大: the names repeated elsewhere say which.
    rows: list[str | list[str]] = [
        TITLE,
        "项目名称：5G+中医药特色康复与慢病管理示范",
        "项目牵头单位：上海市长宁区疾病予页防控制中心（盖章）",
    ]
    unit = "上海市长宁区疾病预防控制中心"
    views = [view(rows), *_body(f"本项目由{unit}牵头实施。", f"{unit}负责平台建设。")]
    read = read_cover(views, ["report_cover", "report_body", "report_body"], ReportFields())
    done = reconcile(views, read, Application())
    assert read.fields.lead_unit.value == unit
    assert (read.fields.lead_unit.confidence or 1) <= 0.8
    change = next(c for c in done.changes if c.path == "report.fields.lead_unit.value")
    assert "更正" in change.reason and "第2页" in change.reason


def test_a_similar_unit_named_once_is_no_correction() -> None:
    # Another hospital one character apart, named once among the partners: the cover's
    # reading stays.
    rows: list[str | list[str]] = [TITLE, "项目牵头单位：上海市第六人民医院（盖章）"]
    views = [view(rows), *_body("合作单位包括上海市第十人民医院。")]
    read = read_cover(views, ["report_cover", "report_body", "report_body"], ReportFields())
    reconcile(views, read, Application())
    assert read.fields.lead_unit.value == "上海市第六人民医院"


def test_a_name_lost_on_the_cover_is_the_forms() -> None:
    # The unit's row lost under the seal: the form's 申报主体单位 names the same unit.
    rows: list[str | list[str]] = [TITLE, "项目名称：5G智慧急救车协同救治应用示范", "2023年8月7日"]
    views = [view(rows), view(["其他内容"], number=2)]
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    done = reconcile(views, read, _form_app(lead_unit="上海市胸科医院"))
    assert read.fields.lead_unit.value == "上海市胸科医院"
    assert read.fields.lead_unit.confidence == 0.75
    assert read.fields.lead_unit.evidence[-1].page == 2
    assert [w.message for w in done.warnings] == ["报告封面未找到项目负责人"]  # not the unit
    # Without a form there is nothing to take it from: the warning stays.
    alone = read_cover(views[:1], ["report_cover"], ReportFields())
    assert "cover_field_missing" in [
        w.code for w in reconcile(views[:1], alone, Application()).warnings
    ]


def test_a_cover_date_without_its_year_takes_the_forms_year() -> None:
    rows: list[str | list[str]] = [TITLE, "项目名称：远程超声诊断", "20..年7月21日"]
    views = [view(rows), view(["其他内容"], number=2)]
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    assert read.fields.date.value is None and read.month_day is not None
    done = reconcile(views, read, _form_app(filled_date="2023-07-25"))
    assert read.fields.date.value == "2023-07-21"
    assert read.fields.date.confidence == 0.6
    assert any("年份" in c.reason for c in done.changes)
    # A form dated half a year away says nothing about this date's year.
    read = read_cover(views, ["report_cover", "application_form"], ReportFields())
    reconcile(views, read, _form_app(filled_date="2024-02-01"))
    assert read.fields.date.value is None
