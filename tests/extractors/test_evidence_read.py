"""The evidence reader on text input: grouping, classification and fields across layouts."""

from __future__ import annotations

from extractors.evidence.read import read_evidence
from tests.extractors.evidencekit import page

PATENT = [
    ("发明专利证书", 28.0, 200.0),
    "证书号第4567890号",
    "发明名称：一种基于5G网络的远程超声数据传输方法及系统",
    "发明人：张伟；李娜",
    "专 利 号：ZL 2022 1 0123456.7",
    "专利申请日：2022年03月04日",
    "专利权人：上海市第六人民医院",
    "地址：上海市徐汇区宜山路600号",
    "授权公告日：2023年05月06日",
]


def test_patent_certificate_fields_by_label() -> None:
    [item] = read_evidence([page(PATENT)], ["attachment"])
    assert item.kind == "patent_certificate"
    assert item.number.value == "ZL 2022 1 0123456.7"
    assert item.title.value == "一种基于5G网络的远程超声数据传输方法及系统"
    assert item.holders.value == ["上海市第六人民医院"]
    assert item.date.value == "2023-05-06"  # the grant date, not the filing date
    assert item.counts_toward == "patents_granted" and item.level is None
    assert item.number.evidence and item.number.evidence[0].page == 1


def test_labels_on_their_own_row_and_ocr_slips() -> None:
    rows = [
        ("实用新型专利证书", 26.0, 180.0),
        "实用新型名称",
        "一种面向急诊救治的远程协同装置",
        "专利权人",
        "上海瑞金医院；华为技术有限公司",
        "专利号",
        "ZL2O21 2 O765432.X",  # O read for 0
        "授权公告日",
        "2022年1月9日",
    ]
    [item] = read_evidence([page(rows)], ["attachment"])
    assert item.kind == "patent_certificate"
    assert item.number.value == "ZL 2021 2 0765432.X"
    assert item.title.value == "一种面向急诊救治的远程协同装置"
    assert item.holders.value == ["上海瑞金医院", "华为技术有限公司"]
    assert item.date.value == "2022-01-09"


def test_software_certificate_with_bare_issue_date() -> None:
    rows = [
        ("中华人民共和国国家版权局", 16.0, 200.0),
        ("计算机软件著作权登记证书", 24.0, 150.0),
        "证书号：软著登字第8812345号",
        "软件名称：5G远程会诊管理平台V2.0",
        "著作权人：上海联通有限公司",
        "开发完成日期：2022年02月03日",
        "首次发表日期：未发表",
        "权利取得方式：原始取得",
        "登记号：2023SR0123456",
        ("2023年06月07日", 12.0, 330.0),
    ]
    [item] = read_evidence([page(rows)], ["attachment"])
    assert item.kind == "software_copyright_certificate"
    assert item.number.value == "2023SR0123456"
    assert item.title.value == "5G远程会诊管理平台V2.0"
    assert item.holders.value == ["上海联通有限公司"]
    assert item.date.value == "2023-06-07"
    assert item.counts_toward == "software_copyrights"


def test_award_in_running_text_levels() -> None:
    text = [
        ("荣 誉 证 书", 32.0, 200.0),
        "为表彰2022年度上海市科学技术奖获得者，特颁发此证书。项目名称：",
        "5G+远程急救协同平台，奖励等级：二等奖，获奖单位：上海市第一人民医院。",
        "证书号：2022-J-231",
        ("2023年3月15日", 15.0, 330.0),
    ]
    [item] = read_evidence([page(text)], ["attachment"])
    assert item.kind == "award_certificate"
    assert item.level == "provincial" and item.counts_toward == "awards_provincial"
    assert item.title.value == "5G+远程急救协同平台"
    assert item.holders.value == ["上海市第一人民医院"]
    assert item.number.value == "2022-J-231"
    assert item.date.value == "2023-03-15"
    national = [("获奖证书", 30.0, 200.0), "获奖项目：智慧医疗网络", "国家科学技术进步奖 二等奖"]
    [item] = read_evidence([page(national)], ["attachment"])
    assert item.level == "national" and item.counts_toward == "awards_national"
    society = [("荣誉证书", 30.0, 200.0), "获奖项目：智慧医疗网络", "中华医学科技奖 三等奖"]
    [item] = read_evidence([page(society)], ["attachment"])
    assert item.level == "other" and item.counts_toward is None


PAPER_1 = [
    ("中国数字医学 2023年第5期 DOI:10.3969/j.issn.1673-7571.2023.05.012", 9.0, 60.0),
    ("5G技术在远程超声诊断中的应用研究", 18.0, 150.0),
    ("张伟1，李娜2，王强1", 12.0, 230.0),
    (
        "（1.上海交通大学医学院附属瑞金医院，上海 200025；"
        "2.中国移动通信集团上海有限公司，上海 200060）",
        9.0,
        70.0,
    ),
    ("摘要：目的 探讨5G技术在远程超声诊断中的应用效果。方法 选取患者120例。", 10.0, 78.0),
    ("关键词：5G；远程超声；效果评价", 10.0, 78.0),
]
PAPER_2 = [("随着第五代移动通信技术的快速发展，5G在医疗健康领域的应用不断拓展。", 10.0, 60.0)] * 6


def test_paper_over_two_pages_is_one_item() -> None:
    views = [page(PAPER_1, 1), page(PAPER_2, 2), page(PATENT, 3)]
    items = read_evidence(views, ["attachment"] * 3)
    assert [(i.kind, i.pages) for i in items] == [
        ("paper", [1, 2]),
        ("patent_certificate", [3]),
    ]
    paper = items[0]
    assert paper.title.value == "5G技术在远程超声诊断中的应用研究"
    assert paper.number.value == "10.3969/j.issn.1673-7571.2023.05.012"
    assert paper.holders.value == ["上海交通大学医学院附属瑞金医院", "中国移动通信集团上海有限公司"]
    assert paper.counts_toward == "papers"


def test_standard_cover_and_foreword() -> None:
    cover = [
        ("ICS 11.020", 10.0, 60.0),
        ("团 体 标 准", 30.0, 200.0),
        ("T/SHWSHQ 001—2023", 12.0, 400.0),
        ("5G远程医疗服务规范", 22.0, 180.0),
        ("Specification for 5G telemedicine services", 12.0, 150.0),
        ("2023-05-10 发布", 12.0, 80.0),
        ("2023-06-01 实施", 12.0, 400.0),
        ("上海市医学会 发布", 14.0, 230.0),
    ]
    foreword = [
        ("T/SHWSHQ 001—2023", 10.0, 420.0),
        ("前 言", 16.0, 270.0),
        "本文件按照GB/T 1.1—2020的规定起草。",
        "本文件起草单位：上海市第十人民医院、上海电信有限公司。",
        "本文件主要起草人：张伟、李娜。",
    ]
    items = read_evidence([page(cover, 5), page(foreword, 6)], ["attachment"] * 2)
    assert len(items) == 1
    std = items[0]
    assert std.kind == "standard" and std.pages == [5, 6]
    assert std.number.value == "T/SHWSHQ 001—2023"
    assert std.title.value == "5G远程医疗服务规范"
    assert std.date.value == "2023-05-10"
    assert std.holders.value == ["上海市第十人民医院", "上海电信有限公司"]


def test_patent_application_notice() -> None:
    rows = [
        ("国家知识产权局", 14.0, 230.0),
        ("专利申请受理通知书", 22.0, 180.0),
        "申请号或专利号：202310456789.1",
        "发明创造名称：一种5G急救车内生命体征监测方法",
        "申请人：上海市东方医院",
        "申请日：2023年04月11日",
        "发文日：2023年04月20日",
    ]
    [item] = read_evidence([page(rows)], ["attachment"])
    assert item.kind == "patent_application"
    assert item.number.value == "202310456789.1"
    assert item.holders.value == ["上海市东方医院"]
    assert item.date.value == "2023-04-11"
    assert item.counts_toward == "patents_filed"


def test_only_attachment_pages_and_unknown_page_is_other() -> None:
    views = [page(PATENT, 1), page(["现场照片", "（图）"], 2)]
    items = read_evidence(views, ["report_body", "attachment"])
    assert [(i.kind, i.pages) for i in items] == [("other", [2])]
    assert items[0].number.value is None and items[0].holders.value == []


def test_label_broken_by_the_wrap_and_names_run_together() -> None:
    rows = [
        ("获奖证书", 30.0, 200.0),
        "为表彰2020年度中华医学科技奖获得者，特颁发此证书。项",
        "目名称：基于5G的远程介入治疗平台，奖励等级：",
        "二等奖，完成单位：上海商汤智能科技有限公司上海市徐汇区中心医",
        "院。",
    ]
    [item] = read_evidence([page(rows)], ["attachment"])
    assert item.title.value == "基于5G的远程介入治疗平台"
    assert item.holders.value == ["上海商汤智能科技有限公司", "上海市徐汇区中心医院"]
    assert item.level == "other"
    rows[3] = "二等奖，完成单位：中国联合网络通信有限公司上海市分公司。"
    [item] = read_evidence([page(rows[:4])], ["attachment"])
    assert item.holders.value == ["中国联合网络通信有限公司上海市分公司"]


def test_shanghai_medical_award_is_provincial_with_its_issuer_misread() -> None:
    rows = [
        ("证书", 30.0, 250.0),
        "2021年度上海医学科技奖",
        "获奖项目名称",
        "5G远程康复关键技术研究与应用",
        "完成单位",
        "上海交通大学医学院附属第九人民医院",
        ".C海市医学会",
    ]
    [item] = read_evidence([page(rows)], ["attachment"])
    assert item.kind == "award_certificate" and item.level == "provincial"
    assert item.title.value == "5G远程康复关键技术研究与应用"


def test_a_paper_title_stops_before_an_author_line_printed_nearly_as_large() -> None:
    rows = list(PAPER_1)
    rows[1] = ("5G网络下智能导诊效果评价", 16.0, 150.0)
    rows[2] = ("马涛鹏，冯海军，萧涛晨", 14.0, 200.0)  # 0.875 of the title's size
    items = read_evidence([page(rows, 1), page(PAPER_2, 2)], ["attachment"] * 2)
    assert items[0].title.value == "5G网络下智能导诊效果评价"
