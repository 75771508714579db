"""Achieved counts from report text: the hard cases real reports contain."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from extractors.counts.extract import extract_counts
from extractors.counts.rules import RULES_PATH, parse_rules
from extractors.types import PageView
from models.result import Counts, PageKind, Section, Warning, empty_sections
from tests.extractors.viewkit import view

WIDTH = 30


def wrapped(*paragraphs: str) -> list[str | list[str]]:
    rows: list[str | list[str]] = []
    for text in paragraphs:
        rows.extend(text[i : i + WIDTH] for i in range(0, len(text), WIDTH))
    return rows


def counts_of(
    *paragraphs: str, kinds: list[PageKind] | None = None, sections: list[Section] | None = None
) -> tuple[Counts, list[Warning]]:
    views = [view(wrapped(*paragraphs))]
    return extract_counts(views, kinds or ["report_body"], sections or empty_sections())


def values(*paragraphs: str) -> dict[str, int | None]:
    counts, _ = counts_of(*paragraphs)
    return {key: c.value for key, c in counts if c.value is not None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申请发明专利5项，其中已获授权2项。", {"patents_filed": 5, "patents_granted": 2}),
        ("申请专利8项（其中发明专利5项）。", {"patents_filed": 8}),
        (
            "共申请专利8项（其中发明专利5项、实用新型专利3项），获得授权专利6项。",
            {"patents_filed": 8, "patents_granted": 6},
        ),
        ("累计申请专利10项、获授权专利4项。", {"patents_filed": 10, "patents_granted": 4}),
        ("已申请国家专利5项，授权3项。", {"patents_filed": 5, "patents_granted": 3}),
        ("提交发明专利申请4项。", {"patents_filed": 4}),
        ("获得3项发明专利、2项软件著作权。", {"patents_granted": 3, "software_copyrights": 2}),
        ("获得授权发明专利2项、实用新型专利1项。", {"patents_granted": 3}),
        ("发表论文12篇，其中SCI收录8篇。", {"papers": 12}),
        ("发表相关论文12篇（中文核心期刊9篇）。", {"papers": 12}),
        ("申报书目标为发表论文10篇，实际发表论文十二篇。", {"papers": 12}),
        ("培养博士研究生3名、硕士研究生7名。", {"phd_trainees": 3, "master_trainees": 7}),
        ("培养研究生10名，其中博士3名、硕士7名。", {"phd_trainees": 3, "master_trainees": 7}),
        ("培养三名博士和4名硕士。", {"phd_trainees": 3, "master_trainees": 4}),
        ("发表论文5篇，另有3篇已投稿。", {"papers": 5}),
        ("发表论文5篇，在审论文2篇。", {"papers": 5}),
        ("发表论文5篇（其中1篇录用待刊）。", {"papers": 5}),
        ("医院现有职工3000人，项目惠及患者2000人次。", {"beneficiaries": 2000}),
        ("获得软件著作权3项。", {"software_copyrights": 3}),
        ("获得计算机软件著作权登记三项。", {"software_copyrights": 3}),
        ("制定团体标准2项、行业规范1项。", {"standards": 3}),
        ("出版专著两部。", {"monographs": 2}),
        ("被人民日报、新华社等媒体报道15次。", {"media_reports": 15}),
        ("开展对外经验介绍和培训20余场。", {"trainings": 20}),
        ("推广至全市35家医疗卫生机构。", {"institutions": 35}),
        ("推广至12家三级医院、23家社区卫生服务中心。", {"institutions": 35}),
        ("项目已覆盖5个区的76家医疗卫生机构。", {"institutions": 76}),
        ("累计惠及患者3.2万人次。", {"beneficiaries": 32000}),
        ("累计服务患者12万余人次。", {"beneficiaries": 120000}),
        (
            "获得上海市科技进步奖二等奖1项，国家科学技术进步奖二等奖1项。",
            {"awards_provincial": 1, "awards_national": 1},
        ),
        ("获奖3项，其中国家级1项、省部级2项。", {"awards_national": 1, "awards_provincial": 2}),
        (
            "项目暂未获得国家级奖项，获得省部级奖项1项。",
            {"awards_national": 0, "awards_provincial": 1},
        ),
        ("累计发表论文１２篇。", {"papers": 12}),
        ("获得软件 著作权 3 项，发表 论文 12 篇。", {"software_copyrights": 3, "papers": 12}),
        (
            "项目荣获上海市科技进步奖二等奖、绽放杯5G应用征集大赛全国总决赛一等奖。",
            {"awards_provincial": 1, "awards_national": 1},
        ),
        (
            "荣获上海市科技进步奖二等奖、上海医学科技奖三等奖等省部级奖励共2项。",
            {"awards_provincial": 2},
        ),
        (
            "知识产权方面，累计获得各类知识产权20项，其中发明专利5项、软件著作权10项。",
            {"patents_granted": 5, "software_copyrights": 10},
        ),
        ("申请发明专利12项（已授权5项）。", {"patents_filed": 12, "patents_granted": 5}),
        ("累计为5万余名居民提供健康管理服务。", {"beneficiaries": 50000}),
        ("项目惠及人群约300万。", {"beneficiaries": 3_000_000}),
        ("培养博士、硕士研究生分别为四名和11名。", {"phd_trainees": 4, "master_trainees": 11}),
        ("项目获国家级、省部级奖项分别2项、4项。", {"awards_national": 2, "awards_provincial": 4}),
        (
            "项目共申请发明专利1项、实用新型专利1项，尚未获得授权。",
            {"patents_filed": 2, "patents_granted": 0},
        ),
        ("一是项目相关专利暂未获得授权。", {"patents_granted": 0}),
        ("探索形成治未病服务新模式。", {}),
        (
            "在知识产权方面，申请专利11项，目前均处于实质审查阶段。",
            {"patents_filed": 11, "patents_granted": 0},
        ),
        ("项目申请发明专利、实用新型专利分别为1项和4项。", {"patents_filed": 5}),
        (
            "荣获2022年度中华医学科技奖三等奖，并获上海市科技进步奖1项。",
            {"awards_national": 1, "awards_provincial": 1},
        ),
        ("获批软件著作权二项（平台端）和两项（移动端）。", {"software_copyrights": 4}),
        ("推广应用至2家二、三级医院和68家社区卫生服务中心。", {"institutions": 70}),
        ("新增申请专利3项，累计申请专利8项。", {"patents_filed": 8}),
        (
            "荣获华夏医学科技奖二项，获上海市科学技术奖3项。",
            {"awards_national": 2, "awards_provincial": 3},
        ),
        ("服务患者投入资金500万元。", {}),
        # a quantity without a number keeps its noun: 8988 counts the residents, not PhDs
        (
            "培养硕士研究生3名，博士研究生若干名，为8988名居民提供健康管理服务。",
            {"master_trainees": 3, "beneficiaries": 8988},
        ),
        ("培养博士研究生3名，硕士研究生多名。", {"phd_trainees": 3}),
        ("发表论文二十多篇。", {"papers": 20}),
    ],
)
def test_statements(text: str, expected: dict[str, int]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "计划明年申请专利3项，发表论文5篇。",
        "预计到项目结束后一年内，再培养博士生3名。",
        "下一步将推广至50家医疗机构。",
        "力争获得省部级奖项2项。",
        "根据任务书要求，项目应完成11个应用场景建设，覆盖不少于12家医疗机构。",
        "项目总投资500万元，其中自筹资金300万元。",
        "项目于2022年9月启动，完成率达到120%。",
        "联系人：张三，联系电话：021-60801181。",
        "专利号：ZL202110123456.7。",
        "院区内共部署5G基站13个，时延低于10毫秒。",
        "项目团队共有成员50人，其中博士12人。",
        "项目由瑞金医院等3家医院联合申报。",
        "完成远程会诊3000余例。",
    ],
)
def test_not_results(text: str) -> None:
    assert values(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "项目总体进度符合预期，发表论文12篇。",
        "项目按计划完成建设任务，发表论文12篇。",
        "项目达到预期目标，发表论文12篇。",
        "按照申报书要求，发表论文12篇。",
        "开展模拟演练，发表论文12篇。",
    ],
)
def test_achievement_phrases_are_not_plans(text: str) -> None:
    assert values(text) == {"papers": 12}


def test_plan_cue_holds_until_a_reset_after_a_clause_break() -> None:
    text = "已申请专利5项，计划再申请3项。"
    assert values(text) == {"patents_filed": 5}


def test_table_rows() -> None:
    rows: list[str | list[str]] = [
        "项目主要成果产出情况如下表所示：",
        ["成果类型", "数量"],
        ["授权发明专利", "2"],
        ["软件著作权", "3项"],
        ["发表论文", "12"],
    ]
    counts, _ = extract_counts([view(rows)], ["report_body"], empty_sections())
    assert counts.patents_granted.value == 2
    assert counts.software_copyrights.value == 3
    assert counts.papers.value == 12


def test_target_and_achieved_columns_are_not_summed() -> None:
    rows: list[str | list[str]] = [
        ["指标", "申报目标", "完成情况"],
        ["发表论文", "10篇", "12篇"],
        ["申请专利", "5项", "8项"],
    ]
    counts, _ = extract_counts([view(rows)], ["report_body"], empty_sections())
    assert counts.papers.value == 12 and counts.patents_filed.value == 8


def _with_chapters(*chapters: tuple[str, str]) -> tuple[list[PageView], list[Section]]:
    """One page; each chapter a heading row then its wrapped text; sections pointing at them."""
    rows: list[str | list[str]] = []
    heading_rows: dict[str, int] = {}
    for heading, text in chapters:
        heading_rows[heading] = len(rows)
        rows.append(heading)
        rows.extend(wrapped(text))
    page = view(rows)
    sections = empty_sections()
    for section in sections:
        for heading, index in heading_rows.items():
            if section.title in heading:
                section.found, section.page = True, 1
                section.bbox = page.lines[index].box
    return [page], sections


def test_chapter_six_is_a_plan_and_3_4_is_preferred() -> None:
    views, sections = _with_chapters(
        ("一、试点项目总体进展情况", "项目进展顺利，已发表论文10余篇。"),
        ("（四）重要成果产出情况", "项目发表论文12篇。"),
        ("六、后续有关计划安排", "持续优化系统，发表论文20篇，培养博士生3名。"),
    )
    counts, warnings = extract_counts(views, ["report_body"], sections)
    assert counts.papers.value == 12
    assert counts.phd_trainees.value is None
    assert counts.papers.note and "3.4" in counts.papers.note
    assert not warnings  # 10余 agrees with 12


def test_chapter_six_found_without_the_outline_stage() -> None:
    views, _ = _with_chapters(
        ("（四）成果产出情况", "项目发表论文12篇。"),
        ("六、后续有关计划安排", "持续优化系统，培养博士生3名。"),
    )
    counts, _ = extract_counts(views, ["report_body"], empty_sections())
    assert counts.papers.value == 12 and counts.phd_trainees.value is None


def test_disagreeing_statements_warn_and_note() -> None:
    views, sections = _with_chapters(
        ("一、试点项目总体进展情况", "截至目前，项目已发表论文15篇。"),
        ("（四）重要成果产出情况", "发表论文22篇。"),
    )
    counts, warnings = extract_counts(views, ["report_body"], sections)
    assert counts.papers.value == 22
    assert [w.code for w in warnings] == ["count_conflict"]
    assert "15" in warnings[0].message
    assert counts.papers.note and "15" in counts.papers.note
    assert counts.papers.confidence is not None and counts.papers.confidence < 0.9


def test_evidence_and_confidence() -> None:
    counts, _ = counts_of("项目组高度重视成果转化。累计惠及患者3.2万人次，开展培训20余场。")
    evidence = counts.beneficiaries.evidence
    assert evidence and evidence[0].page == 1 and evidence[0].bbox is not None
    assert evidence[0].text == "累计惠及患者3.2万人次，开展培训20余场。"
    exact, approx = counts.beneficiaries.confidence, counts.trainings.confidence
    assert exact is not None and approx is not None and approx < exact


def test_attachment_pages_are_not_claims() -> None:
    body = view(wrapped("项目发表论文12篇。"), number=1)
    certificate = view(wrapped("授权发明专利1项，证书号第123456号。"), number=2)
    counts, _ = extract_counts([body, certificate], ["report_body", "attachment"], empty_sections())
    assert counts.papers.value == 12 and counts.patents_granted.value is None


def test_application_form_summary_without_its_label_cell() -> None:
    rows: list[str | list[str]] = [
        ["试点项目介绍", "截至目前，项目成果已推广至103家医疗卫生机构，发表论"],
        ["（说明项目完成情况、", "文14篇。模式创新方面，项目探索形成了新模式，成效显著"],
    ]
    counts, _ = extract_counts([view(rows)], ["application_form"], empty_sections())
    assert counts.papers.value == 14 and counts.institutions.value == 103


def test_nothing_stated_is_null() -> None:
    counts, warnings = counts_of("本项目建设进展顺利，各项工作有序推进。")
    assert all(c.value is None for _, c in counts) and warnings == []


def test_rules_file_is_valid_and_bad_rules_are_rejected() -> None:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    parse_rules(data)
    bad = dict(data, families={k: v for k, v in data["families"].items() if k != "papers"})
    with pytest.raises(ValidationError, match="counts with no family"):
        parse_rules(bad)
    bad_unit = dict(data)
    bad_unit["families"] = dict(
        data["families"], papers={**data["families"]["papers"], "units": ["篇", "吨"]}
    )
    with pytest.raises(ValidationError, match="units not in the unit list"):
        parse_rules(bad_unit)
    with pytest.raises(ValidationError, match="bad pattern"):
        parse_rules(dict(data, plan_cues=["计划("]))
