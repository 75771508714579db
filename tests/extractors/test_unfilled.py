"""Unfilled templates (the programme's notice carries them; people upload them by mistake) are
no submission; written ones stay whatever their length."""

from __future__ import annotations

from extractors.layout import classify_pages
from extractors.pipeline import interpret
from extractors.reconcile.unfilled import unfilled_form, unfilled_report
from models.result import Application, Report
from tests.extractors.viewkit import document, prose

NOTICE = [
    "上海市经济信息化委 市卫生健康委 市通信管理局",
    "关于进一步做好上海市5G+医疗健康应用",
    "试点工作的通知",
    "有关单位：",
    "为充分发挥5G技术的特点优势，丰富5G技术在医疗健康行业的应用场景，现将有关事项通知如下：",
    "一、总体要求",
    *prose(6),
]
TEMPLATE_COVER = [
    "5G+医疗健康应用试点项目年度/验收总结报告",
    "（参考模板）",
    "项目名称：_____",
    "项目负责人：_____（签字）",
    "项目牵头单 位：_____（盖章）",
    "年 月 日",
]
GUIDANCE = {
    "一、试点项目总体进展情况": "对照项目申报书的目标、任务，简要阐明项目总体进展情况",
    "二、试点项目建设应用情况": "",
    "1.项目建设情况": "介绍项目的总体解决方案、5G网络建设情况、关键软件和设备部署情况等",
    "2.典型应用场景": "梳理总结项目典型应用场景，重点说明5G在其中发挥的作用",
    "三、试点项目成效推广情况": "",
    "1.项目创新情况": "说明项目在技术、机制、模式等方面的创新情况",
    "2.项目复制推广情况": "说明项目的复制推广情况，如在医疗卫生机构推广、惠及人群数量等",
    "3.经济和社会效益情况": "说明项目实施所创造的直接和间接的经济效益、社会效益等",
    "4.重要成果产出情况": "说明项目在技术规范、公开出版物、知识产权以及参赛获奖等方面的成果",
    "四、组织实施和保障情况": "说明为项目顺利实施提供的各项保障条件",
    "五、组织实施中的重大问题及建议": "",
    "六、后续有关计划安排": "说明后续项目优化、推动成果复制推广等工作考虑及计划安排",
    "七、其他补充说明": "",
}
BLANK_FORM = [
    "5G+医疗健康应用试点项目验收申请书",
    "填报时间： 年 月 日",
    ["项目名称", ""],
    ["申报主体单位", ""],
    ["项目申报方向", "□方向1：5G+急诊救治 □方向2：5G+远程诊断 □方向3：5G+远程治疗"],
    ["", "□方向4：5G+远程重症监护 □方向5：5G+中医诊疗 □方向6：5G+医院管理"],
    ["", "□方向7：5G+智能疾控 □方向8：5G+健康管理 □其他方向：____"],
    ["项目负责人", "职务/职称"],
    ["项目联系人", "姓名", "联系电话", "联系邮箱"],
    "联合申报单位（可扩行）",
    "试点项目介绍",
    "（说明项目完成情况、应用效果等，500字以内，可附页）",
    ["负责人（签名）：", "申报主体单位（盖章）："],
]


def _outline(body: dict[str, list[str | list[str]]]) -> list[list[str | list[str]]]:
    rows: list[str | list[str]] = []
    for heading, text in body.items():
        rows += [heading, *text]
    return [rows[: len(rows) // 2], rows[len(rows) // 2 :]]


def test_the_notice_with_its_blank_annexes_is_no_submission() -> None:
    template = {h: [g] if g else [] for h, g in GUIDANCE.items()}
    views = document([NOTICE, TEMPLATE_COVER, *_outline(template), BLANK_FORM])
    result = interpret(views, sha256="0" * 64)
    assert not result.report.present and not result.application.present
    assert not any(s.found for s in result.report.sections)
    assert all(d.checked is None for d in result.application.directions)
    assert all(result.counts.get(k).value is None for k in type(result.counts).model_fields)
    assert {p.kind for p in result.pages} == {"other"}
    codes = {w.code for w in result.warnings}
    assert {"report_unfilled", "application_unfilled"} <= codes
    assert not codes & {"section_missing", "checkbox_uncertain"}  # of the parts set aside
    assert all(item.suggested is None for item in result.rubric)


def test_a_written_report_is_kept_however_short_its_cover() -> None:
    # The same outline with paragraphs written under it, and a cover whose name was not read.
    written = {h: prose(3) if g else [] for h, g in GUIDANCE.items()}
    views = document([TEMPLATE_COVER, *_outline(written)])
    result = interpret(views, sha256="0" * 64)
    assert result.report.present
    assert sum(s.found for s in result.report.sections) >= 10
    assert "report_unfilled" not in {w.code for w in result.warnings}


def test_the_notices_first_page_is_no_report_cover() -> None:
    # It names 项目负责人 and 牵头单位 in its prose, as a cover's labels would; a report
    # follows it (a submission that printed the notice first).
    written = {h: prose(3) if g else [] for h, g in GUIDANCE.items()}
    page = [
        *NOTICE,
        "试点项目单位需从即日起至2022年9月30日17:00提交年度总结报告",
        "项目名称、项目负责人调整等情况，由试点项目牵头单位提出申请。",
    ]
    kinds = classify_pages(document([page, *_outline(written)]))
    assert kinds == ["other", "report_body", "report_body"]


def test_unfilled_report_and_form_rules() -> None:
    report = Report(present=True)
    for section, chars in zip(report.sections, [40, 0, 35, 50, 0, 30], strict=False):
        section.found, section.text_chars = True, chars
    assert unfilled_report(report)
    report.fields.project_name.value = "远程超声诊断示范"
    assert not unfilled_report(report)  # a named project is a submission's cover
    report.fields.project_name.value = None
    for section in report.sections[:6]:
        section.text_chars = (section.text_chars or 0) * 10
    assert not unfilled_report(report)  # paragraphs under the headings

    form = Application(present=True)
    assert unfilled_form(form)
    form.directions[4].checked = True
    assert not unfilled_form(form)  # a ticked box is something written
    form.directions[4].checked = False
    form.fields.contact_phone.value = "021-64370045"
    assert not unfilled_form(form)
    assert not unfilled_form(Application())  # absent stays absent
