"""Outline headings: numbering variants, OCR noise, template order, running-text mentions."""

from __future__ import annotations

from typing import Any

import pytest

from extractors.layout import classify_pages
from extractors.report.headings import parse_numbering, text_candidates
from extractors.report.outline import read_report
from extractors.text.normalize import compact
from models.result import PageKind
from models.template import SECTION_IDS, SECTIONS
from tests.extractors.viewkit import corpus_names, corpus_views, document, prose

COVER = [
    "5G+医疗健康应用试点项目年度总结报告",
    "项目名称：远程超声诊断示范",
    "项目负责人：张伟（签字）",
    "项目牵头单位：上海市第六人民医院（盖章）",
    "2023年9月15日",
]


def _best(text: str) -> str | None:
    cands = text_candidates(compact(text))
    return cands[0].section if cands else None


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("一、试点项目总体进展情况", "1"),
        ("（一）试点项目总体进展情况", "1"),
        ("-、试点项目总体进展情况", "1"),  # OCR: 一 read as a dash
        ("第二章 试点项目建设应用情况", "2"),
        ("二、试点项目建设应用", "2"),  # 情况 dropped
        ("2.1 项目建设情况", "2.1"),
        ("1、项目建设情况", "2.1"),
        ("(2) 典型应用场景", "2.2"),
        ("三、试点项目成效推广情况", "3"),
        ("3.2项目复制推广情况", "3.2"),
        ("3.经济效益和社会效益情况", "3.3"),
        ("4. 重要成果产出情况", "3.4"),
        ("四、组织实施与保障情况", "4"),
        ("五、组织实施中的重大问题及建议", "5"),
        ("六 、 后续有关计划安排", "6"),
        ("七、其他补充说明", "7"),
        ("典型应用场景", "2.2"),  # unnumbered, alone on its line
        ("五、组织实施中的重大问题及建仪", "5"),  # OCR misread
        ("一、试点项目总体进展情况本项目于2021年9月启动。", "1"),  # merged with its text
        ("一、试点项目的总体进展情况", "1"),  # small rewordings real authors make
        ("1、项目总体进展情况：", "1"),
        ("二、试点项目建设与应用情况", "2"),
        ("(1)项目建设内容", "2.1"),
        ("3.1 主要创新点", "3.1"),
        ("2）项目的复制推广情况", "3.2"),
        ("(3)经济与社会效益情况", "3.3"),
        ("四、组织保障情况", "4"),
        ("六、下一步计划安排", "6"),
        ("七、其它补充说明", "7"),
        ("第七部分 其他补充说明事项", "7"),
    ],
)
def test_heading_variants(text: str, section: str) -> None:
    assert _best(text) == section


@pytest.mark.parametrize(
    "text",
    [
        "在试点项目建设应用情况方面，项目组完成了大量工作。",
        "试点项目建设应用情况方面，项目组完成了大量工作，取得阶段成果。",  # wrapped running text
        "一、试点项目总体进展情况……………3",  # a table-of-contents entry
        "项目组高度重视成果的总结提炼和转化应用。",
        "",
    ],
)
def test_not_headings(text: str) -> None:
    assert _best(text) is None


def test_numbering_parse() -> None:
    num, rest = parse_numbering("2.1项目建设情况")
    assert (num.style, num.major, num.value, rest) == ("dotted", 2, 1, "项目建设情况")
    num, rest = parse_numbering("(-)项目创新情况")
    assert (num.style, num.value, rest) == ("paren", 1, "项目创新情况")
    num, _ = parse_numbering("第三章")
    assert (num.style, num.value) == ("chapter", 3)


def _full_report() -> list[list[str | list[str]]]:
    return [
        COVER,
        [
            "一、试点项目总体进展情况",
            *prose(5),
            "二、试点项目建设应用情况",
            "1.项目建设情况",
            *prose(6),
        ],
        [*prose(8), "2.典型应用场景", *prose(4)],
        [
            "三、试点项目成效推广情况",
            "1.项目创新情况",
            *prose(3),
            "2.项目复制推广情况",
            *prose(3),
            "3.经济和社会效益情况",
            *prose(2),
            "4.重要成果产出情况",
            *prose(3),
        ],
        [
            "四、组织实施和保障情况",
            *prose(3),
            "五、组织实施中的重大问题及建议",
            *prose(2),
            "六、后续有关计划安排",
            *prose(2),
            "七、其他补充说明",
            "无。",
        ],
    ]


def _kinds(n_body: int) -> list[PageKind]:
    return ["report_cover", *(["report_body"] * n_body)]


def test_full_report_in_template_order() -> None:
    views = document(_full_report())
    report, warnings = read_report(views, _kinds(4))
    assert report.present and report.kind == "annual"
    assert [s.id for s in report.sections] == list(SECTION_IDS)
    assert [s.title for s in report.sections] == [t for _, t in SECTIONS]
    pages = {s.id: s.page for s in report.sections}
    assert pages == {
        "1": 2,
        "2": 2,
        "2.1": 2,
        "2.2": 3,
        "3": 4,
        "3.1": 4,
        "3.2": 4,
        "3.3": 4,
        "3.4": 4,
        "4": 5,
        "5": 5,
        "6": 5,
        "7": 5,
    }
    assert all(s.found and s.bbox and (s.confidence or 0) > 0.9 for s in report.sections)
    assert not [w for w in warnings if w.code == "section_missing"]
    by_id = {s.id: s for s in report.sections}
    assert by_id["2"].text_chars == 0  # 2.1 follows at once
    assert (by_id["2.1"].text_chars or 0) > (by_id["7"].text_chars or 0) > 0


def test_same_numbers_under_different_chapters_go_by_order() -> None:
    # "1." under chapter 2 is 2.1, under chapter 3 it is 3.1; garbled titles still land right.
    pages = _full_report()
    pages[1][7] = "1.项目建设倩况"
    pages[3][1] = "1.项目刨新情况"
    report, _ = read_report(document(pages), _kinds(4))
    by_id = {s.id: s for s in report.sections}
    assert by_id["2.1"].page == 2 and by_id["3.1"].page == 4


def test_missing_section_is_reported() -> None:
    pages = _full_report()
    pages[4] = [
        "四、组织实施和保障情况",
        *prose(3),
        "六、后续有关计划安排",
        *prose(2),
        "七、其他补充说明",
        "无。",
    ]
    report, warnings = read_report(document(pages), _kinds(4))
    by_id = {s.id: s for s in report.sections}
    assert not by_id["5"].found and by_id["5"].page is None
    assert by_id["6"].found and by_id["6"].page == 5
    assert [w.message for w in warnings if w.code == "section_missing"] == [
        "outline heading 5 「组织实施中的重大问题及建议」 not found"
    ]


def test_a_mention_in_running_text_is_not_a_heading() -> None:
    pages = _full_report()
    # chapter 2's heading is lost; the phrase still appears in a paragraph on page 2
    pages[1][6] = "在试点项目建设应用情况方面，项目组完成了网络部署和平台开发等工作。"
    report, _ = read_report(document(pages), _kinds(4))
    assert not {s.id: s for s in report.sections}["2"].found


def test_heading_split_by_ocr() -> None:
    pages = _full_report()
    pages[1][0] = ["一、", "试点项目总体", "进展情况"]  # three boxes on one row
    pages[4][5] = "五、组织实施中的重大问题及"  # wrapped onto a second short row
    pages[4].insert(6, "建议")
    report, _ = read_report(document(pages), _kinds(4))
    by_id = {s.id: s for s in report.sections}
    assert by_id["1"].found and by_id["1"].page == 2
    assert by_id["5"].found and by_id["5"].page == 5


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("5G+医疗健康应用试点项目年度总结报告", "annual"),
        ("5G+医疗健康应用试点项目验收总结报告", "acceptance"),
        ("5G+医疗健康应用试点项目 验 收 总 结 报 告", "acceptance"),
        ("2022年度5G+医疗健康应用试点项目总结报告", "annual"),
        ("5G+医疗健康应用试点项目验牧总结报告", "acceptance"),  # OCR misread, one char left
        (["5G+医疗健康应用试点项目总结报告", "（2022年度）"], "annual"),
        (["5G+医疗健康应用试点项目", "验收总结报告"], "acceptance"),
    ],
)
def test_report_kind(title: str | list[str], kind: str) -> None:
    pages = _full_report()
    pages[0] = [*([title] if isinstance(title, str) else title), *COVER[1:]]
    report, _ = read_report(document(pages), _kinds(4))
    assert report.kind == kind


def test_template_wording_left_unedited_uses_the_form() -> None:
    pages = _full_report()
    pages[0] = ["5G+医疗健康应用试点项目年度/验收总结报告", *COVER[1:]]
    kinds = _kinds(4)
    report, warnings = read_report(document(pages), kinds)
    assert report.kind == "annual" and any(w.code == "report_kind_uncertain" for w in warnings)
    pages.append(["5G+医疗健康应用试点项目验收申请书", "填报时间：2023年9月1日"])
    report, _ = read_report(document(pages), [*kinds, "application_form"])
    assert report.kind == "acceptance"


def test_no_report() -> None:
    report, warnings = read_report(document([prose(5)]), ["other"])
    assert not report.present and report.kind is None
    assert not any(s.found for s in report.sections)
    assert [w.code for w in warnings] == ["report_missing"]


def test_table_of_contents_is_not_the_outline() -> None:
    toc = [
        "目 录",
        "一、试点项目总体进展情况 1",
        "二、试点项目建设应用情况 2",
        "1.项目建设情况 2",
        "三、试点项目成效推广情况 3",
        "四、组织实施和保障情况 4",
    ]
    pages = _full_report()
    pages.insert(1, toc)
    report, _ = read_report(document(pages), _kinds(5))
    by_id = {s.id: s for s in report.sections}
    assert by_id["1"].page == 3 and by_id["4"].page == 6


def _corpus_params() -> list[Any]:
    return [
        *(pytest.param(n, marks=pytest.mark.slow) for n in corpus_names(scanned=False)),
        *(
            pytest.param(n, marks=[pytest.mark.slow, pytest.mark.ocr])
            for n in corpus_names(scanned=True)
        ),
    ]


@pytest.mark.parametrize("name", _corpus_params())
def test_corpus_outline(name: str) -> None:
    views, truth = corpus_views(name)
    report, _ = read_report(views, classify_pages(views))
    want = truth["report"]
    assert report.present == want["present"]
    assert report.kind == want.get("kind")
    if want.get("sections"):
        got = [(s.id, s.found, s.page if s.found else None) for s in report.sections]
        assert got == [
            (s["id"], s["found"], s.get("page") if s["found"] else None) for s in want["sections"]
        ]


def test_rules_are_validated_at_load() -> None:
    from pydantic import ValidationError

    from extractors.report.headings import OutlineRules, rules

    good = rules().model_dump()
    assert OutlineRules.model_validate(good) == rules()
    with pytest.raises(ValidationError):
        OutlineRules.model_validate({**good, "sections": {"9.9": ["不存在"]}})
    with pytest.raises(ValidationError):
        OutlineRules.model_validate({**good, "typo_key": 1})


# Issue 9 (Reports): the outline as people number and word it, with a contents page and
# running heads and feet on every page.
_CN7 = "一二三四五六七"


def _renumbered(chapter: str, sub: str) -> list[list[str | list[str]]]:
    """The full report with chapter headings numbered `chapter` ({n}, {cn}) and sub-headings
    `sub` ({n}, {m}, {cm})."""
    out: list[list[str | list[str]]] = []
    major = 0
    for page in _full_report():
        rows: list[str | list[str]] = []
        for row in page:
            if isinstance(row, str) and row[:2] in {f"{c}、" for c in _CN7}:
                major = _CN7.index(row[0]) + 1
                row = chapter.format(n=major, cn=row[0]) + row[2:]
            elif isinstance(row, str) and row[:1].isdigit() and row[1:2] == "." and len(row) < 20:
                minor = int(row[0])
                row = sub.format(n=major, m=minor, cm=_CN7[minor - 1]) + row[2:]
            rows.append(row)
        out.append(rows)
    return out


@pytest.mark.parametrize(
    ("chapter", "sub"),
    [
        ("第{cn}部分 ", "{m}. "),
        ("{n}. ", "{n}.{m} "),
        ("{n} ", "{n}.{m}"),
        ("（{cn}）", "{m}、"),
        ("{cn}、", "（{cm}）"),
        ("{n}、", "({m})"),
        ("{n}. ", "{m}）"),
        ("第{cn}部分 ", "{n}.{m} "),
    ],
)
def test_numbering_styles(chapter: str, sub: str) -> None:
    report, _ = read_report(document(_renumbered(chapter, sub)), _kinds(4))
    pages = {s.id: s.page for s in report.sections}
    assert all(s.found for s in report.sections), pages
    assert pages["2.2"] == 3 and pages["3.4"] == 4 and pages["7"] == 5


def test_reworded_headings_under_their_numbers() -> None:
    reworded = {
        "一、试点项目总体进展情况": "一、项目总体进展",
        "二、试点项目建设应用情况": "二、项目建设与应用情况",
        "1.项目建设情况": "（一）项目建设内容及完成情况",
        "2.典型应用场景": "（二）典型应用场景情况介绍",
        "三、试点项目成效推广情况": "三、项目成效与推广",
        "1.项目创新情况": "（一）创新点",
        "2.项目复制推广情况": "（二）复制推广",
        "3.经济和社会效益情况": "（三）经济效益与社会效益",
        "4.重要成果产出情况": "（四）重要成果",
        "五、组织实施中的重大问题及建议": "五、存在的主要问题和建议",
        "六、后续有关计划安排": "六、下一步工作计划",
        "七、其他补充说明": "七、其他需要说明的问题",
    }
    pages = [
        [reworded.get(r, r) if isinstance(r, str) else r for r in page] for page in _full_report()
    ]
    report, _ = read_report(document(pages), _kinds(4))
    assert [s.id for s in report.sections if not s.found] == []
    assert {s.id: s.page for s in report.sections}["3.1"] == 4


def test_running_heads_and_feet_and_a_dotted_contents_page() -> None:
    body = _full_report()
    n = len(body) + 1
    pages: list[list[str | list[str]]] = [body[0]]
    pages.append(
        [
            "目  录",
            "第一部分 试点项目总体进展情况……………1",
            "第二部分 试点项目建设应用情况……2",
            "  2.1 项目建设情况………2",
            "第三部分 试点项目成效推广情况 ……3",
            "七、其他补充说明情况 ....... 5",
        ]
    )
    for i, page in enumerate(body[1:], start=3):
        pages.append(["5G+医疗健康应用试点项目年度总结报告", *page, f"第 {i} 页 共 {n} 页"])
    report, _ = read_report(document(pages), _kinds(5))
    by_id = {s.id: s.page for s in report.sections}
    assert all(s.found for s in report.sections)
    assert by_id["1"] == 3 and by_id["3"] == 5 and by_id["7"] == 6
