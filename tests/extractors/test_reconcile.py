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
